-- The newest placement epoch any node of the fleet has put in force. A node refuses a table older
-- than this, so a node that comes back after being replaced cannot take its old slots back.
CREATE TABLE placement_epoch (
    id    integer PRIMARY KEY CHECK (id = 1),
    epoch bigint  NOT NULL
);
INSERT INTO placement_epoch (id, epoch) VALUES (1, -1);
