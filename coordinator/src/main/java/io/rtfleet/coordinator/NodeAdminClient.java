package io.rtfleet.coordinator;

import io.rtfleet.api.admin.DrainRequest;
import io.rtfleet.api.admin.DrainStatus;
import io.rtfleet.api.admin.GuildOwner;
import io.rtfleet.api.admin.HandoffReport;
import io.rtfleet.api.admin.HandoffRequest;
import io.rtfleet.api.admin.HeapReading;
import io.rtfleet.api.admin.NodeState;
import io.rtfleet.api.admin.PlacementAccepted;
import io.rtfleet.api.admin.PlacementChange;
import io.rtfleet.api.admin.PlacementDocument;
import io.rtfleet.api.admin.ReconnectAnswer;
import io.rtfleet.api.admin.ReconnectRequest;
import io.rtfleet.api.admin.TokenGrant;
import io.rtfleet.api.admin.TokenRequest;
import io.rtfleet.api.admin.WritePauses;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One node's admin API, typed. Every call completes with its answer or fails with an {@link
 * AdminFailure} that says what kind of failure it was; none blocks the caller.
 */
public interface NodeAdminClient {
  String nodeId();

  /** Completes with whether the node answers its liveness probe at all. */
  CompletableFuture<Boolean> alive();

  CompletableFuture<NodeState> state();

  /** The placement the node has in force; empty for a fleet node that has none yet. */
  CompletableFuture<Optional<PlacementDocument>> placement();

  /** Fails with {@link AdminFailure.Kind#STALE_EPOCH} when the node has a newer table. */
  CompletableFuture<PlacementAccepted> pushPlacement(PlacementDocument placement);

  /**
   * Sends the next placement as the changes to the one before. Fails with {@link
   * AdminFailure.Kind#STALE_EPOCH} when the node has a newer table, or has not the one the change
   * is from (the failure's epoch tells which).
   */
  CompletableFuture<PlacementAccepted> changePlacement(PlacementChange change);

  CompletableFuture<GuildOwner> ownerOf(String guildId);

  /**
   * Asks this node, the giver, to hand slots over. Fails with {@link
   * AdminFailure.Kind#OUTCOME_UNKNOWN} when the node was asked and did not answer: the receiver may
   * have the next table, or not, and {@link Coordinator#recover} settles it.
   */
  CompletableFuture<HandoffReport> handOff(HandoffRequest request);

  /** Write pauses since the last call. */
  CompletableFuture<WritePauses> takeWritePauses();

  CompletableFuture<DrainStatus> startDrain(DrainRequest request);

  CompletableFuture<DrainStatus> drainStatus();

  /** Ends a drain: the node is ready again and keeps what it still has. */
  CompletableFuture<DrainStatus> cancelDrain();

  CompletableFuture<NodeState> cordon();

  CompletableFuture<NodeState> uncordon();

  CompletableFuture<ReconnectAnswer> reconnect(ReconnectRequest request);

  CompletableFuture<TokenGrant> mintToken(TokenRequest request);

  CompletableFuture<HeapReading> collectGarbage();

  /** The node's metrics in Prometheus' text format, as a scraper reads them. */
  CompletableFuture<String> metrics();
}
