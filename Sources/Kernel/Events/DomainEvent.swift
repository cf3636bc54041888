import Foundation

/// A typed event a module publishes: `<module>.<entity>.<verb>` in the past tense.
public protocol DomainEvent: Codable, Sendable {
    /// The event's name, e.g. `commerce.order.placed`.
    static var name: String { get }
}

extension EventSubscription {
    /// A subscription that receives `Event` decoded from its JSON payload.
    public init<Event: DomainEvent>(
        _ type: Event.Type, subscriber: String, maxAttempts: Int = 8,
        handle: @escaping @Sendable (Event, DeliveredEvent) async throws -> Void
    ) {
        self.init(event: Event.name, subscriber: subscriber, maxAttempts: maxAttempts) { delivery in
            let event = try AgoraJSON.decoder().decode(Event.self, from: delivery.payload)
            try await handle(event, delivery)
        }
    }
}

/// Writes events to the outbox inside the caller's transaction.
public enum EventBus {
    /// Publishes `event` as part of `tx`: one insert; nothing is delivered if `tx` rolls back.
    @discardableResult
    public static func publish<Event: DomainEvent>(
        _ event: Event, platformId: UUID? = nil, vendorId: UUID? = nil, at now: Date, on tx: DatabaseSession
    ) async throws -> UUID {
        let id = UUID.v7(now: now)
        let payload = String(decoding: try AgoraJSON.encoder().encode(event), as: UTF8.self)
        try await tx.deferWrite("""
            INSERT INTO outbox_events (id, name, payload, platform_id, vendor_id, occurred_at, fanned_out)
            VALUES (\(bind: id), \(bind: Event.name), \(bind: payload), \(bind: platformId), \(bind: vendorId), \(bind: now), \(bind: false))
            """)
        tx.afterCommit { EventDispatcher.wakeAll() }
        return id
    }
}
