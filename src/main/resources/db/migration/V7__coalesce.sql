-- Coalescing: one row per entity whose changes are being merged until its window ends. The row
-- holds the merged envelope so far, so a restart (or a crash) in the middle of a window loses
-- nothing; a poller on any hub claims rows once due_at has passed, publishes, then deletes them.

CREATE TABLE hub_coalesce_pending (
    source          VARCHAR(64)  NOT NULL,
    organization_id VARCHAR(200) NOT NULL,
    -- the entity: JSON array of the event type's family and the configured key values
    entity_key      VARCHAR(400) NOT NULL,
    -- the merged envelope, carrying the latest event's id and the ids it replaced
    envelope        TEXT         NOT NULL,
    first_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    -- first_at + the source's window; later events join but never move it
    due_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (source, organization_id, entity_key)
);

CREATE INDEX hub_coalesce_pending_due ON hub_coalesce_pending (due_at);
