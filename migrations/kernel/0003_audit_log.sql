-- Append-only audit log, hash-chained: each event's hash covers its fields and the previous
-- event's hash, and the chain head remembers the last sequence number and hash, so an edited,
-- deleted or truncated row is detected by `agora audit verify`.

CREATE TABLE audit_events (
    id UUID PRIMARY KEY,
    seq BIGINT NOT NULL UNIQUE,
    occurred_at TIMESTAMPTZ NOT NULL,
    actor_user_id UUID,
    actor_label TEXT NOT NULL,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    platform_id UUID,
    vendor_id UUID,
    summary TEXT NOT NULL,
    address TEXT,
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_events_platform ON audit_events (platform_id, seq);
CREATE INDEX audit_events_vendor ON audit_events (vendor_id, seq);

-- One row: the head of the chain. Appending updates it first, which serialises appends.
CREATE TABLE audit_chain (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_chain (id, last_seq, last_hash) VALUES (1, 0, 'genesis');
