package dev.webhookhub.observe;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.BasicAuthHandler;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig.AuthenticationConfigEntry;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig.AuthenticationHandlerFactory;

/**
 * HTTP Basic on some paths of camel-main's management server. Camel's own option ({@code
 * camel.management.authenticationPath} with a {@code basicPropertiesFile}) protects one path and
 * reads the password from a file; the hub protects two paths (metrics and Jolokia, not health) with
 * a password it must not write to disk. So it adds entries to the same authentication config that
 * Camel's option fills, before the server starts; Camel's Vert.x server installs them as usual.
 */
final class ManagementAuthentication {

  static final String REALM = "webhook-hub";

  private ManagementAuthentication() {}

  static void require(CamelContext context, OperatorCredentials credentials, List<String> paths) {
    ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
    if (server == null) {
      throw new IllegalStateException(
          "camel-main's management server is not set up (camel.management.enabled)");
    }
    AuthenticationConfig config = server.getConfiguration().getAuthenticationConfig();
    for (String path : paths) {
      AuthenticationConfigEntry entry = new AuthenticationConfigEntry();
      entry.setPath(path);
      entry.setAuthenticationProviderFactory(vertx -> new OperatorProvider(credentials));
      entry.setAuthenticationHandlerFactory(
          new AuthenticationHandlerFactory() {
            @Override
            public <T extends AuthenticationProvider>
                AuthenticationHandler createAuthenticationHandler(T provider) {
              return BasicAuthHandler.create(provider, REALM);
            }
          });
      config.getEntries().add(entry);
    }
    config.setEnabled(true);
  }

  /** Checks the one operator user; no file, no roles. */
  private record OperatorProvider(OperatorCredentials credentials)
      implements AuthenticationProvider {

    @Override
    public void authenticate(JsonObject request, Handler<AsyncResult<User>> result) {
      String user = request.getString("username");
      if (credentials.matches(user, request.getString("password"))) {
        result.handle(Future.succeededFuture(User.fromName(user)));
      } else {
        result.handle(Future.failedFuture("invalid user or password"));
      }
    }
  }
}
