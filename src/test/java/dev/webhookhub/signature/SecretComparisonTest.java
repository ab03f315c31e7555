package dev.webhookhub.signature;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretComparisonTest {

  @Test
  void matchesOnlyTheSameValue() {
    assertThat(SecretComparison.matches("s3cret-token", "s3cret-token")).isTrue();
    assertThat(SecretComparison.matches("s3cret-token", "s3cret-tokeN")).isFalse();
    assertThat(SecretComparison.matches("s3cret-token", "s3cret-token-and-more")).isFalse();
    assertThat(SecretComparison.matches("s3cret-token", "")).isFalse();
    assertThat(SecretComparison.matches("s3cret-token", null)).isFalse();
    assertThat(SecretComparison.matches(new byte[] {1, 2}, new byte[] {1, 2})).isTrue();
    assertThat(SecretComparison.matches(new byte[] {1, 2}, new byte[] {1})).isFalse();
    assertThat(SecretComparison.matches(new byte[] {1, 2}, (byte[]) null)).isFalse();
  }
}
