package io.rtfleet.node.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class InviteCodesTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Property
  void everyCodeNamesItsGuild(@ForAll @LongRange(min = 1) long guildId) {
    String code = InviteCodes.newCode(guildId, RANDOM);
    assertThat(code).hasSize(InviteCodes.LENGTH).matches("[0-9A-Za-z]+");
    assertThat(InviteCodes.guildOf(code)).isEqualTo(guildId);
  }

  @Property
  void anythingElseNamesNoGuildAndNeverFails(@ForAll String text) {
    long guild = InviteCodes.guildOf(text);
    if (text.length() != InviteCodes.LENGTH || !text.matches("[0-9A-Za-z]+")) {
      assertThat(guild).isZero();
    } else {
      assertThat(guild).isNotNegative();
    }
  }

  @Property
  void twoInvitesToOneGuildDiffer(@ForAll @LongRange(min = 1) long guildId) {
    assertThat(InviteCodes.newCode(guildId, RANDOM))
        .isNotEqualTo(InviteCodes.newCode(guildId, RANDOM));
  }
}
