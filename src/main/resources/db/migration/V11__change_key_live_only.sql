-- Change polling keeps only the keys of live rows it emitted (ChangeState): a key last seen deleted
-- means the same as one never seen, and kept, hub_change_key grew with every deleted row. The
-- deleted column stays (always FALSE now) so that older hubs of a rolling upgrade still read it.
DELETE FROM hub_change_key WHERE deleted = TRUE;
