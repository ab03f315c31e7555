package dev.webhookhub.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * RFC 9457 problem details: the one error body of every hub HTTP endpoint. {@code type} is a URN
 * per kind of problem, so clients can branch on it without parsing prose; the kinds are listed in
 * docs/http-problems.md.
 */
public record ProblemDetails(int status, String kind, String title, String detail) {

  public static final String CONTENT_TYPE = "application/problem+json";

  private static final ObjectMapper JSON = new ObjectMapper();

  public String type() {
    return "urn:webhook-hub:problem:" + kind;
  }

  public String toJson(String instance) {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", type());
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    if (instance != null) {
      body.put("instance", instance);
    }
    return body.toString();
  }
}
