import Foundation
import Kernel
import SQLKit

/// SQL for a vendor's shop settings; a vendor that never saved any has ``ShopSettings/initial``.
enum ShopSettingsStore {
    static func settings(vendor: UUID, on db: DatabaseSession) async throws -> ShopSettings {
        try await db.sql.raw("""
            SELECT bank_transfer_enabled, account_holder, iban, bic, pay_at_pickup_enabled, pickup_instructions, payment_days
            FROM commerce_shop_settings WHERE vendor_id = \(bind: vendor)
            """).row(ShopSettings.self) ?? .initial
    }

    static func save(_ s: ShopSettings, vendor: UUID, now: Date, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            INSERT INTO commerce_shop_settings (vendor_id, bank_transfer_enabled, account_holder, iban, bic, pay_at_pickup_enabled, pickup_instructions,
                payment_days, updated_at)
            VALUES (\(bind: vendor), \(bind: s.bankTransferEnabled), \(bind: s.accountHolder), \(bind: s.iban), \(bind: s.bic), \(bind: s.payAtPickupEnabled),
                \(bind: s.pickupInstructions), \(bind: s.paymentDays), \(bind: now))
            ON CONFLICT (vendor_id) DO UPDATE SET bank_transfer_enabled = excluded.bank_transfer_enabled, account_holder = excluded.account_holder,
                iban = excluded.iban, bic = excluded.bic, pay_at_pickup_enabled = excluded.pay_at_pickup_enabled,
                pickup_instructions = excluded.pickup_instructions, payment_days = excluded.payment_days, updated_at = excluded.updated_at
            """).run()
    }
}

/// A payment of an order, as the vendor and the shopper see it.
public struct Payment: Codable, Sendable, Equatable {
    public var id: UUID
    public var orderId: UUID
    public var method: PaymentMethod
    public var status: PaymentStatus
    public var amountMinor: Int
    public var currency: String
    public var reference: String
    public var instructions: String
    public var createdAt: Date
    public var paidAt: Date?
    public var confirmedBy: String?
}

/// SQL for payments.
enum PaymentStore {
    static func insert(_ p: Payment, vendor: UUID, on db: DatabaseSession) async throws {
        try await db.deferWrite("""
            INSERT INTO commerce_payments (id, vendor_id, order_id, method, status, amount_minor, currency, reference, instructions, created_at, paid_at, confirmed_by)
            VALUES (\(bind: p.id), \(bind: vendor), \(bind: p.orderId), \(bind: p.method.rawValue), \(bind: p.status.rawValue), \(bind: p.amountMinor),
                \(bind: p.currency), \(bind: p.reference), \(bind: p.instructions), \(bind: p.createdAt), \(bind: p.paidAt), \(bind: p.confirmedBy))
            """)
    }

    static func payments(of order: UUID, vendor: UUID, on db: DatabaseSession) async throws -> [Payment] {
        try await db.sql.raw("""
            SELECT id, order_id, method, status, amount_minor, currency, reference, instructions, created_at, paid_at, confirmed_by
            FROM commerce_payments WHERE order_id = \(bind: order) AND vendor_id = \(bind: vendor) ORDER BY created_at, id
            """).rows(Payment.self)
    }

    /// Marks the order's pending payment paid; false when there is none.
    static func markPaid(order: UUID, vendor: UUID, by actor: String, at now: Date, on db: DatabaseSession) async throws -> Bool {
        !(try await db.sql.raw("""
            UPDATE commerce_payments SET status = 'paid', paid_at = \(bind: now), confirmed_by = \(bind: actor)
            WHERE order_id = \(bind: order) AND vendor_id = \(bind: vendor) AND status = 'pending' RETURNING id
            """).all()).isEmpty
    }

    /// A cancelled order's pending payment is cancelled too.
    static func cancelPending(order: UUID, vendor: UUID, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            UPDATE commerce_payments SET status = 'cancelled' WHERE order_id = \(bind: order) AND vendor_id = \(bind: vendor) AND status = 'pending'
            """).run()
    }
}
