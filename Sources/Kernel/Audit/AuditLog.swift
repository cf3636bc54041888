import Crypto
import Foundation
import SQLKit

/// One thing someone did, as the audit log records it.
public struct AuditEntry: Sendable, Equatable {
    /// Who did it: a user, or a system process when nil.
    public var actorUserId: UUID?
    /// The actor as people read it (e-mail, `system`, `cli`).
    public var actorLabel: String
    /// `<area>.<verb>` in the past tense: `platform.updated`, `membership.granted`.
    public var action: String
    /// What was acted on: `platform`, `vendor`, `user`, `api_token`…
    public var targetType: String
    public var targetId: String
    /// The tenant the action concerns, for scoped listing.
    public var platformId: UUID?
    public var vendorId: UUID?
    /// One line saying what changed.
    public var summary: String
    /// The client address, when the action came over HTTP.
    public var address: String?

    public init(actorUserId: UUID?, actorLabel: String, action: String, targetType: String, targetId: String,
                platformId: UUID? = nil, vendorId: UUID? = nil, summary: String, address: String? = nil) {
        self.actorUserId = actorUserId
        self.actorLabel = actorLabel
        self.action = action
        self.targetType = targetType
        self.targetId = targetId
        self.platformId = platformId
        self.vendorId = vendorId
        self.summary = summary
        self.address = address
    }

    /// An entry for an action taken by `actor`.
    public init(_ actor: AuditActor, action: String, targetType: String, targetId: UUID,
                platformId: UUID? = nil, vendorId: UUID? = nil, summary: String) {
        self.init(actorUserId: actor.userId, actorLabel: actor.label, action: action, targetType: targetType, targetId: targetId.uuidString,
                  platformId: platformId, vendorId: vendorId, summary: summary, address: actor.address)
    }

    /// An entry for an action taken by `principal` in `context`.
    public init(_ context: AgoraRequestContext, action: String, targetType: String, targetId: UUID,
                platformId: UUID? = nil, vendorId: UUID? = nil, summary: String) {
        self.init(actorUserId: context.principal?.userID, actorLabel: context.principal?.email ?? "anonymous", action: action,
                  targetType: targetType, targetId: targetId.uuidString, platformId: platformId, vendorId: vendorId,
                  summary: summary, address: context.clientAddress)
    }
}

/// A recorded audit event.
public struct AuditEvent: Codable, Sendable, Equatable {
    public var id: UUID
    public var seq: Int
    public var occurredAt: Date
    public var actorUserId: UUID?
    public var actorLabel: String
    public var action: String
    public var targetType: String
    public var targetId: String
    public var platformId: UUID?
    public var vendorId: UUID?
    public var summary: String
    public var address: String?
    public var previousHash: String
    public var hash: String
}

