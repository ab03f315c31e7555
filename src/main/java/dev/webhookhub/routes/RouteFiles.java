package dev.webhookhub.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The integrators' YAML files under one directory ({@code routes/} by default), kept in step with
 * the running hub: {@link #scan} loads new files, reloads changed ones and unloads deleted ones.
 * Each file is loaded on its own, so a broken file is reported (in the log and by {@link #report})
 * and leaves every other route, and the last good version of its own routes, running.
 *
 * <p>Files are compared by content hash, not by modification time or file-system events: a scan of
 * a few dozen small files is cheap, and it behaves the same on every file system and in containers
 * with bind mounts, where watch events are often lost.
 */
public final class RouteFiles {

  private static final Logger LOG = LoggerFactory.getLogger(RouteFiles.class);
  private static final String SUFFIX = ".camel.yaml";

  private final Path directory;
  private final RouteFileLoader loader;
  private final Clock clock;
  private final Map<Path, RouteFileState> files = new TreeMap<>();
  private final List<Consumer<Set<String>>> templateListeners = new CopyOnWriteArrayList<>();

  /**
   * Which file each loaded template came from, replaced whole after every change: deliveries read
   * it on every attempt and must not wait while a scan stops routes.
   */
  private volatile Map<String, Path> templateFiles = Map.of();

  public RouteFiles(Path directory, RouteFileLoader loader, Clock clock) {
    this.directory = directory;
    this.loader = loader;
    this.clock = clock;
  }

  private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

  /** Called after a scan that loaded, reloaded or removed anything. */
  public void onChanged(Runnable listener) {
    changeListeners.add(listener);
  }

  /** Called with the ids of route templates that were reloaded or removed. */
  public void onTemplatesChanged(Consumer<Set<String>> listener) {
    templateListeners.add(listener);
  }

  /** Brings the running routes in line with the files now in the directory. */
  public synchronized void scan() {
    Map<Path, byte[]> present = readAll();
    Map<Path, String> before = hashes();
    for (Path gone : new ArrayList<>(files.keySet())) {
      if (!present.containsKey(gone)) {
        unload(gone);
      }
    }
    present.forEach(this::loadIfChanged);
    if (!hashes().equals(before)) {
      changeListeners.forEach(Runnable::run);
    }
    Map<String, Path> templates = new java.util.HashMap<>();
    files.forEach((path, state) -> state.templateIds().forEach(id -> templates.put(id, path)));
    templateFiles = Map.copyOf(templates);
  }

  /** The state of every file seen, by path relative to the directory. */
  public synchronized List<RouteFileState> report() {
    return List.copyOf(files.values());
  }

  /** The file a route template was loaded from, or null if it came from none of these files. */
  public Path templateFile(String templateId) {
    return templateFiles.get(templateId);
  }

  private Map<Path, String> hashes() {
    Map<Path, String> hashes = new java.util.HashMap<>();
    files.forEach((path, state) -> hashes.put(path, state.contentHash()));
    return hashes;
  }

  public Path directory() {
    return directory;
  }

  private void loadIfChanged(Path file, byte[] content) {
    String hash = sha256(content);
    RouteFileState previous = files.get(file);
    if (previous != null && previous.contentHash().equals(hash)) {
      return;
    }
    String name = directory.relativize(file).toString().replace('\\', '/');
    RouteFileLoader.Loaded before =
        previous == null ? RouteFileLoader.Loaded.NONE : previous.loaded();
    try {
      RouteFileLoader.Loaded loaded = loader.replace(file, content, before);
      files.put(file, RouteFileState.loaded(name, hash, loaded, clock.instant()));
      LOG.info(
          "{} routes file {}: routes {}, templates {}",
          previous == null ? "Loaded" : "Reloaded",
          name,
          loaded.routeIds(),
          loaded.templateIds());
      changedTemplates(union(before.templateIds(), loaded.templateIds()));
    } catch (RouteFileException e) {
      files.put(file, RouteFileState.failed(name, hash, before, e, clock.instant()));
      LOG.error(
          "Routes file {} is not valid and was not loaded{}: {}",
          name,
          before.routeIds().isEmpty() && before.templateIds().isEmpty()
              ? ""
              : " (its previous version keeps running)",
          e.getMessage());
    }
  }

  private void unload(Path file) {
    RouteFileState state = files.remove(file);
    try {
      loader.remove(state.loaded());
      LOG.info("Routes file {} was removed: stopped routes {}", state.file(), state.routeIds());
    } catch (RouteFileException e) {
      LOG.error("Could not remove the routes of deleted file {}: {}", state.file(), e.getMessage());
    }
    changedTemplates(state.templateIds());
  }

  private void changedTemplates(Set<String> ids) {
    if (!ids.isEmpty()) {
      templateListeners.forEach(listener -> listener.accept(ids));
    }
  }

  private Map<Path, byte[]> readAll() {
    Map<Path, byte[]> contents = new TreeMap<>();
    if (!Files.isDirectory(directory)) {
      return contents;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.filter(p -> p.toString().endsWith(SUFFIX)).toList()) {
        try {
          contents.put(path, Files.readAllBytes(path));
        } catch (IOException e) {
          // Deleted or replaced between listing and reading: the next scan sees the outcome.
          LOG.debug("Could not read {}: {}", path, e.toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + directory, e);
    }
    return contents;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    return Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
