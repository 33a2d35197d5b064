package io.rtfleet.node.admin;

import io.rtfleet.api.admin.TokenGrant;
import io.rtfleet.api.admin.TokenRequest;
import io.rtfleet.api.snowflake.Snowflake;
import io.rtfleet.api.snowflake.SnowflakeGenerator;
import io.rtfleet.node.auth.TokenClaims;
import io.rtfleet.node.auth.TokenCodec;
import io.rtfleet.node.discord.ApiException;
import io.rtfleet.node.fleet.DirectoryBroadcaster;
import io.rtfleet.node.lanes.Directory;
import io.rtfleet.node.model.User;
import io.rtfleet.node.store.GroupCommitter;
import io.rtfleet.node.store.GuildWrites;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * Creates (or renames) users and mints them client tokens, for development, tests and benchmarks:
 * the user is committed and known to every node before the token is returned, so it works at once
 * anywhere in the fleet.
 */
public final class TokenMinter {
  private static final long DEFAULT_TTL_SECONDS = 30L * 24 * 3600;

  private final TokenCodec tokens;
  private final GroupCommitter committer;
  private final Directory directory;
  private final DirectoryBroadcaster broadcast;
  private final SnowflakeGenerator ids;
  private final Clock clock;

  public TokenMinter(
      TokenCodec tokens,
      GroupCommitter committer,
      Directory directory,
      DirectoryBroadcaster broadcast,
      SnowflakeGenerator ids,
      Clock clock) {
    this.tokens = tokens;
    this.committer = committer;
    this.directory = directory;
    this.broadcast = broadcast;
    this.ids = ids;
    this.clock = clock;
  }

  public CompletableFuture<TokenGrant> mint(TokenRequest request) {
    if (request == null) {
      throw ApiException.invalidField("username", "This field is required");
    }
    String username = request.username() == null ? "" : request.username();
    if (!username.matches("[\\p{L}\\p{N}_.-]{2,32}")) {
      throw ApiException.invalidField("username", "2 to 32 letters, digits, '_', '.' or '-'");
    }
    long ttl = request.ttlSeconds() == null ? DEFAULT_TTL_SECONDS : request.ttlSeconds();
    if (ttl < 1) {
      throw ApiException.invalidField("ttlSeconds", "must be positive");
    }
    long userId = ids.next();
    if (request.userId() != null) {
      userId = Snowflake.parse(request.userId());
      if (userId <= 0) {
        throw ApiException.invalidField("userId", "a user id (a snowflake) is required");
      }
    }
    User user =
        new User(
            userId,
            username,
            Boolean.TRUE.equals(request.bot()),
            request.privilegedIntents() == null || request.privilegedIntents());
    return committer
        .submit(GuildWrites.upsertUser(user))
        .thenCompose(
            committed ->
                broadcast.user(user.id(), user.username(), user.bot(), user.privilegedIntents()))
        .thenApply(
            committed -> {
              directory.putUser(user);
              String token =
                  tokens.mint(
                      new TokenClaims(
                          user.id(), user.bot(), clock.instant().getEpochSecond() + ttl));
              return new TokenGrant(
                  token,
                  new TokenGrant.User(Long.toString(user.id()), user.username(), user.bot()));
            });
  }
}
