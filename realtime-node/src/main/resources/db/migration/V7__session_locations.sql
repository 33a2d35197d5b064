-- Where a session lives when it is not at the node that made it (its id names that node, its
-- home). Written when a session moves, deleted when it ends, so that a client resuming anywhere
-- finds its session in two hops at most: its home, or the node this row names. A home drained and
-- deleted in a rolling restart takes no session with it.
CREATE TABLE session_locations (
    session_id TEXT        PRIMARY KEY,
    node_id    TEXT        NOT NULL,
    moved_at   TIMESTAMPTZ NOT NULL
);
