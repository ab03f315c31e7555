package dev.webhookhub.subscription;

import java.net.UnknownHostException;

/**
 * A host that resolves, but to an address deliveries must not reach. It extends {@link
 * UnknownHostException} because that is what an HTTP client's DNS resolver may throw; the subtype
 * lets delivery code tell a refused target from a DNS outage when it decides whether to retry.
 */
public class ForbiddenAddressException extends UnknownHostException {

  public ForbiddenAddressException(String message) {
    super(message);
  }
}
