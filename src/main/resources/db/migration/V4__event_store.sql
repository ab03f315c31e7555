-- The fan-out record becomes the event store: each event's envelope is kept for the retention
-- period, so deliveries can be replayed and new subscriptions can be given past events.
ALTER TABLE hub_fanout ADD COLUMN envelope TEXT;
ALTER TABLE hub_fanout ADD COLUMN source VARCHAR(64);

CREATE INDEX hub_fanout_recorded ON hub_fanout (recorded_at);
