-- The secrets master key's check value: a fixed text encrypted with the key on the first start.
-- Every start decrypts it, so a hub given a different key (or none, after its generated key file
-- was lost) refuses to start instead of failing on the first delivery. One row at most.
CREATE TABLE hub_secrets_key_check (
    id          INTEGER PRIMARY KEY,
    check_value TEXT    NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Messages the broker dead-lettered to hub.dead from any queue but hub.deliveries (whose dead
-- letters are deliveries, kept in hub_delivery): an event that fan-out could not process, for one.
-- Kept so that /api/dead-letters shows them and a redrive can put them back where they came from.
CREATE TABLE hub_dead_letter (
    -- derived from the broker's message id, so a re-recorded copy after a crash is one row
    id              VARCHAR(60)  PRIMARY KEY,
    original_queue  VARCHAR(200) NOT NULL,
    event_id        VARCHAR(200),
    event_type      VARCHAR(200),
    organization_id VARCHAR(200),
    reason          TEXT         NOT NULL,
    body            TEXT         NOT NULL,
    -- JSON object: the hub's own message properties, sent again on a redrive
    headers         TEXT         NOT NULL,
    -- dead, or redriven once put back
    status          VARCHAR(20)  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX hub_dead_letter_created ON hub_dead_letter (created_at);
CREATE INDEX hub_dead_letter_event ON hub_dead_letter (event_id);
