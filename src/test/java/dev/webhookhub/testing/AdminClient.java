package dev.webhookhub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.UnaryOperator;

/** Calls a hub's admin API as an operator's script would. */
public final class AdminClient {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final UnaryOperator<String> httpUrl;
  private final String token;

  /** With {@link TestHub#ADMIN_TOKEN}, which a {@link HubProcess} gets as HUB_ADMIN_TOKEN too. */
  public AdminClient(HubAddress hub) {
    this(hub, TestHub.ADMIN_TOKEN);
  }

  /**
   * @param token {@code null} to send no Authorization header
   */
  public AdminClient(HubAddress hub, String token) {
    this(hub::httpUrl, token);
  }

  /**
   * For a hub in another process.
   *
   * @param httpUrl the hub's URL of a path, e.g. {@link HubProcess#httpUrl}
   */
  public AdminClient(UnaryOperator<String> httpUrl, String token) {
    this.httpUrl = httpUrl;
    this.token = token;
  }

  public HttpResponse<String> call(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(httpUrl.apply(path)))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Calls and checks the status; returns the JSON answer (or null for an empty one). */
  public JsonNode expect(int status, String method, String path, String body) throws Exception {
    HttpResponse<String> response = call(method, path, body);
    if (response.statusCode() != status) {
      throw new AssertionError(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body().isEmpty() ? null : JSON.readTree(response.body());
  }

  /** Creates a subscription and returns the answer, secret included. */
  public JsonNode create(String json) throws Exception {
    return expect(201, "POST", "/api/subscriptions", json);
  }
}
