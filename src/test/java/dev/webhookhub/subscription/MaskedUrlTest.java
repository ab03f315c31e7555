package dev.webhookhub.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskedUrlTest {

  @Test
  void keepsTheServiceAndHidesTheToken() {
    assertThat(MaskedUrl.of("https://hooks.slack.com/services/T000/B000/XXXX"))
        .isEqualTo("https://hooks.slack.com/services/********");
    assertThat(MaskedUrl.of("https://hooks.zapier.com/hooks/catch/123456/abcdef/"))
        .isEqualTo("https://hooks.zapier.com/hooks/********");
    assertThat(MaskedUrl.of("https://example.com:8443/a/b?token=t0p"))
        .isEqualTo("https://example.com:8443/a/********");
  }

  @Test
  void aLoneSegmentQueryOrUserInfoIsHiddenToo() {
    assertThat(MaskedUrl.of("https://example.com/t0ken")).isEqualTo("https://example.com/********");
    assertThat(MaskedUrl.of("https://example.com/?key=t0ken"))
        .isEqualTo("https://example.com/********");
    assertThat(MaskedUrl.of("https://user:pw@example.com/x/y"))
        .isEqualTo("https://example.com/x/********");
    assertThat(MaskedUrl.of("not a url")).isEqualTo("********");
  }
}
