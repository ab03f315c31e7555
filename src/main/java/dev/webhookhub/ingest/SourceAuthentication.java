package dev.webhookhub.ingest;

import dev.webhookhub.config.HubSettings;
import dev.webhookhub.http.ProblemException;
import dev.webhookhub.signature.SecretComparison;
import dev.webhookhub.signature.StandardWebhooksSignature;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may post events for a source over HTTP: a source may require a bearer token ({@code
 * hub.source.<name>.token}) and/or a signature of the raw body ({@code
 * hub.source.<name>.signing-secret}), Standard Webhooks style or in its own contract's header (see
 * {@link ContractSignature}). Checked on the raw bytes before anything parses them; a request that
 * fails gets a 401 and nothing is published.
 *
 * <p>A source with neither is open to anyone who reaches the port. That is fine on localhost and a
 * risk anywhere else, so the hub warns once per such source when it listens beyond localhost.
 */
public final class SourceAuthentication {

  private static final Logger LOG = LoggerFactory.getLogger(SourceAuthentication.class);

  /** How far {@code webhook-timestamp} may be from the hub's clock, either way (the spec's). */
  static final Duration TOLERANCE = Duration.ofMinutes(5);

  static final String BEARER_CHALLENGE = "Bearer realm=\"webhook-hub\"";

  /** No registered scheme exists for signed bodies; the challenge names the headers' standard. */
  static final String SIGNATURE_CHALLENGE = "Standard-Webhooks realm=\"webhook-hub\"";

  /** What one source requires; both lists empty means it is open. */
  record Credentials(
      List<String> tokens, List<String> signingSecrets, Optional<ContractSignature> contract) {

    boolean open() {
      return tokens.isEmpty() && signingSecrets.isEmpty();
    }

    String challenges() {
      List<String> challenges = new ArrayList<>();
      if (!tokens.isEmpty()) {
        challenges.add(BEARER_CHALLENGE);
      }
      if (!signingSecrets.isEmpty()) {
        challenges.add(SIGNATURE_CHALLENGE);
      }
      return String.join(", ", challenges);
    }
  }

  private final Function<String, List<String>> tokens;
  private final Function<String, List<String>> signingSecrets;
  private final UnaryOperator<String> normaliserOf;
  private final boolean exposed;
  private final Clock clock;
  private final Map<String, Credentials> bySource = new ConcurrentHashMap<>();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /**
   * @param tokens a source's accepted tokens (empty: none required)
   * @param signingSecrets a source's {@code whsec_} secrets (empty: no signature required)
   * @param normaliserOf a known source's normaliser family, which decides its contract signature
   * @param exposed whether the HTTP server listens beyond localhost
   */
  public SourceAuthentication(
      Function<String, List<String>> tokens,
      Function<String, List<String>> signingSecrets,
      UnaryOperator<String> normaliserOf,
      boolean exposed,
      Clock clock) {
    this.tokens = tokens;
    this.signingSecrets = signingSecrets;
    this.normaliserOf = normaliserOf;
    this.exposed = exposed;
    this.clock = clock;
  }

  /**
   * The hub's authentication: reads and checks the credentials of every configured source now, and
   * of every source a YAML route declares when it is declared, so that a bad secret fails at start
   * (or refuses the route) and open sources are named in the log right away.
   */
  public static SourceAuthentication install(HubSettings settings, KnownSources sources) {
    SourceAuthentication authentication =
        new SourceAuthentication(
            settings::sourceTokens,
            settings::sourceSigningSecrets,
            sources::normaliserOf,
            settings.httpExposed(),
            Clock.systemUTC());
    sources.names().forEach(name -> authentication.load(name, sources.normaliserOf(name)));
    sources.onDeclared(authentication::load);
    return authentication;
  }

  /** Reads a source's credentials again (it was declared, maybe with another normaliser). */
  void load(String source, String normaliser) {
    Credentials credentials =
        new Credentials(
            tokens.apply(source), signingSecrets.apply(source), ContractSignature.of(normaliser));
    bySource.put(source, credentials);
    if (credentials.open() && exposed && warned.add(source)) {
      LOG.warn(
          "Source {} accepts events over HTTP from anyone who can reach the hub: set"
              + " hub.source.{}.token or hub.source.{}.signing-secret",
          source,
          source,
          source);
    }
  }

