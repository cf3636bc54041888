import Foundation
import Logging
import ServiceLifecycle

/// Moves subscriptions along in time: expired trials become `past_due`, and active
/// subscriptions whose period ended start the next monthly period. Each pass also forgets
/// idempotency keys past their retention.
public struct SubscriptionScheduler: Service {
    let kernel: KernelServices
    let interval: Duration

    /// What one pass changed.
    public struct Outcome: Sendable, Equatable {
        public var trialsExpired = 0
        public var periodsRolled = 0
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    _ = try await runOnce(now: kernel.now())
                } catch {
                    kernel.logger.error("Subscription scheduler pass failed", metadata: ["error": .string(DatabaseErrors.describe(error))])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// One pass; safe to run on several instances at once (each change is one conditional UPDATE).
    @discardableResult
    public func runOnce(now: Date) async throws -> Outcome {
        var outcome = Outcome()
        try await kernel.database.transaction { tx in try await Idempotency.purge(now: now, on: tx) }
        let due = try await kernel.database.read { db in
            try await db.sql.raw("""
                SELECT * FROM vendor_platforms WHERE (status = 'trialing' AND trial_ends_at <= \(bind: now))
                   OR (status = 'active' AND current_period_end <= \(bind: now))
                """).rows(Subscription.self)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for subscription in due {
            try await kernel.database.transaction { tx in
                if subscription.status == .trialing {
                    let rows = try await tx.sql.raw("""
                        UPDATE vendor_platforms SET status = 'past_due', updated_at = \(bind: now)
                        WHERE vendor_id = \(bind: subscription.vendorId) AND platform_id = \(bind: subscription.platformId)
                          AND status = 'trialing' AND trial_ends_at <= \(bind: now) RETURNING vendor_id
                        """).all()
                    guard !rows.isEmpty else { return }
                    outcome.trialsExpired += 1
                    try await AuditLog.append(AuditEntry(
                        actorUserId: nil, actorLabel: "system", action: "subscription.trial_expired", targetType: "vendor",
                        targetId: subscription.vendorId.uuidString, platformId: subscription.platformId, vendorId: subscription.vendorId,
                        summary: "Trial ended; subscription is past due"), at: now, on: tx)
                } else {
                    // Catch up every missed period so a long outage does not leave a stale one. The
                    // UPDATE re-checks that the period has ended (never compare stored dates for
                    // equality: SQLite's float seconds do not round-trip every Date exactly), so a
                    // concurrent pass on another instance finds nothing left to do.
                    var start = subscription.currentPeriodEnd
                    var end = calendar.date(byAdding: .month, value: 1, to: start)!
                    while end <= now {
                        start = end
                        end = calendar.date(byAdding: .month, value: 1, to: start)!
                    }
                    let rows = try await tx.sql.raw("""
                        UPDATE vendor_platforms SET current_period_start = \(bind: start), current_period_end = \(bind: end), updated_at = \(bind: now)
                        WHERE vendor_id = \(bind: subscription.vendorId) AND platform_id = \(bind: subscription.platformId)
                          AND status = 'active' AND current_period_end <= \(bind: now) RETURNING vendor_id
                        """).all()
                    guard !rows.isEmpty else { return }
                    outcome.periodsRolled += 1
                }
            }
        }
        if outcome != Outcome() { await kernel.changes.announce(.features) }
        return outcome
    }
}
