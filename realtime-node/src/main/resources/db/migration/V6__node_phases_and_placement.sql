-- A node's phase (cordoned, draining) outlives the node: one restarted while cordoned comes back
-- cordoned, one restarted in a drain carries on draining.
CREATE TABLE node_phases (
    node_id      TEXT PRIMARY KEY,
    phase        TEXT NOT NULL,
    before_drain TEXT
);

-- The whole placement at the newest epoch, not only the epoch: a fleet whose every node restarts
-- comes back with the slot table it had. Null until a table of that epoch is recorded.
ALTER TABLE placement_epoch ADD COLUMN document TEXT;
