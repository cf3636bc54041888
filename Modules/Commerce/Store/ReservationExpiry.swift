import Foundation
import Kernel
import ServiceLifecycle

/// Releases reservations whose time ran out, so their stock becomes available again; an
/// order left unpaid past the shop's payment days is cancelled. Also forgets abandoned carts
/// and expired shop sessions.
public struct ReservationExpiry: Service {
    let kernel: KernelServices
    let interval: Duration

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    _ = try await releaseExpired(now: kernel.now())
                    try await forgetAbandoned(now: kernel.now())
                } catch {
                    kernel.logger.error("Reservation expiry pass failed", metadata: ["error": .string(DatabaseErrors.describe(error))])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Releases every expired active reservation; returns how many. A reservation held by a
    /// still-pending order (unpaid when its payment time ran out) cancels that order, which
    /// releases all its reservations; confirmed orders keep their stock until they ship.
    @discardableResult
    public func releaseExpired(now: Date) async throws -> Int {
        struct Row: Decodable { let id: UUID; let vendorId: UUID; let orderId: UUID?; let platformId: UUID? }
        let expired = try await kernel.database.read { db in
            try await db.sql.raw("""
                SELECT r.id, r.vendor_id, r.order_id, o.platform_id FROM commerce_reservations r
                LEFT JOIN commerce_orders o ON o.id = r.order_id
                WHERE r.status = 'active' AND r.expires_at <= \(bind: now) AND (r.order_id IS NULL OR o.status = 'pending')
                ORDER BY r.expires_at LIMIT 1000
                """).rows(Row.self)
        }
        var released = 0
        var cancelled: Set<UUID> = []
        for row in expired {
            if let orderId = row.orderId, let platformId = row.platformId {
                guard !cancelled.contains(orderId) else { continue }
                cancelled.insert(orderId)
                released += try await cancelUnpaid(orderId, vendor: row.vendorId, platform: platformId, now: now)
                continue
            }
            let done = try await kernel.database.transaction(forVendor: row.vendorId) { tx in
                try await StockLedger(vendorId: row.vendorId, platformId: nil, actor: "system", now: now).finish(reservation: row.id, sold: false, on: tx)
            }
            if done { released += 1 }
        }
        return released
    }

    /// How long an untouched open cart is kept.
    public static let cartLifetime: TimeInterval = 30 * 24 * 3600

    /// Deletes open carts nobody touched for ``cartLifetime``, expired shop sessions and
    /// sign-in failures older than the throttling window (carts that became orders stay).
    public func forgetAbandoned(now: Date) async throws {
        try await kernel.database.transaction { tx in
            try await tx.sql.raw("DELETE FROM commerce_carts WHERE status = 'open' AND updated_at < \(bind: now.addingTimeInterval(-Self.cartLifetime))").run()
            try await tx.sql.raw("DELETE FROM commerce_customer_sessions WHERE expires_at < \(bind: now)").run()
            try await tx.sql.raw("DELETE FROM commerce_customer_login_failures WHERE at < \(bind: now.addingTimeInterval(-ShopAccounts.failureWindow))").run()
        }
    }

    /// Cancels an order whose payment never came; returns how many reservations that released.
    private func cancelUnpaid(_ orderId: UUID, vendor: UUID, platform: UUID, now: Date) async throws -> Int {
        guard let subscription = try await kernel.database.read({ try await TenancyStore.subscription(vendor: vendor, platform: platform, on: $0) }) else { return 0 }
        let scope = VendorScope(vendorId: vendor, platformId: platform, role: .vendorOwner, subscription: subscription)
        return try await kernel.database.transaction(for: scope) { tx in
            struct Count: Decodable { let count: Int }
            let active = try await tx.sql.raw("""
                SELECT COUNT(*) AS count FROM commerce_reservations WHERE order_id = \(bind: orderId) AND status = 'active'
                """).row(Count.self)?.count ?? 0
            // Re-checked inside the transaction: the payment may have been confirmed meanwhile.
            guard let order = try await OrderStore.order(orderId, vendor: vendor, on: tx), order.status == .pending else { return 0 }
            _ = try await OrderRoutes.changeStatus(of: orderId, to: .cancelled, note: "Payment not received in time", tracking: nil,
                                                   vendor: scope, actor: "system", now: now, on: tx)
            return active
        }
    }
}
