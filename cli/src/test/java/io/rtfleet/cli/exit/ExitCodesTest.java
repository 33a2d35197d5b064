package io.rtfleet.cli.exit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** A failure's exit code is found in its cause chain, however deep it is wrapped. */
class ExitCodesTest {
  @Test
  void eachKindOfFailureHasItsCodeWrappedOrNot() {
    assertThat(ExitCodes.of(new NotFound("no fleet nope"))).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(ExitCodes.of(new CompletionException(new NotFound("no node"))))
        .isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(ExitCodes.of(new TimedOut("timed out after 60 s"))).isEqualTo(ExitCodes.TIMED_OUT);
    assertThat(ExitCodes.of(new UncheckedIOException(new SocketTimeoutException("read timed out"))))
        .isEqualTo(ExitCodes.TIMED_OUT);
    assertThat(ExitCodes.of(new IllegalArgumentException("--replicas must be between 0 and 1000")))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(ExitCodes.of(new IllegalStateException("no ready node answered")))
        .isEqualTo(ExitCodes.FAILED);
  }
}
