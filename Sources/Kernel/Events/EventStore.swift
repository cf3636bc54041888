import Foundation
import Hummingbird
import SQLKit

/// An event with its deliveries, as admins inspect it.
public struct EventRecord: Codable, Sendable, Equatable, ResponseEncodable {
    public struct Delivery: Codable, Sendable, Equatable {
        public let subscriber: String
        public let status: String
        public let attempts: Int
        public let maxAttempts: Int
        public let nextAttemptAt: Date
        public let lastError: String?
        public let deliveredAt: Date?
    }

    public let id: UUID
    public let name: String
    public let payload: String
    public let platformId: UUID?
    public let vendorId: UUID?
    public let occurredAt: Date
    public let deliveries: [Delivery]
}

/// A dead-lettered delivery.
public struct DeadLetter: Codable, Sendable, Equatable {
    public let eventId: UUID
    public let name: String
    public let subscriber: String
    public let attempts: Int
    public let lastError: String?
    public let occurredAt: Date
    public let updatedAt: Date
}

/// SQL for inspecting and replaying events.
public enum EventStore {
    private struct EventRow: Decodable {
        let id: UUID, name: String, payload: String, platformId: UUID?, vendorId: UUID?, occurredAt: Date
    }

    /// Super admins see every event; platform admins those of their platforms.
    private static func visible(_ scope: AdminScope, column: String) -> SQLQueryString {
        scope == .everything ? "1 = 1" : scope.condition(column)
    }

    /// The event with `id` and its deliveries, if `scope` may see it.
    public static func event(_ id: UUID, in scope: AdminScope, on db: DatabaseSession) async throws -> EventRecord? {
        guard let row = try await db.sql.raw("""
            SELECT id, name, payload, platform_id, vendor_id, occurred_at FROM outbox_events WHERE id = \(bind: id) AND \(visible(scope, column: "platform_id"))
            """).row(EventRow.self) else { return nil }
        let deliveries = try await db.sql.raw("""
            SELECT subscriber, status, attempts, max_attempts, next_attempt_at, last_error, delivered_at FROM event_deliveries
            WHERE event_id = \(bind: id) ORDER BY subscriber
            """).rows(EventRecord.Delivery.self)
        return EventRecord(id: row.id, name: row.name, payload: row.payload, platformId: row.platformId, vendorId: row.vendorId,
                           occurredAt: row.occurredAt, deliveries: deliveries)
    }

    /// Dead letters, oldest first, after `afterEvent` (cursor).
    public static func deadLetters(in scope: AdminScope, page: PageRequest, on db: DatabaseSession) async throws -> [DeadLetter] {
        try await db.sql.raw("""
            SELECT d.event_id, e.name, d.subscriber, d.attempts, d.last_error, e.occurred_at, d.updated_at
            FROM event_deliveries d JOIN outbox_events e ON e.id = d.event_id
            WHERE d.status = 'dead' AND \(visible(scope, column: "e.platform_id")) \(after: page, column: "d.event_id")
            ORDER BY d.event_id, d.subscriber \(limit: page.limit + 1)
            """).rows(DeadLetter.self)
    }

    /// Puts dead deliveries of `eventId` (one subscriber's, or all) back in the queue with a
    /// fresh attempt budget; returns how many were replayed.
    public static func replay(_ eventId: UUID, subscriber: String?, at now: Date, on tx: DatabaseSession) async throws -> Int {
        let only: SQLQueryString = subscriber.map { "AND subscriber = \(bind: $0)" } ?? ""
        let rows = try await tx.sql.raw("""
            UPDATE event_deliveries SET status = 'pending', attempts = 0, next_attempt_at = \(bind: now), last_error = NULL, updated_at = \(bind: now)
            WHERE event_id = \(bind: eventId) AND status = 'dead' \(only) RETURNING subscriber
            """).all()
        if !rows.isEmpty { tx.afterCommit { EventDispatcher.wakeAll() } }
        return rows.count
    }

    /// Backlog figures for metrics: pending deliveries, events not yet fanned out, the oldest
    /// pending item's time, and dead letters.
    public struct Backlog: Decodable, Sendable {
        public let pendingDeliveries: Int
        public let unfannedEvents: Int
        public let deadLetters: Int
        public let deliveredTotal: Int
    }

    public static func backlog(on db: DatabaseSession) async throws -> Backlog {
        try await db.sql.raw("""
            SELECT (SELECT COUNT(*) FROM event_deliveries WHERE status = 'pending') AS pending_deliveries,
                   (SELECT COUNT(*) FROM outbox_events WHERE fanned_out = \(bind: false)) AS unfanned_events,
                   (SELECT COUNT(*) FROM event_deliveries WHERE status = 'dead') AS dead_letters,
                   (SELECT COUNT(*) FROM event_deliveries WHERE status = 'delivered') AS delivered_total
            """).row(Backlog.self)!
    }

    private struct Oldest: Decodable { let occurredAt: Date? }

    /// When the oldest event still waiting for fan-out or delivery occurred.
    public static func oldestPending(on db: DatabaseSession) async throws -> Date? {
        let fan = try await db.sql.raw("SELECT MIN(occurred_at) AS occurred_at FROM outbox_events WHERE fanned_out = \(bind: false)").row(Oldest.self)?.occurredAt
        let delivery = try await db.sql.raw("""
            SELECT MIN(e.occurred_at) AS occurred_at FROM event_deliveries d JOIN outbox_events e ON e.id = d.event_id WHERE d.status = 'pending'
            """).row(Oldest.self)?.occurredAt
        return [fan, delivery].compactMap { $0 }.min()
    }
}