/// The append-only, hash-chained audit log every module writes to.
public enum AuditLog {
    /// Appends `entry` inside the caller's transaction, so an action and its audit record
    /// commit or roll back together.
    @discardableResult
    public static func append(_ entry: AuditEntry, at now: Date, on tx: DatabaseSession) async throws -> AuditEvent {
        struct Head: Decodable { let lastSeq: Int; let lastHash: String }
        // Updating the head first takes its row lock on PostgreSQL: concurrent appends queue here.
        guard let head = try await tx.sql.raw("UPDATE audit_chain SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq, last_hash")
            .row(Head.self) else { throw AuditError.missingChainHead }
        // Stored dates are compared at millisecond precision: both databases keep at least that.
        let occurredAt = Date(timeIntervalSince1970: (now.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
        var event = AuditEvent(
            id: UUID.v7(now: now), seq: head.lastSeq, occurredAt: occurredAt, actorUserId: entry.actorUserId,
            actorLabel: entry.actorLabel, action: entry.action, targetType: entry.targetType, targetId: entry.targetId,
            platformId: entry.platformId, vendorId: entry.vendorId, summary: entry.summary, address: entry.address,
            previousHash: head.lastHash, hash: "")
        event.hash = hash(of: event)
        try await tx.sql.raw("""
            INSERT INTO audit_events (id, seq, occurred_at, actor_user_id, actor_label, action, target_type, target_id,
                platform_id, vendor_id, summary, address, previous_hash, hash)
            VALUES (\(bind: event.id), \(bind: event.seq), \(bind: event.occurredAt), \(bind: event.actorUserId), \(bind: event.actorLabel),
                \(bind: event.action), \(bind: event.targetType), \(bind: event.targetId), \(bind: event.platformId), \(bind: event.vendorId),
                \(bind: event.summary), \(bind: event.address), \(bind: event.previousHash), \(bind: event.hash))
            """).run()
        try await tx.sql.raw("UPDATE audit_chain SET last_hash = \(bind: event.hash) WHERE id = 1").run()
        return event
    }

    /// SHA-256 over the previous hash and every field, each length-prefixed so no two
    /// different events can serialise alike.
    static func hash(of event: AuditEvent) -> String {
        let fields: [String] = [
            event.previousHash, String(event.seq), event.id.uuidString,
            String(Int64((event.occurredAt.timeIntervalSince1970 * 1000).rounded())),
            event.actorUserId?.uuidString ?? "", event.actorLabel, event.action, event.targetType, event.targetId,
            event.platformId?.uuidString ?? "", event.vendorId?.uuidString ?? "", event.summary, event.address ?? "",
        ]
        var data = Data()
        for field in fields {
            let bytes = Data(field.utf8)
            data.append(contentsOf: withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { Array($0) })
            data.append(bytes)
        }
        return Hex.string(SHA256.hash(data: data))
    }

    /// What `verify` found.
    public struct Verification: Sendable, Equatable {
        /// Events checked.
        public var checked: Int
        /// The first problem, if any, naming the sequence number.
        public var problem: String?
        public var isIntact: Bool { problem == nil }
    }

    /// Walks the whole chain: sequence numbers without gaps, each hash recomputed and linked
    /// to the previous one, and the head matching the last event.
    public static func verify(on db: DatabaseSession, batchSize: Int = 1000) async throws -> Verification {
        struct Head: Decodable { let lastSeq: Int; let lastHash: String }
        guard let head = try await db.sql.raw("SELECT last_seq, last_hash FROM audit_chain WHERE id = 1").row(Head.self) else {
            return Verification(checked: 0, problem: "the chain head row is missing")
        }
        var expectedSeq = 1
        var previousHash = "genesis"
        var checked = 0
        while true {
            let batch = try await db.sql.raw("""
                SELECT * FROM audit_events WHERE seq >= \(bind: expectedSeq) ORDER BY seq \(limit: batchSize)
                """).rows(AuditEvent.self)
            for event in batch {
                if event.seq != expectedSeq {
                    return Verification(checked: checked, problem: "event \(expectedSeq) is missing (next present is \(event.seq))")
                }
                if event.previousHash != previousHash {
                    return Verification(checked: checked, problem: "event \(event.seq) does not link to event \(event.seq - 1)")
                }
                if hash(of: event) != event.hash {
                    return Verification(checked: checked, problem: "event \(event.seq) was altered (its hash does not match its contents)")
                }
                previousHash = event.hash
                expectedSeq += 1
                checked += 1
            }
            if batch.count < batchSize { break }
        }
        if head.lastSeq != checked {
            return Verification(checked: checked, problem: "the chain head says \(head.lastSeq) events but \(checked) remain: events after \(checked) were deleted")
        }
        if head.lastHash != previousHash {
            return Verification(checked: checked, problem: "the chain head's hash does not match event \(checked)")
        }
        return Verification(checked: checked, problem: nil)
    }

    /// Events a scoped admin may read, newest last, cursor-paginated by sequence.
    static func events(in scope: AdminScope, afterSeq: Int, limit: Int, on db: DatabaseSession) async throws -> [AuditEvent] {
        try await db.sql.raw("""
            SELECT * FROM audit_events WHERE seq > \(bind: afterSeq) AND (\(scope.condition("platform_id"))
                OR (\(scope.vendorEventCondition())))
            ORDER BY seq \(limit: limit)
            """).rows(AuditEvent.self)
    }
}

/// The audit chain cannot be used.
public enum AuditError: Error, CustomStringConvertible {
    case missingChainHead
    public var description: String { "The audit chain head row is missing; the kernel migrations were not applied." }
}

extension AdminScope {
    /// An event about a vendor on one of the scope's platforms.
    func vendorEventCondition() -> SQLQueryString {
        switch self {
        case .everything: return "1 = 1"
        case .platforms: return "EXISTS (SELECT 1 FROM vendor_platforms vp WHERE vp.vendor_id = audit_events.vendor_id AND \(condition("vp.platform_id")))"
        }
    }
}
