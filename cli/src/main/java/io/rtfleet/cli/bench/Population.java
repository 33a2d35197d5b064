package io.rtfleet.cli.bench;

import io.rtfleet.api.admin.TokenGrant;
import io.rtfleet.api.admin.TokenRequest;
import io.rtfleet.cli.client.Target;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/**
 * The users and guilds a scenario needs, created through the node's own APIs as clients would: an
 * owner who creates the guilds and an invite to each (and whose tokens the publishers use), and one
 * user per session who accepts the invites of the giant guild (the first {@code giantMembers}
 * sessions) and of one small guild.
 */
public final class Population {
  /** A guild, the channel the bench posts to, and the invite its members join with. */
  public record Guild(String id, String channelId, String invite) {}

  /** A session's user token and the guilds (indexes into {@link #guilds}) it follows. */
  public record Member(String token, List<Integer> guilds) {}

  private static final int IN_FLIGHT = 64;

  private final String ownerToken;
  private final List<Guild> guilds;
  private final List<Member> members;

  private Population(String ownerToken, List<Guild> guilds, List<Member> members) {
    this.ownerToken = ownerToken;
    this.guilds = guilds;
    this.members = members;
  }

  public String ownerToken() {
    return ownerToken;
  }

  public List<Guild> guilds() {
    return guilds;
  }

  public List<Member> members() {
    return members;
  }

  /**
   * Guild 0 is the giant guild when {@code giantMembers > 0}; the small guilds follow. Every
   * session belongs to one small guild (round robin) when there are any.
   */
  public static Population create(
      Target target,
      int sessions,
      int giantMembers,
      int smallGuilds,
      String prefix,
      PrintWriter progress) {
    String owner = mint(target, prefix + "-owner").join();
    int guildCount = (giantMembers > 0 ? 1 : 0) + smallGuilds;
    progress.printf("creating %d guilds%n", guildCount);
    progress.flush();
    List<Guild> guilds =
        parallel(
            guildCount,
            g ->
                target
                    .rest("POST", "/guilds", owner, "{\"name\":\"bench-" + g + "\"}")
                    .thenCompose(
                        guild ->
                            target
                                .rest(
                                    "GET",
                                    "/guilds/" + guild.get("id").asText() + "/channels",
                                    owner,
                                    null)
                                .thenCompose(
                                    channels -> {
                                      String channel = channels.get(0).get("id").asText();
                                      // Users join as on Discord: through an invite.
                                      return target
                                          .rest(
                                              "POST",
                                              "/channels/" + channel + "/invites",
                                              owner,
                                              "{\"max_age\":0,\"max_uses\":0}")
                                          .thenApply(
                                              invite ->
                                                  new Guild(
                                                      guild.get("id").asText(),
                                                      channel,
                                                      invite.get("code").asText()));
                                    })));
    progress.printf("creating %d users and their memberships%n", sessions);
    progress.flush();
    int firstSmall = giantMembers > 0 ? 1 : 0;
    List<Member> members =
        parallel(
            sessions,
            i -> {
              List<Integer> followed = new ArrayList<>();
              if (i < giantMembers) {
                followed.add(0);
              }
              if (smallGuilds > 0) {
                followed.add(firstSmall + i % smallGuilds);
              }
              return mint(target, prefix + "-u" + i)
                  .thenCompose(
                      token -> {
                        CompletableFuture<Void> joined = CompletableFuture.completedFuture(null);
                        for (int guild : followed) {
                          String path = "/invites/" + guilds.get(guild).invite();
                          joined =
                              joined.thenCompose(
                                  done ->
                                      target
                                          .rest("POST", path, token, null)
                                          .thenApply(json -> null));
                        }
                        return joined.thenApply(done -> new Member(token, followed));
                      });
            });
    if (target.waitedForRateLimits()) {
      progress.println(target.rateLimitWaits());
      progress.flush();
    }
    return new Population(owner, guilds, members);
  }

  private static CompletableFuture<String> mint(Target target, String username) {
    return target.admin().mintToken(TokenRequest.user(username)).thenApply(TokenGrant::token);
  }

  /** Runs {@code task(0..n-1)} with at most {@link #IN_FLIGHT} at once; results in index order. */
  static <T> List<T> parallel(int n, IntFunction<CompletableFuture<T>> task) {
    Semaphore permits = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<T>> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      permits.acquireUninterruptibly();
      all.add(task.apply(i).whenComplete((result, failure) -> permits.release()));
    }
    List<T> results = new ArrayList<>(n);
    for (CompletableFuture<T> future : all) {
      results.add(future.join());
    }
    return results;
  }
}
