-- A subscription's URL is stored encrypted like its secrets: a Slack or Zapier URL is the
-- credential of its channel, and any URL may carry a token in its query. The key is not in the
-- database, so SQL cannot encrypt the existing rows: the hub does it at start-up, right after the
-- master key check (SubscriptionStore.encryptStoredUrls), and leaves in url only what may be shown
-- (MaskedUrl), for operators reading the table.
ALTER TABLE hub_subscription ADD COLUMN url_encrypted TEXT;
