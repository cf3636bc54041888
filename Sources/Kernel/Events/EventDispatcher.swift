import Foundation
import Logging
import NIOConcurrencyHelpers
import SQLKit
import ServiceLifecycle

/// Delivers outbox events to subscribers: fans each new event out to one delivery row per
/// subscriber, claims due deliveries (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so several
/// instances share the work without delivering a pair twice in the normal case), runs the
/// handlers, and records success, a retry with backoff, or a dead letter.
public final class EventDispatcher: Service, Sendable {
    /// Deliveries claimed per pass.
    let batchSize: Int
    /// How long a claimed delivery is reserved for this instance; if it crashes, another
    /// instance retries after this.
    let lease: TimeInterval
    /// How long an idle dispatcher sleeps when nobody rings.
    let idleInterval: Duration

    let kernel: KernelServices
    private let subscriptionsByEvent: [String: [EventSubscription]]
    private let subscriptionsByName: [String: EventSubscription]
    private let doorbell = Doorbell()

    private static let doorbells = NIOLockedValueBox<[ObjectIdentifier: Doorbell]>([:])

    /// Wakes every dispatcher in this process (after a publishing transaction committed).
    static func wakeAll() {
        for doorbell in doorbells.withLockedValue({ Array($0.values) }) { doorbell.ring() }
    }

