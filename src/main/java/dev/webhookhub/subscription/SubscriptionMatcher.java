package dev.webhookhub.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the subscriptions an event goes to, from an in-memory copy of all subscriptions.
 *
 * <p>The copy is checked against the database's change counter at most once per {@code
 * recheckEvery} (one tiny query, whatever the event rate) and reloaded when it moved; changes made
 * through this hub reload it at once. So a change made on another hub instance is seen within
 * {@code recheckEvery}.
 */
public final class SubscriptionMatcher {

  private record Snapshot(
      long version,
      Map<String, List<Compiled>> byOrganization,
      Map<String, Subscription> byId,
      Instant checked) {}

  /** A subscription with its filter parsed once, not per event. */
  private record Compiled(Subscription subscription, PayloadFilter filter) {}

  /** Where the matcher reads subscriptions from: the store, in production. */
  public interface Source {
    long version() throws SQLException;

    /** Every subscription, enabled or not. */
    List<Subscription> all() throws SQLException;
  }

  private final Source store;
  private final Duration recheckEvery;
  private final Clock clock;
  private volatile Snapshot snapshot;

  public SubscriptionMatcher(Source store, Duration recheckEvery, Clock clock) {
    this.store = store;
    this.recheckEvery = recheckEvery;
    this.clock = clock;
  }

  /**
   * @param envelope the event as JSON (eventType, organizationId, locationId, data…)
   * @return the matching subscriptions, enabled or not, in creation order: a disabled one's events
   *     are recorded as skipped, so that they can be replayed once it is enabled again
   */
  public List<Subscription> match(JsonNode envelope) throws SQLException {
    String organizationId = envelope.path("organizationId").asText(null);
    String locationId =
        envelope.path("locationId").isNull() ? null : envelope.path("locationId").asText(null);
    String eventType = envelope.path("eventType").asText();
    List<Subscription> matches = new ArrayList<>();
    for (Compiled candidate : current().byOrganization().getOrDefault(organizationId, List.of())) {
      Subscription s = candidate.subscription();
      boolean locationMatches =
          s.locationId() == null || Objects.equals(s.locationId(), locationId);
      if (locationMatches
          && s.eventTypes().stream().anyMatch(p -> EventTypePatterns.matches(p, eventType))
          && (candidate.filter() == null || candidate.filter().test(envelope))) {
        matches.add(s);
      }
    }
    return matches;
  }

  /** A subscription as of the cached copy, enabled or not; empty if it does not exist. */
  public Optional<Subscription> byId(String id) throws SQLException {
    return Optional.ofNullable(current().byId().get(id));
  }

  /** The store's change counter as of the cached copy: what caches of subscription data key on. */
  public long version() throws SQLException {
    return current().version();
  }

  /** Drops the copy; the next match reloads it. Called after every change made here. */
  public void invalidate() {
    snapshot = null;
  }

  private Snapshot current() throws SQLException {
    Snapshot current = snapshot;
    Instant now = clock.instant();
    if (current != null && now.isBefore(current.checked().plus(recheckEvery))) {
      return current;
    }
    synchronized (this) {
      current = snapshot;
      if (current != null && now.isBefore(current.checked().plus(recheckEvery))) {
        return current;
      }
      long version = store.version();
      if (current != null && current.version() == version) {
        snapshot = new Snapshot(version, current.byOrganization(), current.byId(), now);
      } else {
        snapshot = load(version, now);
      }
      return snapshot;
    }
  }

  private Snapshot load(long version, Instant now) throws SQLException {
    Map<String, List<Compiled>> byOrganization = new HashMap<>();
    Map<String, Subscription> byId = new HashMap<>();
    for (Subscription s : store.all()) {
      byId.put(s.id(), s);
      byOrganization
          .computeIfAbsent(s.organizationId(), k -> new ArrayList<>())
          .add(new Compiled(s, s.filter() == null ? null : PayloadFilter.parse(s.filter())));
    }
    return new Snapshot(version, byOrganization, byId, now);
  }
}
