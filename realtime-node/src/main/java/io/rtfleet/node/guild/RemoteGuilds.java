package io.rtfleet.node.guild;

import io.rtfleet.api.protocol.Intent;
import io.rtfleet.node.fleet.Fleet;
import io.rtfleet.node.fleet.PeerClient;
import io.rtfleet.node.fleet.PeerMessage;
import io.rtfleet.node.fleet.PeerMessage.Event;
import io.rtfleet.node.fleet.PeerMessage.Follow;
import io.rtfleet.node.fleet.PeerMessage.Followed;
import io.rtfleet.node.fleet.PeerMessage.Unfollow;
import io.rtfleet.node.session.Dispatch;
import io.rtfleet.node.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  private record PendingFollow(String owner, Session session) {}

  private final Map<Long, PendingFollow> pendingFollows = new ConcurrentHashMap<>();

  public RemoteGuilds(GuildLanes lanes, Fleet fleet) {
    this.lanes = lanes;
    this.fleet = fleet;
  }

  /**
   * Asks the guild's owner for the session's GUILD_CREATE and, if this node is not following the
   * guild yet, for its events. Without a known owner the guild stays unavailable to the session.
   */
  void follow(Session session, long guildId) {
    lanes.onFollowLane(
        guildId,
        followed -> {
          String owner = fleet.ownerOf(guildId);
          PeerClient peer = fleet.peer(owner);
          if (peer == null) {
            LOG.warn("guild {} has no reachable owner ({}); left unavailable", guildId, owner);
            return null;
          }
          FollowedGuild guild = followed.get(guildId);
          if (guild != null && !guild.owner().equals(owner)) {
            return null;
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
                    pendingFollows.put(id, new PendingFollow(owner, session));
                    return new Follow(
                        id, fleet.epoch(), guildId, session.largeThreshold(), presences);
                  })
              .whenComplete(
                  (reply, failure) -> {
                    if (failure != null && pendingFollows.remove(sent[0]) != null) {
                      lanes.onFollowLane(guildId, again -> answered(again, guildId));
                    }
                  });
          return null;
        });
  }

  private FollowedGuild answered(Map<Long, FollowedGuild> followed, long guildId) {
    FollowedGuild guild = followed.get(guildId);
    if (guild != null) {
      guild.followAnswered();
      stopIfAbandoned(followed, guild);
    }
    return guild;
  }

  /** A message a peer pushed over this node's link to it; called in the order the peer sent. */
  public void received(String peerId, PeerMessage message) {
    if (message instanceof Followed answer) {
      PendingFollow pending = pendingFollows.remove(answer.id());
      if (pending == null) {
        return;
      }
      Session session = pending.session();
      lanes.onFollowLane(
          answer.guildId(),
          followed -> {
            FollowedGuild guild = answered(followed, answer.guildId());
            if (guild == null || answer.guildCreate() == null) {
              return null;
            }
            if (session.isLive()
                && session.follows(guild.id())
                && guild.subscribers().add(session)) {
              Dispatch create = answer.guildCreate().toDispatch();
              session.executor().execute(() -> session.deliver(create));
            }
            stopIfAbandoned(followed, guild);
            return null;
          });
    } else if (message instanceof Event event) {
      Dispatch dispatch = event.dispatch().toDispatch();
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
    }
  }

  /**
   * The link to a peer dropped: the streams of its guilds have a gap this node cannot fill, so
   * their local followers start over (their clients get op 9 on RESUME and identify anew).
   */
  public void peerLost(String peerId) {
    pendingFollows.values().removeIf(pending -> pending.owner().equals(peerId));
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
   * This node owns the guild now: stop following it from its old owner and hand its local followers
   * to {@code resubscribe}.
   */
  void takeOver(long guildId, java.util.function.Consumer<Session> resubscribe) {
    lanes.onFollowLane(
        guildId,
        followed -> {
          FollowedGuild guild = followed.remove(guildId);
          if (guild != null) {
            PeerClient peer = fleet.peer(guild.owner());
            if (peer != null) {
              peer.send(new Unfollow(guildId));
            }
            guild.subscribers().all().forEach(resubscribe);
          }
          return null;
        });
  }

  /** The session stopped following the guild (it closed for good, or left the guild). */
  void unsubscribe(Session session, long guildId, Dispatch farewell) {
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
