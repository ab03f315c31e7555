package dev.webhookhub.observe;

import dev.webhookhub.admin.AdminToken;
import dev.webhookhub.config.HubSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.security.auth.login.Configuration;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.support.service.ServiceSupport;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.security.jaas.JAASLoginService;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.IO;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hawtio console at {@code http://<hub.hawtio.host>:<hub.hawtio.port>/hawtio}: Hawtio's war in
 * an embedded Jetty, in the hub's JVM, so that its Camel tab shows the hub's routes and its JMX
 * tree the embedded broker's queues. The war needs a servlet container; Vert.x, which serves the
 * hub's HTTP API, is not one.
 *
 * <p>A Camel service: Jetty starts once the routes run and stops with the hub. It starts on a
 * thread of its own, after the hub is up: unpacking the war and starting the webapp take about a
 * second, and an operator's console is no reason to keep events waiting (readiness does not include
 * it). If it cannot start (its port is taken), the hub runs on without it and says so at ERROR. The
 * war travels inside the hub's jar as one file ({@value #WAR}); it is copied to the data dir and
 * unpacked there at each start, and both are removed at stop.
 */
public final class HawtioConsole extends ServiceSupport implements ExtendedStartupListener {

  private static final Logger LOG = LoggerFactory.getLogger(HawtioConsole.class);

  /** Where the build puts Hawtio's war on the classpath (see the pom). */
  static final String WAR = "hawtio/hawtio.war";

  private final HubSettings settings;
  private final OperatorCredentials operator;
  private final Path directory;
  private final CompletableFuture<Server> started = new CompletableFuture<>();
  private volatile boolean launched;

  HawtioConsole(HubSettings settings, OperatorCredentials operator) {
    this.settings = settings;
    this.operator = operator;
    this.directory = settings.dataDir().resolve("hawtio").toAbsolutePath();
  }

  /** Adds the console to the hub unless {@code hub.hawtio.enabled} is false. */
  public static void install(CamelContext context, HubSettings settings, AdminToken adminToken)
      throws Exception {
    if (!settings.hawtioEnabled()) {
      LOG.info("Hawtio console is off (hub.hawtio.enabled=false)");
      return;
    }
    HawtioConsole console =
        new HawtioConsole(settings, OperatorCredentials.of(settings, adminToken));
    context.addService(console, true, true);
    context.addStartupListener(console);
  }

