-- Idempotency-Key: the first successful answer to a request, replayed when a client retries it.
-- A failure rolls back with the work it failed, so a retry after a failure runs again.

CREATE TABLE idempotency_keys (
    -- Who and what the key belongs to (the route and its tenant), so two clients can use the same key.
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    -- SHA-256 of the request; the same key with a different request is refused.
    fingerprint TEXT NOT NULL,
    status INTEGER,
    response TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