    public init(kernel: KernelServices, batchSize: Int = 500, lease: TimeInterval = 60, idleInterval: Duration = .milliseconds(500)) {
        self.kernel = kernel
        self.batchSize = batchSize
        self.lease = lease
        self.idleInterval = idleInterval
        let subscriptions = kernel.registry.modules.flatMap(\.eventSubscriptions)
        self.subscriptionsByEvent = Dictionary(grouping: subscriptions, by: \.event)
        self.subscriptionsByName = Dictionary(subscriptions.map { ($0.subscriber, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func run() async throws {
        let key = ObjectIdentifier(self)
        Self.doorbells.withLockedValue { $0[key] = doorbell }
        defer { _ = Self.doorbells.withLockedValue { $0.removeValue(forKey: key) } }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                var worked = 0
                do {
                    worked = try await self.runOnce(now: self.kernel.now())
                } catch {
                    self.kernel.logger.error("Event dispatcher pass failed", metadata: ["error": .string(DatabaseErrors.describe(error))])
                }
                if worked == 0 { await self.doorbell.wait(timeout: self.idleInterval) }
            }
        }
    }

    /// Runs passes until nothing is due; returns the deliveries attempted.
    @discardableResult
    public func drain() async throws -> Int {
        var total = 0
        while true {
            let worked = try await runOnce(now: kernel.now())
            if worked == 0 { return total }
            total += worked
        }
    }

    /// One pass: fan out new events, then claim and deliver one batch. Returns how many
    /// events were fanned out plus deliveries attempted (0 when idle).
    public func runOnce(now: Date) async throws -> Int {
        let fanned = try await fanOut(now: now)
        let claimed = try await claim(now: now)
        if claimed.isEmpty { return fanned }
        var delivered: [String: [UUID]] = [:]
        var failed: [(Claimed, String)] = []
        for item in claimed {
            guard let subscription = subscriptionsByName[item.subscriber] else {
                failed.append((item, "No subscriber named \(item.subscriber) is registered"))
                continue
            }
            do {
                try await subscription.handle(DeliveredEvent(id: item.event.id, name: item.event.name,
                                                             payload: Data(item.event.payload.utf8), occurredAt: item.event.occurredAt, kernel: kernel))
                delivered[item.subscriber, default: []].append(item.event.id)
            } catch {
                failed.append((item, String(describing: error).prefix(500).description))
            }
        }
        let finished = kernel.now()
        try await kernel.database.transaction { tx in
            for (subscriber, ids) in delivered {
                try await tx.sql.raw("""
                    UPDATE event_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = \(bind: finished),
                        last_error = NULL, updated_at = \(bind: finished)
                    WHERE subscriber = \(bind: subscriber) AND event_id IN (\(binds: ids))
                    """).run()
            }
            for (item, error) in failed {
                let attempts = item.attempts + 1
                let dead = attempts >= item.maxAttempts
                let next = finished.addingTimeInterval(RetryPolicy.delay(afterAttempts: attempts, random: Double.random(in: 0...1)))
                try await tx.sql.raw("""
                    UPDATE event_deliveries SET status = \(bind: dead ? "dead" : "pending"), attempts = \(bind: attempts),
                        next_attempt_at = \(bind: next), last_error = \(bind: error), updated_at = \(bind: finished)
                    WHERE event_id = \(bind: item.event.id) AND subscriber = \(bind: item.subscriber)
                    """).run()
                if dead {
                    kernel.logger.warning("Event delivery dead-lettered", metadata: [
                        "event": .string(item.event.name), "event_id": .string(item.event.id.uuidString),
                        "subscriber": .string(item.subscriber), "error": .string(error)])
                }
            }
        }
        return fanned + claimed.count
    }

    struct OutboxRow: Decodable, Sendable {
        let id: UUID
        let name: String
        let payload: String
        let occurredAt: Date
    }

    struct Claimed: Sendable {
        let event: OutboxRow
        let subscriber: String
        let attempts: Int
        let maxAttempts: Int
    }

    private var lockClause: SQLQueryString {
        kernel.database.kind == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
    }

    /// Creates the delivery rows of events not yet fanned out.
    @discardableResult
    func fanOut(now: Date) async throws -> Int {
        struct Row: Decodable { let id: UUID; let name: String }
        let lock = lockClause
        let batch = batchSize
        return try await kernel.database.transaction { tx in
            let events = try await tx.sql.raw("""
                SELECT id, name FROM outbox_events WHERE fanned_out = \(bind: false) ORDER BY id \(limit: batch)\(lock)
                """).rows(Row.self)
            guard !events.isEmpty else { return 0 }
            for (name, group) in Dictionary(grouping: events, by: \.name) {
                for subscription in subscriptionsByEvent[name] ?? [] {
                    var values: [SQLQueryString] = []
                    for event in group {
                        values.append("(\(bind: event.id), \(bind: subscription.subscriber), 'pending', 0, \(bind: subscription.maxAttempts), \(bind: now), \(bind: now))")
                    }
                    try await tx.sql.raw("""
                        INSERT INTO event_deliveries (event_id, subscriber, status, attempts, max_attempts, next_attempt_at, updated_at)
                        VALUES \(values.joined(separator: ", "))
                        ON CONFLICT (event_id, subscriber) DO NOTHING
                        """).run()
                }
            }
            try await tx.sql.raw("UPDATE outbox_events SET fanned_out = \(bind: true) WHERE id IN (\(binds: events.map(\.id)))").run()
            return events.count
        }
    }

    /// Reserves a batch of due deliveries for this instance by pushing their next attempt out.
    func claim(now: Date) async throws -> [Claimed] {
        struct Row: Decodable { let eventId: UUID; let subscriber: String; let attempts: Int; let maxAttempts: Int }
        let lock = lockClause
        let batch = batchSize
        let leaseEnd = now.addingTimeInterval(lease)
        return try await kernel.database.transaction { tx in
            let rows = try await tx.sql.raw("""
                SELECT event_id, subscriber, attempts, max_attempts FROM event_deliveries
                WHERE status = 'pending' AND next_attempt_at <= \(bind: now)
                ORDER BY next_attempt_at \(limit: batch)\(lock)
                """).rows(Row.self)
            guard !rows.isEmpty else { return [] }
            for (subscriber, group) in Dictionary(grouping: rows, by: \.subscriber) {
                try await tx.sql.raw("""
                    UPDATE event_deliveries SET next_attempt_at = \(bind: leaseEnd)
                    WHERE subscriber = \(bind: subscriber) AND event_id IN (\(binds: group.map(\.eventId)))
                    """).run()
            }
            let events = try await tx.sql.raw("""
                SELECT id, name, payload, occurred_at FROM outbox_events WHERE id IN (\(binds: Array(Set(rows.map(\.eventId)))))
                """).rows(OutboxRow.self)
            let byID = Dictionary(uniqueKeysWithValues: events.map { ($0.id, $0) })
            return rows.compactMap { row in
                byID[row.eventId].map { Claimed(event: $0, subscriber: row.subscriber, attempts: row.attempts, maxAttempts: row.maxAttempts) }
            }
        }
    }
}

extension Array where Element == SQLQueryString {
    /// The strings joined by `separator`, binds kept.
    func joined(separator: String) -> SQLQueryString {
        var result: SQLQueryString = ""
        for (index, part) in enumerated() {
            if index > 0 { result = result + SQLQueryString(separator) }
            result = result + part
        }
        return result
    }
}
