package dev.webhookhub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code --demo} runs the whole story and every signature verifies at its receiver. */
class DemoIT {

  @Test
  void theDemoDeliversVerifiesRetriesAndDeadLetters() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int exit = Demo.run(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String account = buffer.toString(StandardCharsets.UTF_8);
    System.out.println(account);

    assertThat(exit).isZero();
    assertThat(account.lines().filter(l -> l.startsWith("  ok ")).count()).isEqualTo(5);
    assertThat(account)
        .contains("webhook-signature verified")
        .contains("X-UFP-Signature verified")
        .contains("attempt 3 at +")
        .contains("subscription disabled: all 3 attempts")
        .contains("All signatures verified.");
  }
}
