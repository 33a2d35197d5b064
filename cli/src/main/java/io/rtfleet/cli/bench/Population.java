package io.rtfleet.cli.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/**
 * The users and guilds a scenario needs, created through the node's own APIs: an owner who creates
 * the guilds (and whose tokens the publishers use), and one user per session who joins the giant
 * guild (the first {@code giantMembers} sessions) and one small guild each.
 */
public final class Population {
  /** A guild and the channel the bench posts to. */
  public record Guild(String id, String channelId) {}

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
                                .thenApply(
                                    channels ->
                                        new Guild(
                                            guild.get("id").asText(),
                                            channels.get(0).get("id").asText()))));
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
                          String path = "/guilds/" + guilds.get(guild).id() + "/members/@me";
                          joined =
                              joined.thenCompose(
                                  done ->
                                      target
                                          .rest("PUT", path, token, null)
                                          .thenApply(json -> null));
                        }
                        return joined.thenApply(done -> new Member(token, followed));
                      });
            });
    return new Population(owner, guilds, members);
  }

  private static CompletableFuture<String> mint(Target target, String username) {
    return target
        .admin("POST", "/admin/tokens", "{\"username\":\"" + username + "\"}")
        .thenApply(json -> json.get("token").asText());
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
