package io.rtfleet.node;

import io.rtfleet.node.fleet.PeerClient;
import io.rtfleet.node.fleet.PeerLink;
import io.rtfleet.node.fleet.PeerMessage;
import io.rtfleet.node.fleet.PeerMessage.Ack;
import io.rtfleet.node.fleet.PeerMessage.Adopt;
import io.rtfleet.node.fleet.PeerMessage.Follow;
import io.rtfleet.node.fleet.PeerMessage.IndexChange;
import io.rtfleet.node.fleet.PeerMessage.RestRequest;
import io.rtfleet.node.fleet.PeerMessage.Unfollow;
import io.rtfleet.node.fleet.PeerRequests;
import io.rtfleet.node.gateway.SessionTransfer;
import io.rtfleet.node.guild.Adoptions;
import io.rtfleet.node.guild.GuildEngine;
import io.rtfleet.node.guild.RemoteGuilds;
import io.rtfleet.node.rest.RestApi;
import io.rtfleet.node.rest.RestForwarder;
import io.rtfleet.node.session.Session;
import io.rtfleet.node.session.SessionRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes what peers send: requests on links they opened to this node go to the REST API (forwarded
 * writes), the owner side of fan-out (follow, unfollow) and the indexes; what peers push on links
 * this node opened (follow answers, events) goes to the follower side.
 */
final class FleetPeerService implements PeerRequests, PeerClient.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(FleetPeerService.class);

  private final RestApi rest;
  private final GuildEngine engine;
  private final RemoteGuilds remote;
  private final Adoptions adoptions;
  private final Executor loader;
  private final SessionRegistry sessions;

  FleetPeerService(
      RestApi rest,
      GuildEngine engine,
      RemoteGuilds remote,
      Adoptions adoptions,
      Executor loader,
      SessionRegistry sessions) {
    this.rest = rest;
    this.engine = engine;
    this.remote = remote;
    this.adoptions = adoptions;
    this.loader = loader;
    this.sessions = sessions;
  }

  @Override
  public void handle(PeerLink from, PeerMessage request) {
    if (request instanceof RestRequest forwarded) {
      rest.handleForwarded(
              forwarded.method(),
              forwarded.path(),
              RestForwarder.decodeQuery(forwarded.query()),
              forwarded.authorization(),
              forwarded.body() == null ? new byte[0] : forwarded.body(),
              forwarded.epoch(),
              forwarded.presetGuildId())
          .thenAccept(response -> from.send(RestForwarder.toReply(forwarded.id(), response)));
    } else if (request instanceof Follow follow) {
      engine.followedBy(from, follow);
    } else if (request instanceof Unfollow unfollow) {
      engine.unfollowedBy(from, unfollow.guildId());
    } else if (request instanceof Adopt adopt) {
      // Loading reads the database: off the link's event loop. No answer on failure: the giver's
      // request times out and it opens its gates again.
      long started = System.nanoTime();
      CompletableFuture.supplyAsync(() -> adoptions.receive(adopt), loader)
          .thenCompose(Function.identity())
          .whenComplete(
              (done, failure) -> {
                if (failure == null) {
                  from.send(new Ack(adopt.id()));
                  LOG.info(
                      "{} {} guilds from {} in {} ms",
                      adopt.prepare() ? "prepared" : "took",
                      adopt.guilds().size(),
                      from.nodeId(),
                      (System.nanoTime() - started) / 1_000_000);
                } else {
                  LOG.warn("handoff from {} failed: {}", from, failure.toString());
                }
              });
    } else if (request instanceof PeerMessage.PullSession pull) {
      Session session = sessions.get(pull.sessionId());
      // Another user's token must not end a session, even with its id.
      if (session == null || session.user().id() != pull.userId()) {
        from.send(SessionTransfer.toState(pull.id(), null));
      } else {
        session
            .executor()
            .execute(
                () ->
                    from.send(
                        SessionTransfer.toState(pull.id(), session.handOver(pull.clientSeq()))));
      }
    } else if (request instanceof IndexChange change) {
      engine.indexChanged(change);
      from.send(new Ack(change.id()));
    } else {
      LOG.warn("peer {} sent an unexpected {}", from, request.getClass().getSimpleName());
    }
  }

  @Override
  public void received(String peerId, PeerMessage message) {
    remote.received(peerId, message);
  }

  @Override
  public void disconnected(String peerId) {
    remote.peerLost(peerId);
  }
}