  private Credentials credentials(String source) {
    Credentials known = bySource.get(source);
    if (known != null) {
      return known;
    }
    load(source, normaliserOf.apply(source));
    return bySource.get(source);
  }

  /**
   * Lets the request through if it carries what the source requires.
   *
   * @param header a request header by name (case-insensitive), {@code null} if absent
   * @param body the raw body, as received
   * @throws ProblemException 401 with {@code WWW-Authenticate} otherwise
   */
  public void authenticate(String source, UnaryOperator<String> header, byte[] body) {
    Credentials credentials = credentials(source);
    if (!credentials.tokens().isEmpty()) {
      String authorization = header.apply("Authorization");
      if (!bearerMatches(credentials.tokens(), authorization)) {
        throw refused(
            credentials,
            "unauthorized",
            "Unauthorized",
            authorization == null
                ? "source '" + source + "' needs an Authorization: Bearer <token> header"
                : "the bearer token is not valid for source '" + source + "'");
      }
    }
    if (!credentials.signingSecrets().isEmpty()) {
      checkSignature(source, credentials, header, body);
    }
  }

  private static boolean bearerMatches(List<String> tokens, String authorization) {
    String scheme = "Bearer ";
    if (authorization == null
        || !authorization.regionMatches(true, 0, scheme, 0, scheme.length())) {
      return false;
    }
    byte[] given = authorization.substring(scheme.length()).trim().getBytes(StandardCharsets.UTF_8);
    boolean matched = false;
    for (String token : tokens) {
      matched |= SecretComparison.matches(token.getBytes(StandardCharsets.UTF_8), given);
    }
    return matched;
  }

  /** A Standard Webhooks signature if one is sent, else the source contract's, if it has one. */
  private void checkSignature(
      String source, Credentials credentials, UnaryOperator<String> header, byte[] body) {
    String signature = header.apply("webhook-signature");
    if (signature != null) {
      checkStandardWebhooks(credentials, header, body, signature);
      return;
    }
    Optional<ContractSignature> contract = credentials.contract();
    Optional<String> contractValue = contract.map(c -> header.apply(c.header()));
    if (contractValue.isPresent()) {
      if (!contract.get().verify(credentials.signingSecrets(), body, contractValue.get())) {
        throw badSignature(
            credentials, "the " + contract.get().header() + " header does not sign this body");
      }
      return;
    }
    throw badSignature(
        credentials,
        "source '"
            + source
            + "' accepts signed requests only: send the Standard Webhooks headers webhook-id,"
            + " webhook-timestamp and webhook-signature"
            + contract.map(c -> ", or " + c.header()).orElse(""));
  }

  private void checkStandardWebhooks(
      Credentials credentials, UnaryOperator<String> header, byte[] body, String signature) {
    String id = header.apply("webhook-id");
    String timestamp = header.apply("webhook-timestamp");
    if (id == null || timestamp == null) {
      throw badSignature(
          credentials, "a signed request needs the webhook-id and webhook-timestamp headers too");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      throw badSignature(credentials, "webhook-timestamp must be whole seconds since the epoch");
    }
    long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
    if (skew > TOLERANCE.toSeconds()) {
      throw badSignature(
          credentials,
          "webhook-timestamp is "
              + skew
              + " s away from the hub's clock, more than the "
              + TOLERANCE.toSeconds()
              + " s allowed: a replayed request, or a sender whose clock is wrong");
    }
    if (!StandardWebhooksSignature.verify(
        credentials.signingSecrets(), id, seconds, body, signature)) {
      throw badSignature(credentials, "no webhook-signature entry signs this request");
    }
  }

  private static ProblemException badSignature(Credentials credentials, String detail) {
    return refused(credentials, "invalid-signature", "Invalid signature", detail);
  }

  private static ProblemException refused(
      Credentials credentials, String kind, String title, String detail) {
    LOG.debug("Ingest request refused: {}", detail);
    return new ProblemException(401, kind, title, detail)
        .withHeader("WWW-Authenticate", credentials.challenges());
  }
}
