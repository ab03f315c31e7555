package dev.webhookhub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ThrowAwayDataDirTest {

  @Test
  void theShutdownHookStopsTheHubAndDeletesTheDir() throws Exception {
    ThrowAwayDataDir data = ThrowAwayDataDir.create();
    Path dir = data.path();
    Files.createDirectories(dir.resolve("broker/journal"));
    Files.writeString(dir.resolve("broker/journal/page-1"), "journal");
    AtomicBoolean stopped = new AtomicBoolean();
    data.writtenBy(
        () -> {
          // The dir still exists while the hub stops.
          assertThat(dir).isDirectory();
          stopped.set(true);
        });

    // What the JVM does on Ctrl-C.
    Thread hook = data.hook();
    hook.start();
    hook.join();

    assertThat(stopped).isTrue();
    assertThat(dir).doesNotExist();
    data.close();
  }

  @Test
  void anOrderlyEndDeletesTheDirAndDropsTheHook() throws Exception {
    ThrowAwayDataDir data = ThrowAwayDataDir.create();
    Files.writeString(data.path().resolve("hub.mv.db"), "h2");
    data.close();
    assertThat(data.path()).doesNotExist();
    // The hook is gone: removing it again says it was not registered.
    assertThat(Runtime.getRuntime().removeShutdownHook(data.hook())).isFalse();
  }
}
