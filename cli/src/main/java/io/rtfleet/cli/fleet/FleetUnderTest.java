package io.rtfleet.cli.fleet;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** A fleet a bench scenario runs on this machine: nodes it started, or an operated fleet. */
public interface FleetUnderTest {
  /** The fleet's nodes when the load starts. */
  List<String> nodeIds();

  /**
   * Where a load client's new connection to {@code address} goes: to a ready node when it is the
   * fleet's gateway (as a Kubernetes Service's NAT takes it), else where it says.
   */
  InetSocketAddress route(URI address);

  /** Keeps the nodes' logs when the fleet closes; returns where they stay. */
  Path keepLogs();
}
