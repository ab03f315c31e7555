-- The secrets master key's check value: a fixed text encrypted with the key on the first start.
-- Every start decrypts it, so a hub given a different key (or none, after its generated key file
-- was lost) refuses to start instead of failing on the first delivery. One row at most.
CREATE TABLE hub_secrets_key_check (
    id          INTEGER PRIMARY KEY,
    check_value TEXT    NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
