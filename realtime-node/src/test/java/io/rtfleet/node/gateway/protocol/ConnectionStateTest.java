package io.rtfleet.node.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rtfleet.api.protocol.CloseCode;
import io.rtfleet.api.protocol.Opcode;
import io.rtfleet.node.gateway.protocol.ConnectionState.Phase;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ConnectionStateTest {
  private final ConnectionState state = new ConnectionState();

  private CloseCode refusal(int op) {
    GatewayRefusal refused = catchThrowableOfType(GatewayRefusal.class, () -> state.admit(op));
    return refused == null ? null : refused.code();
  }

  @Test
  void beforeIdentifyOnlyHeartbeatIdentifyAndResumeAreAdmitted() {
    assertThat(refusal(Opcode.HEARTBEAT)).isNull();
    assertThat(refusal(Opcode.IDENTIFY)).isNull();
    assertThat(refusal(Opcode.RESUME)).isNull();
    assertThat(refusal(Opcode.PRESENCE_UPDATE)).isEqualTo(CloseCode.NOT_AUTHENTICATED);
    assertThat(refusal(Opcode.REQUEST_GUILD_MEMBERS)).isEqualTo(CloseCode.NOT_AUTHENTICATED);
  }

  @Test
  void anAttachedSessionMayNotIdentifyOrResumeAgain() {
    state.attached();

    assertThat(refusal(Opcode.IDENTIFY)).isEqualTo(CloseCode.ALREADY_AUTHENTICATED);
    assertThat(refusal(Opcode.RESUME)).isEqualTo(CloseCode.ALREADY_AUTHENTICATED);
    assertThat(refusal(Opcode.PRESENCE_UPDATE)).isNull();
  }

  @Test
  void whileAResumeIsUnderWayNeitherIdentifyNorSessionOpcodesAreAdmitted() {
    state.resuming();

    assertThat(refusal(Opcode.IDENTIFY)).isEqualTo(CloseCode.ALREADY_AUTHENTICATED);
    assertThat(refusal(Opcode.PRESENCE_UPDATE)).isEqualTo(CloseCode.NOT_AUTHENTICATED);
    assertThat(refusal(Opcode.HEARTBEAT)).isNull();
  }

  @Test
  void aRefusedResumeLeavesIdentifyOpen() {
    state.resuming();
    state.resumeRefused();

    assertThat(refusal(Opcode.IDENTIFY)).isNull();
  }

  @Test
  void unknownOpcodesAreRefusedInEveryPhase() {
    assertThat(refusal(99)).isEqualTo(CloseCode.UNKNOWN_OPCODE);
    state.attached();
    assertThat(refusal(Opcode.DISPATCH)).isEqualTo(CloseCode.UNKNOWN_OPCODE);
  }

  @Provide
  Arbitrary<List<String>> events() {
    return Arbitraries.of("resuming", "attached", "resumeRefused", "startClosing")
        .list()
        .ofMaxSize(12);
  }

  @Property
  void closingIsFinal(@ForAll("events") List<String> before, @ForAll("events") List<String> after) {
    before.forEach(this::apply);
    state.startClosing();
    after.forEach(this::apply);

    assertThat(state.phase()).isEqualTo(Phase.CLOSING);
  }

  @Property
  void aHeartbeatIsAdmittedWhateverHappened(@ForAll("events") List<String> events) {
    events.forEach(this::apply);

    assertThatCode(() -> state.admit(Opcode.HEARTBEAT)).doesNotThrowAnyException();
  }

  private void apply(String event) {
    switch (event) {
      case "resuming" -> state.resuming();
      case "attached" -> state.attached();
      case "resumeRefused" -> state.resumeRefused();
      default -> state.startClosing();
    }
  }
}
