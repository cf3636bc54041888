import Foundation
import Kernel

/// Keeps each customer's order count, total spent and first/last order dates from order
/// events. Idempotent: an event already counted is skipped, since deliveries can repeat.
enum CustomerStatistics {
    static var subscriptions: [EventSubscription] {
        [EventSubscription(OrderPlaced.self, subscriber: "commerce.customer-stats.placed") { event, delivery in
            guard let customer = event.customerId else { return }
            try await apply(delivery.id, vendor: event.vendorId, kernel: delivery.kernel) { tx in
                try await tx.sql.raw("""
                    UPDATE commerce_customers SET order_count = order_count + 1, total_spent_minor = total_spent_minor + \(bind: event.totalMinor),
                        first_order_at = COALESCE(first_order_at, \(bind: event.placedAt)),
                        last_order_at = CASE WHEN last_order_at IS NULL OR last_order_at < \(bind: event.placedAt) THEN \(bind: event.placedAt) ELSE last_order_at END
                    WHERE id = \(bind: customer) AND vendor_id = \(bind: event.vendorId)
                    """).run()
            }
        },
         EventSubscription(OrderCancelled.self, subscriber: "commerce.customer-stats.cancelled") { event, delivery in
            guard let customer = event.customerId else { return }
            try await apply(delivery.id, vendor: event.vendorId, kernel: delivery.kernel) { tx in
                try await tx.sql.raw("""
                    UPDATE commerce_customers SET order_count = CASE WHEN order_count > 0 THEN order_count - 1 ELSE 0 END,
                        total_spent_minor = total_spent_minor - \(bind: event.totalMinor)
                    WHERE id = \(bind: customer) AND vendor_id = \(bind: event.vendorId)
                    """).run()
            }
        }]
    }

    private static func apply(_ eventId: UUID, vendor: UUID, kernel: KernelServices, _ update: (DatabaseSession) async throws -> Void) async throws {
        try await kernel.database.transaction(forVendor: vendor) { tx in
            let fresh = try await tx.sql.raw("""
                INSERT INTO commerce_customer_stat_events (event_id, vendor_id) VALUES (\(bind: eventId), \(bind: vendor))
                ON CONFLICT (event_id) DO NOTHING RETURNING event_id
                """).all()
            if !fresh.isEmpty { try await update(tx) }
        }
    }
}
