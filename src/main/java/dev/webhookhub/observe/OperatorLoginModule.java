package dev.webhookhub.observe;

import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * A JAAS login module for the hub's one operator ({@link OperatorCredentials}), for Hawtio's login
 * and Jetty's. It grants the role {@value #ROLE}. Jetty's {@code PropertyFileLoginModule} cannot
 * serve here: it fails when Hawtio's own login calls it, because it needs Jetty's login service.
 *
 * <p>The module gets its credentials from the configuration's options rather than from a file or a
 * static field, so that each hub in a JVM has its own (see {@link #configuration}).
 */
public final class OperatorLoginModule implements LoginModule {

  /** The JAAS realm Hawtio and Jetty log in with (Hawtio's default name). */
  public static final String REALM = "hawtio";

  /** The operator's role; Hawtio is told to require it. */
  public static final String ROLE = "admin";

  private static final String CREDENTIALS_OPTION = "credentials";

  /** Hawtio shows the name of a principal whose class is called {@code UserPrincipal}. */
  public record UserPrincipal(String getName) implements Principal {}

  /** Hawtio and Jetty find roles by this class's name. */
  public record RolePrincipal(String getName) implements Principal {}

  private Subject subject;
  private CallbackHandler callbacks;
  private OperatorCredentials credentials;
  private String user;

  /** A JAAS configuration whose every realm logs in with this module against {@code operator}. */
  public static Configuration configuration(OperatorCredentials operator) {
    AppConfigurationEntry[] entries = {
      new AppConfigurationEntry(
          OperatorLoginModule.class.getName(),
          LoginModuleControlFlag.REQUIRED,
          Map.of(CREDENTIALS_OPTION, operator))
    };
    return new Configuration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        return entries.clone();
      }
    };
  }

  @Override
  public void initialize(
      Subject subject,
      CallbackHandler callbackHandler,
      Map<String, ?> sharedState,
      Map<String, ?> options) {
    this.subject = subject;
    this.callbacks = callbackHandler;
    this.credentials = (OperatorCredentials) options.get(CREDENTIALS_OPTION);
  }

  @Override
  public boolean login() throws LoginException {
    NameCallback name = new NameCallback("user");
    PasswordCallback password = new PasswordCallback("password", false);
    try {
      callbacks.handle(new Callback[] {name, password});
    } catch (IOException | UnsupportedCallbackException e) {
      throw new LoginException("cannot read the user and password: " + e);
    }
    char[] typed = password.getPassword();
    String candidate = typed == null ? null : new String(typed);
    password.clearPassword();
    if (credentials == null || !credentials.matches(name.getName(), candidate)) {
      throw new FailedLoginException("wrong user or password");
    }
    user = name.getName();
    return true;
  }

  @Override
  public boolean commit() {
    if (user == null) {
      return false;
    }
    subject.getPrincipals().add(new UserPrincipal(user));
    subject.getPrincipals().add(new RolePrincipal(ROLE));
    return true;
  }

  @Override
  public boolean abort() {
    user = null;
    return true;
  }

  @Override
  public boolean logout() {
    subject.getPrincipals().removeIf(p -> p instanceof UserPrincipal || p instanceof RolePrincipal);
    user = null;
    return true;
  }
}
