package io.rtfleet.cli.ops;

import io.rtfleet.api.admin.NodeState;
import io.rtfleet.cli.exit.NotFound;
import io.rtfleet.cli.exit.TimedOut;
import io.rtfleet.coordinator.AdminFailure;
import io.rtfleet.coordinator.HttpNodeAdminClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * A node's admin API called from the command line. Every call rtctl makes this way is idempotent
 * (reads, and a cordon or drain that asking again leaves as it is), so a failure that may pass - no
 * connection, no answer, a 5xx - is tried again after a pause, and each retry is reported; the
 * failure that ends the command is one line that says what to check, with its exit code: 3 when the
 * node did not answer in time, 4 when the node is not the one named, 1 otherwise.
 */
final class DirectNode {
  static final int ATTEMPTS = 3;
  private static final Duration FIRST_PAUSE = Duration.ofMillis(250);

  private final HttpNodeAdminClient admin;
  private final String named;
  private final Duration timeout;
  private final PrintWriter err;

  DirectNode(HttpNodeAdminClient admin, String named, Duration timeout, PrintWriter err) {
    this.admin = admin;
    this.named = named;
    this.timeout = timeout;
    this.err = err;
  }

  String url() {
    return admin.baseUrl();
  }

  /** The node's state, once it is known to be the node the command named (if it named one). */
  NodeState state(String doing) throws InterruptedException {
    NodeState state = call(doing, HttpNodeAdminClient::state);
    if (named != null && !named.equals(state.nodeId())) {
      throw new NotFound(
          "the node at " + url() + " is " + state.nodeId() + ", not " + named + ": nothing done");
    }
    return state;
  }

  /** Checks, when the command named a node, that it is the one at the URL before it is changed. */
  void requireNamed(String doing) throws InterruptedException {
    if (named != null) {
      state(doing);
    }
  }

  /** Runs one call, tried again while its failure may pass. */
  <T> T call(String doing, Function<HttpNodeAdminClient, CompletableFuture<T>> call)
      throws InterruptedException {
    AdminFailure failure = null;
    int attempt = 1;
    while (true) {
      try {
        return call.apply(admin).join();
      } catch (CompletionException | AdminFailure failed) {
        failure = AdminFailure.of(admin.nodeId(), failed);
      }
      if (attempt == ATTEMPTS || !mayPass(failure)) {
        throw ending(doing, failure, attempt);
      }
      Duration pause = FIRST_PAUSE.multipliedBy(1L << (attempt - 1));
      attempt++;
      err.printf(
          "rtctl: %s: %s; trying again in %.2f s (attempt %d of %d)%n",
          doing, failure.getMessage(), pause.toMillis() / 1000.0, attempt, ATTEMPTS);
      err.flush();
      Thread.sleep(pause.toMillis());
    }
  }

  private static boolean mayPass(AdminFailure failure) {
    return switch (failure.kind()) {
      case UNREACHABLE, OUTCOME_UNKNOWN -> true;
      case NODE_ERROR -> failure.status() >= 500;
      default -> false;
    };
  }

  /** The failure that ends the command, as one line that says what happened and what to check. */
  private RuntimeException ending(String doing, AdminFailure failure, int attempts) {
    String tries = attempts == 1 ? "" : " (" + attempts + " attempts)";
    String cannot = "cannot " + doing + ": ";
    switch (failure.kind()) {
      case UNREACHABLE:
        return new IllegalStateException(
            cannot
                + "nothing answers at "
                + url()
                + tries
                + ": is the node running, and is --admin-url its admin port?");
      case OUTCOME_UNKNOWN:
        if (failure.timedOut()) {
          return new TimedOut(
              cannot
                  + "the node at "
                  + url()
                  + " did not answer within "
                  + seconds(timeout)
                  + tries
                  + "; it may be overloaded, and what was asked may still be done: see 'rtctl node"
                  + " describe --admin-url "
                  + url()
                  + "' (--request-timeout waits longer)");
        }
        return new IllegalStateException(
            cannot
                + "the node at "
                + url()
                + " closed the connection without answering"
                + tries
                + "; what was asked may have been done: see 'rtctl node describe --admin-url "
                + url()
                + "'");
      case STALE_EPOCH:
        return new IllegalStateException(
            cannot
                + "the node's placement moved on to epoch "
                + failure.epoch()
                + " while this ran: run the command again");
      case REFUSED:
        if (failure.status() == 401 || failure.status() == 403) {
          return new IllegalStateException(
              cannot
                  + "the node at "
                  + url()
                  + " refused the admin token ("
                  + failure.status()
                  + "): check --admin-token-file or env RTCTL_ADMIN_TOKEN");
        }
        return new IllegalStateException(cannot + failure.getMessage());
      default:
        return new IllegalStateException(
            cannot
                + failure.getMessage()
                + tries
                + (failure.status() >= 200 && failure.status() < 300
                    ? " (is --admin-url the admin port of a realtime-node of this release?)"
                    : ""));
    }
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : String.format("%.1f s", duration.toMillis() / 1000.0);
  }
}
