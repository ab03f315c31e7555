package dev.webhookhub.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HmacSha256Test {

  @Test
  void matchesRfc4231TestCase2() {
    byte[] key = "Jefe".getBytes(StandardCharsets.US_ASCII);
    byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

    assertThat(HmacSha256.hex(key, data))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    assertThat(HmacSha256.of(key, data)).hasSize(32);
  }

  @Test
  void refusesAnEmptyKey() {
    assertThatThrownBy(() -> HmacSha256.of(new byte[0], new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be empty");
  }
}
