package dev.webhookhub.subscription;

import java.net.URI;

/**
 * What may be shown of a URL that is itself a credential (a Slack or Zapier webhook): scheme, host,
 * port and the first path segment, which says which service it is (`/services/`, `/hooks/`); the
 * rest of the path, the query and any user info are replaced by {@link SubscriptionJson#MASK}. A
 * URL with one path segment at most keeps none: that segment may be the token.
 */
public final class MaskedUrl {

  private MaskedUrl() {}

  /**
   * @param url a URL the target policy accepted
   * @return e.g. {@code https://hooks.slack.com/services/********}
   */
  public static String of(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return SubscriptionJson.MASK;
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      return SubscriptionJson.MASK;
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String[] segments = path.replaceFirst("^/+", "").split("/", 2);
    String kept = segments.length == 2 ? "/" + segments[0] + "/" : "/";
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + kept
        + SubscriptionJson.MASK;
  }
}
