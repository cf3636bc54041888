-- The event bus: events are written to the outbox inside the publisher's transaction (one
-- insert); the dispatcher fans each out to one delivery row per subscriber and delivers it,
-- retrying with backoff and dead-lettering after the subscriber's attempt limit.

CREATE TABLE outbox_events (
    id UUID PRIMARY KEY,
    name TEXT NOT NULL,
    payload TEXT NOT NULL,
    platform_id UUID,
    vendor_id UUID,
    occurred_at TIMESTAMPTZ NOT NULL,
    fanned_out BOOLEAN NOT NULL
);
CREATE INDEX outbox_events_pending ON outbox_events (fanned_out, id);

CREATE TABLE event_deliveries (
    event_id UUID NOT NULL REFERENCES outbox_events(id) ON DELETE CASCADE,
    subscriber TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    -- Also the lease: a claimed delivery's next attempt is pushed out until its handler ran.
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_error TEXT,
    delivered_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (event_id, subscriber)
);
CREATE INDEX event_deliveries_due ON event_deliveries (status, next_attempt_at);
