import Foundation
import Kernel
import SQLKit

/// The stock an order holds: checkout reserves each line (from the locations with the most
/// available first), shipping or delivering sells what is reserved, cancelling releases it.
/// Everything goes through ``StockLedger``, so the ledger still sums to the levels.
enum OrderStock {
    /// Reserves `quantityMilli` of `variant` for `order`, splitting across locations when no
    /// single one has enough; 409 `insufficient_stock` when all together do not.
    static func reserve(_ quantityMilli: Int, variant: UUID, order: UUID, until expiresAt: Date, ledger: StockLedger,
                        on tx: DatabaseSession) async throws {
        struct Row: Decodable { let locationId: UUID; let availableMilli: Int }
        let levels = try await tx.sql.raw("""
            SELECT s.location_id, s.on_hand_milli - s.reserved_milli AS available_milli
            FROM commerce_stock_levels s JOIN commerce_locations l ON l.id = s.location_id
            WHERE s.variant_id = \(bind: variant) AND s.vendor_id = \(bind: ledger.vendorId) AND l.is_active = \(bind: true)
              AND s.on_hand_milli > s.reserved_milli
            ORDER BY available_milli DESC, s.location_id
            """).rows(Row.self)
        guard levels.reduce(0, { $0 + $1.availableMilli }) >= quantityMilli else {
            throw insufficient(variant: variant, available: levels.reduce(0) { $0 + $1.availableMilli })
        }
        var open = quantityMilli
        for level in levels where open > 0 {
            let take = min(open, level.availableMilli)
            _ = try await ledger.reserve(take, variant: variant, at: level.locationId, until: expiresAt, reference: "order:\(order)", order: order, on: tx)
            open -= take
        }
    }

    /// Ends every active reservation of `order`: sold (it left with the customer) or released.
    static func finish(order: UUID, sold: Bool, ledger: StockLedger, on tx: DatabaseSession) async throws {
        struct Row: Decodable { let id: UUID }
        let active = try await tx.sql.raw("""
            SELECT id FROM commerce_reservations WHERE order_id = \(bind: order) AND vendor_id = \(bind: ledger.vendorId) AND status = 'active' ORDER BY id
            """).rows(Row.self)
        for reservation in active {
            try await ledger.finish(reservation: reservation.id, sold: sold, on: tx)
        }
    }

    /// What a status change does to the order's stock: shipped or delivered sells, cancelled releases.
    static func settle(order: UUID, movingTo status: OrderStatus, ledger: StockLedger, on tx: DatabaseSession) async throws {
        switch status {
        case .shipped, .delivered: try await finish(order: order, sold: true, ledger: ledger, on: tx)
        case .cancelled: try await finish(order: order, sold: false, ledger: ledger, on: tx)
        default: break
        }
    }

    /// Available quantity of a variant over the vendor's active locations.
    static func available(variant: UUID, vendor: UUID, on db: DatabaseSession) async throws -> Int {
        struct Row: Decodable { let available: Int }
        return try await db.sql.raw("SELECT \(available(variant: "\(bind: variant)", vendor: "\(bind: vendor)")) AS available").row(Row.self)?.available ?? 0
    }

    /// What is available of a variant, as an SQL expression: the active locations' on hand less
    /// what is reserved. `variant` and `vendor` are a bound value or a column of the outer query
    /// (a cart's lines are priced with it in one statement).
    static func available(variant: SQLQueryString, vendor: SQLQueryString) -> SQLQueryString {
        """
        (SELECT CAST(COALESCE(SUM(s.on_hand_milli - s.reserved_milli), 0) AS BIGINT)
         FROM commerce_stock_levels s JOIN commerce_locations loc ON loc.id = s.location_id
         WHERE s.variant_id = \(variant) AND s.vendor_id = \(vendor) AND loc.is_active = \(bind: true))
        """
    }

    static func insufficient(variant: UUID, available: Int) -> Problem {
        Problem(status: .conflict, code: "insufficient_stock", title: "Not enough stock",
                detail: "Only \(available) milli-units are available.",
                extensions: ["variant_id": .string(variant.uuidString), "available_milli": .int(available)])
    }
}
