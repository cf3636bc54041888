import Foundation
import Kernel

/// Commerce's public API for other modules (Invoicing): read an order, its lines and its
/// customer, and record a refund made elsewhere (a credit note). Other modules never read
/// Commerce's tables themselves (ARCHITECTURE.md, "Dependency rule").
public enum CommerceOrders {
    /// The vendor's order `id`, or nil.
    public static func order(_ id: UUID, vendor: UUID, on db: DatabaseSession) async throws -> Order? {
        try await OrderStore.order(id, vendor: vendor, on: db)
    }

    /// The order's lines as sold, in order.
    public static func lines(of order: UUID, vendor: UUID, on db: DatabaseSession) async throws -> [OrderLine] {
        try await OrderStore.lines(of: order, vendor: vendor, on: db)
    }

    /// The vendor's customer `id`, or nil.
    public static func customer(_ id: UUID, vendor: UUID, on db: DatabaseSession) async throws -> Customer? {
        try await CustomerStore.customer(id, vendor: vendor, on: db)
    }

    /// Records the order's VAT as the VAT engine works it out: net total, VAT and the regime.
    /// Invoicing calls it when an order is placed and again when it is invoiced, so the order
    /// and its invoice never disagree.
    public static func recordVAT(order id: UUID, vendor: UUID, netMinor: Int, taxMinor: Int, regime: String, on tx: DatabaseSession) async throws {
        try await tx.sql.raw("""
            UPDATE commerce_orders SET net_total_minor = \(bind: netMinor), tax_total_minor = \(bind: taxMinor), vat_regime = \(bind: regime)
            WHERE id = \(bind: id) AND vendor_id = \(bind: vendor)
            """).run()
    }

    /// Records that `amountMinor` of the order was refunded (a credit note), once per `eventId`:
    /// a shipped, delivered or partially refunded order becomes `refunded` when `full`, else
    /// `partially_refunded` (with a timeline entry and `commerce.order.status_changed`); an order
    /// in another status only gets the timeline entry. The customer's total spent goes down
    /// by the amount. Returns false when the event was already recorded.
    @discardableResult
    public static func recordRefund(eventId: UUID, order id: UUID, vendor: UUID, platform: UUID?, amountMinor: Int, full: Bool, note: String,
                                    actor: String, at now: Date, on tx: DatabaseSession) async throws -> Bool {
        let fresh = try await tx.sql.raw("""
            INSERT INTO commerce_customer_stat_events (event_id, vendor_id) VALUES (\(bind: eventId), \(bind: vendor))
            ON CONFLICT (event_id) DO NOTHING RETURNING event_id
            """).all()
        guard !fresh.isEmpty, let order = try await OrderStore.order(id, vendor: vendor, on: tx) else { return false }
        let target: OrderStatus = full ? .refunded : .partiallyRefunded
        if order.status.canMove(to: target), try await OrderStore.move(id, vendor: vendor, from: order.status, to: target, tracking: nil, at: now, on: tx) {
            try await OrderStore.record(OrderTimelineEntry(kind: "status", fromStatus: order.status, toStatus: target, note: note, actor: actor, at: now),
                                        order: id, vendor: vendor, on: tx)
            try await EventBus.publish(OrderStatusChanged(orderId: id, vendorId: vendor, from: order.status, to: target, at: now),
                                       platformId: platform, vendorId: vendor, at: now, on: tx)
        } else {
            try await OrderStore.record(OrderTimelineEntry(kind: "note", fromStatus: nil, toStatus: nil, note: note, actor: actor, at: now),
                                        order: id, vendor: vendor, on: tx)
        }
        if let customer = order.customerId {
            try await tx.sql.raw("""
                UPDATE commerce_customers SET total_spent_minor = total_spent_minor - \(bind: amountMinor)
                WHERE id = \(bind: customer) AND vendor_id = \(bind: vendor)
                """).run()
        }
        return true
    }
}
