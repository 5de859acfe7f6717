-- Several PreviewBridge nodes on one database (issue 4, "Polling that scales").

-- The nodes that share this database, each beating every few seconds: the live ones split
-- Notion's request limits between them.
CREATE TABLE node (
    id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    name            VARCHAR(200)  NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    seen_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_node_seen ON node (seen_at);

-- A check claims a due preview by moving next_check_at a lease ahead and writing its own claim
-- id; only the holder of the claim may record the result. checked_by names the node of the last
-- check.
ALTER TABLE tracked_preview ADD COLUMN claim_id VARCHAR(36);
ALTER TABLE tracked_preview ADD COLUMN checked_by VARCHAR(200);

-- While an attempt of a delivery is on its way to Notion (from whichever node), a newer delivery
-- of the same preview waits: the older PATCH must not land last.
ALTER TABLE delivery ADD COLUMN in_flight_until TIMESTAMP WITH TIME ZONE;