  @Override
  public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    // Routes are not running yet: Jetty starts in onCamelContextFullyStarted.
  }

  @Override
  public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
    Thread starter =
        new Thread(
            () -> {
              try {
                started.complete(startJetty());
              } catch (Exception | LinkageError e) {
                started.completeExceptionally(e);
                LOG.error("{} The hub runs on without its console.", e.getMessage(), e);
              }
            },
            "hawtio-start");
    starter.setDaemon(true);
    launched = true;
    starter.start();
  }

  /**
   * Waits until the console answers, for callers that need it at once (tests).
   *
   * @throws IllegalStateException if it could not start
   */
  public void awaitStarted(Duration limit) throws InterruptedException, TimeoutException {
    try {
      started.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Hawtio did not start", e.getCause());
    }
  }

  private Server startJetty() throws Exception {
    // A hub killed with kill -9 leaves the last unpacked war behind.
    IO.delete(directory);
    Files.createDirectories(directory);
    Path war = copyWar(directory.resolve("hawtio.war"));

    Configuration login = OperatorLoginModule.configuration(operator);
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/hawtio");
    webapp.setWar(war.toString());
    webapp.setTempDirectory(directory.resolve("work").toFile());
    webapp.setTempDirectoryPersistent(false);
    webapp.setThrowUnavailableOnStartupException(true);
    // Hawtio logs through the hub's logging, not the log4j copy inside its war.
    webapp.getProtectedClassMatcher().add("org.slf4j.", "org.apache.logging.log4j.");
    // The war brings its own Jolokia; the hub's (for /observe/jolokia) is another version. Jolokia
    // finds its parts by listing META-INF/jolokia/* in every jar it can see, and mixing the two
    // fails with a ClassCastException at the first answer, so the webapp sees only its own.
    webapp.getHiddenClassMatcher().add("org.jolokia.", "META-INF.jolokia.");
    // The war's HTTP client logs through its own commons-logging 1.2, which would discover the
    // hub's spring-jcl through its service file; spring-jcl then prints a warning to stderr, a
    // line that is not JSON under HUB_LOG_FORMAT=json. The webapp keeps to its own copy.
    webapp
        .getHiddenClassMatcher()
        .add("org.apache.commons.logging.", "META-INF.services.org.apache.commons.logging.");
    webapp.getObjectFactory().addDecorator(new HawtioSettingsDecorator(hawtioSettings(), login));
    webapp.setSecurityHandler(securityHandler(login));
    // Browsers keep cookies per host, not per port: two hubs on one host (as with
    // scripts/local-cluster.sh) would each end the other's session with a shared JSESSIONID.
    webapp.getSessionHandler().setSessionCookie("HAWTIO_SESSION_" + settings.hawtioPort());

    QueuedThreadPool threads = new QueuedThreadPool(32, 2);
    threads.setName("hawtio");
    Server jetty = new Server(threads);
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost(settings.hawtioHost());
    connector.setPort(settings.hawtioPort());
    jetty.addConnector(connector);
    jetty.setHandler(webapp);
    try {
      jetty.start();
    } catch (Exception e) {
      jetty.stop();
      throw new IllegalStateException(
          "Hawtio could not start on "
              + settings.hawtioHost()
              + ":"
              + settings.hawtioPort()
              + " (hub.hawtio.enabled=false turns it off): "
              + e.getMessage(),
          e);
    }
    if (settings.hawtioAuth()) {
      LOG.info(
          "Hawtio console at http://{}:{}/hawtio (user {}, password from {})",
          settings.hawtioHost(),
          connector.getLocalPort(),
          operator.user(),
          settings.hawtioPassword().isPresent() ? "hub.hawtio.password" : "the admin API token");
    } else {
      LOG.warn(
          "Hawtio console at http://{}:{}/hawtio has its login turned off (hub.hawtio.auth=false):"
              + " anyone who reaches it can stop routes and purge queues. For local use only.",
          settings.hawtioHost(),
          connector.getLocalPort());
    }
    return jetty;
  }

  /** Hawtio's settings for this console (see {@link HawtioSettingsDecorator}). */
  private Map<String, String> hawtioSettings() {
    return Map.of(
        "authenticationEnabled",
        String.valueOf(settings.hawtioAuth()),
        "realm",
        OperatorLoginModule.REALM,
        "roles",
        OperatorLoginModule.ROLE,
        // Without this Hawtio checks no roles at all.
        "rolePrincipalClasses",
        OperatorLoginModule.RolePrincipal.class.getName());
  }

  /**
   * Hawtio checks credentials itself (its login form, and HTTP Basic on /hawtio/jolokia), so Jetty
   * constrains nothing. Its logout, though, calls the servlet API's logout, which Jetty answers
   * with 500 and leaves the session valid unless the webapp has a login service.
   */
  private static ConstraintSecurityHandler securityHandler(Configuration login) {
    JAASLoginService service = new JAASLoginService(OperatorLoginModule.REALM);
    service.setConfiguration(login);
    service.setRoleClassNames(new String[] {OperatorLoginModule.RolePrincipal.class.getName()});
    ConstraintSecurityHandler security = new ConstraintSecurityHandler();
    security.setAuthenticator(new BasicAuthenticator());
    security.setLoginService(service);
    security.setRealmName(OperatorLoginModule.REALM);
    return security;
  }

  private static Path copyWar(Path target) throws IOException {
    try (InputStream war = HawtioConsole.class.getClassLoader().getResourceAsStream(WAR)) {
      if (war == null) {
        throw new IllegalStateException(
            WAR + " is not on the classpath; the build copies it there (mvn package)");
      }
      Files.copy(war, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  @Override
  protected void doStop() throws Exception {
    // A start still under way is let finish, so that it leaves nothing running behind the stop.
    try {
      if (launched) {
        started.get(30, TimeUnit.SECONDS).stop();
      }
    } catch (ExecutionException | TimeoutException e) {
      // Not started: nothing to stop.
    }
    IO.delete(directory);
  }
}
