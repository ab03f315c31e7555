package dev.webhookhub.subscription;

import dev.webhookhub.subscription.SubscriptionStore.StoredSecret;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decrypted signing secrets per subscription, so that an attempt costs no database read and no
 * decryption. An entry is current while the subscriptions' change counter is unchanged: rotating a
 * secret, replacing or deleting a subscription bumps it on any instance, and {@link
 * SubscriptionMatcher} rechecks it every {@code hub.subscriptions.recheck-interval}. Secrets that
 * expire (the overlap after a rotation) are filtered at each use, so none signs past its time.
 */
public final class SigningSecretCache {

  private record Entry(long version, List<StoredSecret> secrets) {}

  private final SubscriptionStore store;
  private final SubscriptionMatcher matcher;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public SigningSecretCache(SubscriptionStore store, SubscriptionMatcher matcher) {
    this.store = store;
    this.matcher = matcher;
  }

  /** The secrets that sign at {@code now}, newest first. */
  public List<String> current(String subscriptionId, Instant now) throws SQLException {
    long version = matcher.version();
    Entry entry = entries.get(subscriptionId);
    if (entry == null || entry.version() != version) {
      entry = new Entry(version, store.storedSecrets(subscriptionId));
      // Entries of deleted subscriptions are never read again; a crude bound keeps them from
      // piling up in a hub that creates and deletes subscriptions for months.
      if (entries.size() > 100_000) {
        entries.clear();
      }
      entries.put(subscriptionId, entry);
    }
    return entry.secrets().stream()
        .filter(s -> s.expiresAt() == null || s.expiresAt().isAfter(now))
        .map(StoredSecret::secret)
        .toList();
  }
}
