package dev.webhookhub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    // It leaves no data dir behind (it left about 23 MB in the temp directory per run).
    Matcher data = Pattern.compile("data in (\\S+);").matcher(account);
    assertThat(data.find()).isTrue();
    assertThat(Path.of(data.group(1))).doesNotExist();
  }
}
