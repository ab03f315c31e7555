package dev.webhookhub.observe;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.function.Function;
import javax.security.auth.login.Configuration;
import org.eclipse.jetty.util.Decorator;

/**
 * Gives the war's Hawtio this hub's settings and login instead of JVM-wide ones.
 *
 * <p>By default Hawtio reads its settings from {@code hawtio.*} system properties and logs in
 * through the JVM's JAAS configuration ({@code java.security.auth.login.config}). Both are global:
 * two hubs in one JVM, as tests start them, would share one login switch and one operator, and
 * whichever set them last would win for both. Hawtio has a seam for each: its context listener
 * takes a {@code ConfigManager} built on any property resolver (system properties still win over
 * it, so {@code -Dhawtio.…} keeps working for settings the hub does not set), and its {@code
 * AuthenticationConfiguration} takes a JAAS {@link Configuration}. Jetty creates the listener named
 * in the war's web.xml through its decorators, so this decorator swaps in one built with both.
 *
 * <p>Hawtio's classes live in the webapp's class loader, not the hub's, so they are reached by
 * name.
 */
final class HawtioSettingsDecorator implements Decorator {

  private static final String LISTENER = "io.hawt.HawtioContextListener";
  private static final String CONFIG_MANAGER = "io.hawt.system.ConfigManager";
  private static final String AUTH_CONFIGURATION = "io.hawt.web.auth.AuthenticationConfiguration";

  private final Map<String, String> settings;
  private final Configuration login;

  /**
   * @param settings Hawtio's settings by name without the {@code hawtio.} prefix
   * @param login the JAAS configuration Hawtio's login uses
   */
  HawtioSettingsDecorator(Map<String, String> settings, Configuration login) {
    this.settings = Map.copyOf(settings);
    this.login = login;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T decorate(T created) {
    if (created != null && created.getClass().getName().equals(LISTENER)) {
      return (T) new ConfiguredHawtio(created.getClass().getClassLoader());
    }
    return created;
  }

  @Override
  public void destroy(Object o) {}

  /** Hawtio's own context listener, built with the hub's settings, then given its login. */
  private final class ConfiguredHawtio implements ServletContextListener {

    private final ClassLoader webapp;
    private final ServletContextListener hawtio;

    ConfiguredHawtio(ClassLoader webapp) {
      this.webapp = webapp;
      try {
        Class<?> configManager = webapp.loadClass(CONFIG_MANAGER);
        Function<String, String> resolver = settings::get;
        Object config = configManager.getConstructor(Function.class).newInstance(resolver);
        this.hawtio =
            (ServletContextListener)
                webapp.loadClass(LISTENER).getConstructor(configManager).newInstance(config);
      } catch (ReflectiveOperationException e) {
        throw changedHawtio(e);
      }
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
      // Hawtio builds its AuthenticationConfiguration here; its login servlet and filter, which use
      // it, start only after every listener has run.
      hawtio.contextInitialized(event);
      try {
        Class<?> auth = webapp.loadClass(AUTH_CONFIGURATION);
        Object config =
            auth.getMethod("getConfiguration", ServletContext.class)
                .invoke(null, event.getServletContext());
        auth.getMethod("setConfiguration", Configuration.class).invoke(config, login);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException("Hawtio's authentication did not start", e.getCause());
      } catch (ReflectiveOperationException e) {
        throw changedHawtio(e);
      }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
      hawtio.contextDestroyed(event);
    }

    private IllegalStateException changedHawtio(ReflectiveOperationException e) {
      return new IllegalStateException(
          "This Hawtio war lacks the classes the hub configures it through (written for 4.2.0)", e);
    }
  }
}
