package dev.webhookhub.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvalidEventExceptionTest {

  @Test
  void aReasonQuotingAHugeValueIsCut() {
    // The reason travels as a JMS property (HubInvalidReason), a problem detail and an outbox
    // error; a 200 kB value quoted in it made the broker refuse to park the message.
    String reason = "created_at '" + "A".repeat(200_000) + "' is not a timestamp";

    String message = new InvalidEventException(reason).getMessage();

    assertThat(message).hasSizeLessThan(1_100).startsWith("created_at 'AAA").contains("199,");
    assertThat(message).endsWith("characters cut)");
  }

  @Test
  void aShortReasonIsKeptAsItIs() {
    assertThat(new InvalidEventException("created_at is missing").getMessage())
        .isEqualTo("created_at is missing");
  }
}
