package io.rtfleet.node.following;

import io.rtfleet.api.protocol.Intent;
import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.fleet.PeerClient;
import io.rtfleet.node.fleet.PeerMessage;
import io.rtfleet.node.fleet.PeerMessage.Event;
import io.rtfleet.node.fleet.PeerMessage.Follow;
import io.rtfleet.node.fleet.PeerMessage.Followed;
import io.rtfleet.node.fleet.PeerMessage.Moved;
import io.rtfleet.node.fleet.PeerMessage.Unfollow;
import io.rtfleet.node.lanes.FollowedGuild;
import io.rtfleet.node.lanes.GuildLanes;
import io.rtfleet.node.session.Dispatch;
import io.rtfleet.node.session.Session;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follower side of cross-node fan-out: local sessions that follow guilds owned by other nodes.
 * The first local follower of a guild asks its owner to stream the guild's events here (one copy
 * per node, whatever the number of local sessions), each follower gets its GUILD_CREATE from the
 * owner at the point of the stream where it joins, and the last one to leave stops the stream.
 *
 * <p>Everything about one guild runs on its lane, fed in the order the owner's link delivered it,
 * so that a session sees the owner's events in the owner's order.
 */
public final class RemoteGuilds {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteGuilds.class);

  private final GuildLanes lanes;
  private final Fleet fleet;

  private static final int MAX_FOLLOW_ATTEMPTS = 20;
  private static final long FOLLOW_RETRY_MILLIS = 100;
  private static final long FOLLOW_RETRY_MAX_MILLIS = 2_000;

  private record PendingFollow(String owner, Session session, long fromSeq, int attempt) {}

  private final Map<Long, PendingFollow> pendingFollows = new ConcurrentHashMap<>();

  private final ScheduledExecutorService timer;
  private volatile LocalResume localResume;

  /** How a session resumes a guild that now lives on this node. */
  public interface LocalResume {
    public void resume(Session session, long guildId, long fromSeq);
  }

  /** How a session starts following a guild wherever the table says it lives now. */
  public interface Subscribe {
    public void follow(Session session, long guildId);
  }

  private volatile Subscribe subscribe;

  public RemoteGuilds(GuildLanes lanes, Fleet fleet, ScheduledExecutorService timer) {
    this.lanes = lanes;
    this.fleet = fleet;
    this.timer = timer;
  }

  public void resumeLocallyWith(LocalResume localResume, Subscribe subscribe) {
    this.localResume = localResume;
    this.subscribe = subscribe;
  }

  /**
   * Asks the guild's owner for the session's GUILD_CREATE and, if this node is not following the
   * guild yet, for its events. Without a known owner the guild stays unavailable to the session.
   */
  public void follow(Session session, long guildId) {
    sendFollow(session, guildId, fleet.ownerOf(guildId), 0, 0);
  }

  /**
   * The session already has the guild up to event {@code fromSeq - 1}, and the guild lives on
   * {@code owner} now: it follows it there from {@code fromSeq}, without a new GUILD_CREATE.
   */
  public void resume(Session session, long guildId, String owner, long fromSeq) {
    sendFollow(session, guildId, owner, fromSeq, 0);
  }

  private void sendFollow(Session session, long guildId, String owner, long fromSeq, int attempt) {
    lanes.onFollowLane(
        guildId,
        followed -> {
          PeerClient peer = fleet.peer(owner);
          if (peer == null) {
            if (fromSeq > 0) {
              session.executor().execute(session::restart);
            } else {
              retryLater(session, guildId, attempt);
            }
            return null;
          }
          FollowedGuild guild = followed.get(guildId);
          if (guild != null && !guild.owner().equals(owner)) {
            // Followed through the old owner until its Moved arrives; this follow waits for that.
            guild = null;
          }
          if (guild == null) {
            guild = new FollowedGuild(guildId, owner);
            followed.put(guildId, guild);
          }
          guild.followSent();
          boolean presences = Intent.has(session.intents(), Intent.GUILD_PRESENCES);
          long[] sent = new long[1];
          peer.call(
                  id -> {
                    sent[0] = id;
                    pendingFollows.put(id, new PendingFollow(owner, session, fromSeq, attempt));
                    return new Follow(
                        id, fleet.epoch(), guildId, session.largeThreshold(), presences, fromSeq);
                  })
              .whenComplete(
                  (reply, failure) -> {
                    PendingFollow lost = failure != null ? pendingFollows.remove(sent[0]) : null;
                    if (lost != null) {
                      if (fromSeq > 0) {
                        session.executor().execute(session::restart);
                      } else {
                        retryLater(session, guildId, attempt);
                      }
                      lanes.onFollowLane(guildId, again -> unanswered(again, guildId, owner));
                    }
                  });
          return null;
        });
  }

  /**
   * A new follower whose guild's owner could not be reached or did not have it (the guild was
   * moving, or its owner died and the failover has not given its slots away yet): it asks again,
   * wherever the table says the guild lives by then, here included, each time a little later, for
   * about half a minute. Meanwhile the guild is unavailable to the session, as on Discord.
   */
  private void retryLater(Session session, long guildId, int attempt) {
    if (attempt >= MAX_FOLLOW_ATTEMPTS || !session.isLive()) {
      LOG.warn("guild {} found no owner after {} tries; left unavailable", guildId, attempt);
      return;
    }
    long delay = Math.min(FOLLOW_RETRY_MAX_MILLIS, FOLLOW_RETRY_MILLIS * (attempt + 1));
    try {
      timer.schedule(
          () -> followWherever(session, guildId, attempt + 1), delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      // the node stops
    }
  }

  private void followWherever(Session session, long guildId, int attempt) {
    if (!session.isLive()) {
      return;
    }
    if (fleet.owns(guildId)) {
      subscribe.follow(session, guildId);
    } else {
      sendFollow(session, guildId, fleet.ownerOf(guildId), 0, attempt);
    }
  }

  /** A follow that got no answer (the link dropped, or the owner took too long). */
  private Void unanswered(Map<Long, FollowedGuild> followed, long guildId, String owner) {
    FollowedGuild guild = followed.get(guildId);
    if (guild != null && guild.owner().equals(owner)) {
      guild.followAnswered();
      stopIfAbandoned(followed, guild);
    }
    return null;
  }

  /** A message a peer pushed over this node's link to it; called in the order the peer sent. */
  public void received(String peerId, PeerMessage message) {
    if (message instanceof Followed answer) {
      PendingFollow pending = pendingFollows.remove(answer.id());
      if (pending != null) {
        lanes.onFollowLane(answer.guildId(), followed -> followed(followed, pending, answer));
      }
    } else if (message instanceof Event event) {
      Dispatch dispatch = event.dispatch().toDispatch().sequenced(event.guildId(), event.seq());
      lanes.onFollowLane(
          event.guildId(),
          followed -> {
            FollowedGuild guild = followed.get(event.guildId());
            if (guild == null || !guild.owner().equals(peerId)) {
              return null;
            }
            if (!guild.advance(event.seq())) {
              LOG.warn(
                  "guild {}: event {} from {} out of sequence", guild.id(), event.seq(), peerId);
            }
            lanes.deliverLocally(guild.subscribers().byExecutor(), dispatch);
            return null;
          });
    } else if (message instanceof Moved moved) {
      lanes.onFollowLane(
          moved.guildId(),
          followed -> {
            FollowedGuild guild = followed.get(moved.guildId());
            if (guild == null || !guild.owner().equals(peerId)) {
              return null;
            }
            followed.remove(moved.guildId());
            for (Session session : guild.subscribers().all()) {
              if (fleet.selfId().equals(moved.owner())) {
                localResume.resume(session, moved.guildId(), guild.cursor() + 1);
              } else {
                resume(session, moved.guildId(), moved.owner(), guild.cursor() + 1);
              }
            }
            return null;
          });
    }
  }

  private Void followed(Map<Long, FollowedGuild> followed, PendingFollow pending, Followed answer) {
    Session session = pending.session();
    FollowedGuild guild = followed.get(answer.guildId());
    if (guild == null || !guild.owner().equals(pending.owner())) {
      return null;
    }
    guild.followAnswered();
    if (answer.found()) {
      guild.reached(answer.lastSeq());
      if (session.isLive() && session.follows(guild.id()) && guild.subscribers().add(session)) {
        List<Dispatch> dispatches = new ArrayList<>();
        if (answer.guildCreate() != null) {
          dispatches.add(answer.guildCreate().toDispatch().sequenced(guild.id(), answer.lastSeq()));
        }
        answer
            .replay()
            .forEach(
                missed ->
                    dispatches.add(
                        missed.dispatch().toDispatch().sequenced(guild.id(), missed.seq())));
        session.executor().execute(() -> dispatches.forEach(session::deliver));
      }
    } else if (pending.fromSeq() > 0) {
      session.executor().execute(session::restart);
    } else {
      // The guild was moving: ask again, by then the table names its new owner.
      retryLater(session, answer.guildId(), pending.attempt());
    }
    // Only now: a stub whose first follower just joined must not be dropped as abandoned.
    stopIfAbandoned(followed, guild);
    return null;
  }

  /**
   * The link to a peer dropped: the streams of its guilds have a gap this node cannot fill, so
   * their local followers start over (their clients get op 9 on RESUME and identify anew).
   */
  public void peerLost(String peerId) {
    // Follows still waiting for an answer are left alone: the link fails each of them, and its
    // failure is handled where the follow was sent (a new follower asks again later). Dropping
    // them here lost the follows sent on a later attempt to connect, before that one failed too.
    lanes.forEachFollowLane(
        followed -> {
          List<FollowedGuild> lost = new ArrayList<>();
          followed.values().removeIf(guild -> guild.owner().equals(peerId) && lost.add(guild));
          for (FollowedGuild guild : lost) {
            for (Session session : guild.subscribers().all()) {
              session.executor().execute(session::restart);
            }
          }
        });
  }

  /**
   * This node owns the guilds now: stop following them from their old owner; their local followers
   * resume on this node from the event after the last one they got.
   */
  public void ownedHere(Collection<Long> guildIds) {
    lanes.onFollowLanesOf(
        guildIds, (followed, onLane) -> onLane.forEach(guildId -> ownedHere(followed, guildId)));
  }

  /** On the guild's lane: stops following it, and resumes its followers here. */
  private void ownedHere(Map<Long, FollowedGuild> followed, long guildId) {
    FollowedGuild guild = followed.remove(guildId);
    if (guild == null) {
      return;
    }
    PeerClient peer = fleet.peer(guild.owner());
    if (peer != null) {
      peer.send(new Unfollow(guildId));
    }
    for (Session session : guild.subscribers().all()) {
      localResume.resume(session, guildId, guild.cursor() + 1);
    }
  }

  /** The session stopped following the guild (it closed for good, or left the guild). */
  public void unsubscribe(Session session, long guildId, Dispatch farewell) {
    lanes.onFollowLane(
        guildId,
        followed -> {
          FollowedGuild guild = followed.get(guildId);
          if (guild != null && guild.subscribers().remove(session)) {
            if (farewell != null) {
              session.executor().execute(() -> session.deliver(farewell));
            }
            stopIfAbandoned(followed, guild);
          }
          return null;
        });
  }

  private void stopIfAbandoned(Map<Long, FollowedGuild> followed, FollowedGuild guild) {
    if (guild.abandoned()) {
      followed.remove(guild.id());
      PeerClient peer = fleet.peer(guild.owner());
      if (peer != null) {
        peer.send(new Unfollow(guild.id()));
      }
    }
  }
}
