package io.rtfleet.node;

import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.fleet.PeerClient;
import io.rtfleet.node.fleet.PeerLink;
import io.rtfleet.node.fleet.PeerMessage;
import io.rtfleet.node.fleet.PeerMessage.Ack;
import io.rtfleet.node.fleet.PeerMessage.Adopt;
import io.rtfleet.node.fleet.PeerMessage.Adopted;
import io.rtfleet.node.fleet.PeerMessage.DirectoryChange;
import io.rtfleet.node.fleet.PeerMessage.Follow;
import io.rtfleet.node.fleet.PeerMessage.RestRequest;
import io.rtfleet.node.fleet.PeerMessage.Unfollow;
import io.rtfleet.node.fleet.PeerRequests;
import io.rtfleet.node.following.RemoteGuilds;
import io.rtfleet.node.gateway.SessionTransfer;
import io.rtfleet.node.handoff.Adoptions;
import io.rtfleet.node.handoff.Ownership;
import io.rtfleet.node.metrics.NodeMetrics;
import io.rtfleet.node.operations.DirectoryResync;
import io.rtfleet.node.operations.GuildEngine;
import io.rtfleet.node.rest.RestApi;
import io.rtfleet.node.rest.RestForwarder;
import io.rtfleet.node.session.Session;
import io.rtfleet.node.session.SessionRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes what peers send: requests on links they opened to this node go to the REST API (forwarded
 * writes), the owner side of fan-out (follow, unfollow) and the directory; what peers push on links
 * this node opened (follow answers, events) goes to the follower side.
 */
final class FleetPeerService implements PeerRequests, PeerClient.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(FleetPeerService.class);

  private final RestApi rest;
  private final GuildEngine engine;
  private final RemoteGuilds remote;
  private final Adoptions adoptions;
  private final Ownership ownership;
  private final Fleet fleet;

  /** Placements of handoffs being prepared here, by epoch, until their adoption comes. */
  private final Map<Long, Ownership.Staged> stagedPlacements = new ConcurrentHashMap<>();

  private final SessionRegistry sessions;
  private final DirectoryResync resync;
  private final NodeMetrics metrics;

  FleetPeerService(
      RestApi rest,
      GuildEngine engine,
      RemoteGuilds remote,
      Adoptions adoptions,
      Ownership ownership,
      Fleet fleet,
      SessionRegistry sessions,
      DirectoryResync resync,
      NodeMetrics metrics) {
    this.rest = rest;
    this.engine = engine;
    this.remote = remote;
    this.adoptions = adoptions;
    this.ownership = ownership;
    this.fleet = fleet;
    this.sessions = sessions;
    this.resync = resync;
    this.metrics = metrics;
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
              forwarded.presetGuildId(),
              forwarded.deadlineMillis())
          .thenAccept(response -> from.send(RestForwarder.toReply(forwarded.id(), response)));
    } else if (request instanceof Follow follow) {
      engine.followedBy(from, follow);
    } else if (request instanceof Unfollow unfollow) {
      engine.unfollowedBy(from, unfollow.guildId());
    } else if (request instanceof Adopt adopt) {
      adopt(from, adopt);
    } else if (request instanceof PeerMessage.PullSession pull) {
      Session session = sessions.get(pull.sessionId());
      metrics.sessionPulled(session != null);
      // Another user's token must not end a session, even with its id.
      if (session == null || session.user().id() != pull.userId()) {
        from.send(SessionTransfer.toState(pull.id(), null));
      } else {
        session
            .executor()
            .execute(
                () ->
                    from.send(
                        SessionTransfer.toState(pull.id(), session.transfer(pull.clientSeq()))));
      }
    } else if (request instanceof DirectoryChange change) {
      engine.directoryChanged(change);
      from.send(new Ack(change.id()));
    } else if (request instanceof PeerMessage.Resync asked) {
      LOG.info(
          "peer {} could not tell this node of some directory changes; reading them again", from);
      resync
          .request()
          .whenComplete(
              (done, failure) -> {
                if (failure == null) {
                  from.send(new Ack(asked.id()));
                } else {
                  LOG.warn("reading the directory again failed: {}", failure.toString());
                }
              });
    } else {
      LOG.warn("peer {} sent an unexpected {}", from, request.getClass().getSimpleName());
    }
  }

  /**
   * Takes a step of a handoff (only its database reads leave the link's event loop). A preparation
   * is acknowledged once its guilds are loaded and its placement staged (on failure the giver's
   * request times out, before any write waited); an adoption is answered, whatever happened, with
   * the epoch this node has after it, which tells the giver whether the placement is in force here.
   */
  private void adopt(PeerLink from, Adopt adopt) {
    long started = System.nanoTime();
    CompletableFuture<?> done;
    if (adopt.prepare()) {
      done =
          ownership
              .stage(adopt.placement())
              .thenCombine(adoptions.receive(adopt), (staged, prepared) -> staged)
              .thenAccept(
                  staged -> {
                    // Those of handoffs that never came to their adoption go with the next one.
                    stagedPlacements.keySet().removeIf(epoch -> epoch <= fleet.epoch());
                    stagedPlacements.put(adopt.epoch(), staged);
                  });
    } else {
      Ownership.Staged staged = stagedPlacements.remove(adopt.epoch());
      Set<Long> handed =
          adopt.guilds().stream().map(PeerMessage.HandedGuild::guildId).collect(Collectors.toSet());
      // Without its placement (its preparation failed here, or was dropped) nothing is taken.
      done =
          staged == null
              ? CompletableFuture.failedFuture(
                  new IllegalStateException("no placement prepared for epoch " + adopt.epoch()))
              : adoptions.receive(adopt).thenCompose(held -> ownership.putInForce(staged, handed));
    }
    done.whenComplete(
        (ignored, failure) -> {
          // Answered before anything is logged: the giver's writes wait for the answer.
          if (!adopt.prepare()) {
            from.send(new Adopted(adopt.id(), fleet.epoch()));
          } else if (failure == null) {
            from.send(new Ack(adopt.id()));
          }
          if (failure != null) {
            LOG.warn("handoff from {} failed: {}", from, failure.toString());
          } else {
            LOG.info(
                "{} {} guilds from {} in {} ms",
                adopt.prepare() ? "prepared" : "took",
                adopt.guilds().size(),
                from.nodeId(),
                (System.nanoTime() - started) / 1_000_000);
          }
        });
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
