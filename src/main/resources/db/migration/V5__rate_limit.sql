-- Optional per-subscription rate limit, deliveries per second; NULL = unlimited.
ALTER TABLE hub_subscription ADD COLUMN rate_limit INTEGER;
