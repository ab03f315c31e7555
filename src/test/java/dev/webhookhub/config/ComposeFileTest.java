package dev.webhookhub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docker-compose.yml configures the hubs only through {@code HUB_*} variables, and a misspelt one
 * is silently ignored by the hub. This test reads the compose file and holds every such variable
 * against the hub's real settings: the keys of {@code config/application.properties}, named by
 * {@link ConfigValues#environmentName} (which is why it lives in this package), and the per-source
 * keys {@code HUB_SOURCE_<NAME>_<KEY>}.
 */
class ComposeFileTest {

  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Pattern KEY_LINE =
      Pattern.compile("^#?\\s*([a-z][a-z0-9.-]*)\\s*=", Pattern.MULTILINE);
  private static final Pattern SOURCE_KEY = Pattern.compile("^hub\\.source\\.[^.]+\\.([a-z-]+)$");

  /** The comment block that lists the per-source keys as {@code # key: meaning}. */
  private static final Pattern DOCUMENTED_SOURCE_KEY = Pattern.compile("^# ([a-z][a-z-]*):");

  private static Map<String, Object> services;
  private static Set<String> namedVolumes;
  private static Set<String> settings;
  private static Pattern sourceSetting;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void read() throws IOException {
    Object compose =
        mergeKeys(
            new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(ROOT.resolve("docker-compose.yml"))));
    services = (Map<String, Object>) ((Map<String, Object>) compose).get("services");
    namedVolumes = ((Map<String, Object>) ((Map<String, Object>) compose).get("volumes")).keySet();
    String properties = Files.readString(ROOT.resolve("config/application.properties"));
    settings = new TreeSet<>();
    Set<String> sourceKeys = new TreeSet<>();
    Matcher key = KEY_LINE.matcher(properties);
    while (key.find()) {
      settings.add(ConfigValues.environmentName(key.group(1)));
      Matcher source = SOURCE_KEY.matcher(key.group(1));
      if (source.matches()) {
        sourceKeys.add(source.group(1));
      }
    }
    String perSource = properties.substring(properties.indexOf("hub.source.<name>.<key>"));
    perSource = perSource.substring(0, perSource.indexOf("\n# ---"));
    for (String line : perSource.split("\n")) {
      Matcher documented = DOCUMENTED_SOURCE_KEY.matcher(line);
      if (documented.find()) {
        sourceKeys.add(documented.group(1));
      }
    }
    assertThat(sourceKeys).as("per-source keys").contains("organization-id", "zone");
    sourceSetting =
        Pattern.compile(
            "HUB_SOURCE_[A-Z0-9_]+_("
                + sourceKeys.stream()
                    .map(k -> ConfigValues.environmentName(k))
                    .collect(Collectors.joining("|"))
                + ")");
  }

  @Test
  void twoHubsShareTheBrokerTheDatabaseTheKeyAndTheToken() {
    Map<String, String> first = environment("hub-1");
    Map<String, String> second = environment("hub-2");
    assertThat(first)
        .containsKeys("HUB_BROKER_URL", "HUB_DB_URL", "HUB_SECRETS_MASTER_KEY", "HUB_ADMIN_TOKEN")
        .isEqualTo(second);
    assertThat(first.get("HUB_SECRETS_MASTER_KEY")).startsWith("${HUB_SECRETS_MASTER_KEY:?");
    assertThat(first.get("HUB_ADMIN_TOKEN")).startsWith("${HUB_ADMIN_TOKEN:?");
    assertThat(services).containsKeys("postgres", "artemis");
    assertThat(String.valueOf(service("artemis").get("image")))
        .isEqualTo("apache/activemq-artemis:2.40.0");
  }

  @Test
  void everyHubVariableIsARealSetting() {
    assertThat(hubServices()).containsExactly("hub-1", "hub-2");
    for (String service : hubServices()) {
      for (String variable : environment(service).keySet()) {
        if (variable.startsWith("HUB_")) {
          assertThat(isSetting(variable)).as("%s of %s", variable, service).isTrue();
        }
      }
    }
  }

  @Test
  void theCheckRefusesWhatIsNoSetting() {
    assertThat(isSetting("HUB_HTTP_PORT")).isTrue();
    assertThat(isSetting("HUB_SOURCE_FINEGUIDE_ORGANIZATION_ID")).isTrue();
    assertThat(isSetting("HUB_SOURCE_MY_CRM_COALESCE_WINDOW")).isTrue();
    assertThat(isSetting("HUB_DATABASE_URL")).isFalse();
    assertThat(isSetting("HUB_SOURCE_FINEGUIDE_ORGANISATION")).isFalse();
  }

  @Test
  void everyVariableOfTheEnvFileIsDocumentedInTheExample() throws IOException {
    String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
    Set<String> referenced = new TreeSet<>();
    Matcher reference = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(compose);
    while (reference.find()) {
      referenced.add(reference.group(1));
    }
    Map<String, String> example = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(ROOT.resolve(".env.example"));
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.isBlank() && !line.startsWith("#")) {
        String name = line.substring(0, line.indexOf('='));
        assertThat(lines.get(i - 1)).as("comment above %s", name).startsWith("#");
        example.put(name, line);
      }
    }
    assertThat(example.keySet()).containsExactlyInAnyOrderElementsOf(referenced);
    example.keySet().forEach(name -> assertThat(isSetting(name)).as(name).isTrue());
  }

  @Test
  @SuppressWarnings("unchecked")
  void hubsAreHealthyWhenReady() {
    for (String service : hubServices()) {
      Map<String, Object> healthcheck = (Map<String, Object>) service(service).get("healthcheck");
      assertThat(String.join(" ", (List<String>) healthcheck.get("test")))
          .as(service)
          .contains("curl -fsS")
          .contains("http://127.0.0.1:9876/observe/health/ready");
      assertThat(environment(service))
          .containsEntry("HUB_MANAGEMENT_HOST", "0.0.0.0")
          .containsEntry("HUB_HAWTIO_HOST", "0.0.0.0");
    }
  }

  @Test
  void dataLivesInNamedVolumes() {
    assertThat(namedVolumes)
        .containsExactlyInAnyOrder("postgres-data", "artemis-journal", "hub-1-data", "hub-2-data");
    assertThat(volumes("postgres")).contains("postgres-data:/var/lib/postgresql/data");
    assertThat(volumes("artemis")).contains("artemis-journal:/var/lib/artemis-instance");
    assertThat(volumes("hub-1")).contains("hub-1-data:/opt/webhook-hub/data");
    assertThat(volumes("hub-2")).contains("hub-2-data:/opt/webhook-hub/data");
  }

  private static boolean isSetting(String variable) {
    return settings.contains(variable) || sourceSetting.matcher(variable).matches();
  }

  private static List<String> hubServices() {
    return services.keySet().stream()
        .filter(name -> service(name).containsKey("build"))
        .sorted()
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(String name) {
    return (Map<String, Object>) services.get(name);
  }

  @SuppressWarnings("unchecked")
  private static List<String> volumes(String service) {
    return (List<String>) service(service).get("volumes");
  }

  /** A service's environment, written as a map or as a list of {@code NAME=value}. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> environment(String service) {
    Object environment = service(service).get("environment");
    Map<String, String> variables = new LinkedHashMap<>();
    if (environment instanceof Map<?, ?> map) {
      map.forEach((k, v) -> variables.put(String.valueOf(k), String.valueOf(v)));
    } else if (environment instanceof List<?> list) {
      for (Object entry : list) {
        String[] parts = String.valueOf(entry).split("=", 2);
        variables.put(parts[0], parts.length > 1 ? parts[1] : "");
      }
    }
    return variables;
  }

  /**
   * YAML 1.2 (snakeyaml-engine) has no merge keys; compose does. {@code <<: *hub} copies the
   * anchored map's entries that the map does not set itself.
   */
  @SuppressWarnings("unchecked")
  private static Object mergeKeys(Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> merged = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            if (!"<<".equals(k)) {
              merged.put(String.valueOf(k), mergeKeys(v));
            }
          });
      if (map.get("<<") instanceof Map<?, ?> base) {
        ((Map<String, Object>) mergeKeys(base)).forEach(merged::putIfAbsent);
      }
      return merged;
    }
    if (node instanceof List<?> list) {
      return list.stream().map(ComposeFileTest::mergeKeys).toList();
    }
    return node;
  }
}
