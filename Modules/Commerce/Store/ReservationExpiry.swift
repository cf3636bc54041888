import Foundation
import Kernel
import ServiceLifecycle

/// Releases reservations whose time ran out (an abandoned checkout), so their stock becomes
/// available again.
public struct ReservationExpiry: Service {
    let kernel: KernelServices
    let interval: Duration

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { _ = try await releaseExpired(now: kernel.now()) } catch {
                    kernel.logger.error("Reservation expiry pass failed", metadata: ["error": .string(DatabaseErrors.describe(error))])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Releases every expired active reservation; returns how many.
    @discardableResult
    public func releaseExpired(now: Date) async throws -> Int {
        struct Row: Decodable { let id: UUID; let vendorId: UUID }
        let expired = try await kernel.database.read { db in
            try await db.sql.raw("""
                SELECT id, vendor_id FROM commerce_reservations WHERE status = 'active' AND expires_at <= \(bind: now) ORDER BY expires_at LIMIT 1000
                """).rows(Row.self)
        }
        var released = 0
        for row in expired {
            let done = try await kernel.database.transaction(forVendor: row.vendorId) { tx in
                try await StockLedger(vendorId: row.vendorId, platformId: nil, actor: "system", now: now).finish(reservation: row.id, sold: false, on: tx)
            }
            if done { released += 1 }
        }
        return released
    }
}
