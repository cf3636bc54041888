import Foundation
import Kernel
import SQLKit

/// A purchase order as the API shows it.
public struct PurchaseOrder: Codable, Sendable, Equatable {
    public var id: UUID
    /// `PO-000001`, per vendor.
    public var number: String
    public var status: PurchaseOrderStatus
    public var supplierName: String
    public var supplierEmail: String?
    public var supplierReference: String?
    /// Where the stock is received.
    public var locationId: UUID
    /// `YYYY-MM-DD`.
    public var expectedDate: String?
    public var note: String?
    public var currency: String
    /// Sum of the lines with a unit cost, in minor units.
    public var totalCostMinor: Int
    public var createdBy: String
    public var orderedAt: Date?
    public var receivedAt: Date?
    public var cancelledAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
}

/// How much of a variant is on order for a location: ordered but not yet received on purchase
/// orders that are ordered or partially received.
public struct OnOrderQuantity: Codable, Sendable, Equatable {
    public var variantId: UUID
    public var locationId: UUID
    public var onOrderMilli: Int
}

extension StockQueries {
    /// What is on order for the vendor, per variant and location (optionally of one variant).
    public static func onOrder(vendor vendorId: UUID, variant: UUID?, on db: DatabaseSession) async throws -> [OnOrderQuantity] {
        var conditions: SQLQueryString = "p.vendor_id = \(bind: vendorId) AND l.vendor_id = \(bind: vendorId)"
        conditions = conditions + " AND p.status IN (\(binds: PurchaseOrderStatus.allCases.filter(\.isOpen).map(\.rawValue)))"
        if let variant { conditions = conditions + " AND l.variant_id = \(bind: variant)" }
        return try await db.sql.raw("""
            SELECT l.variant_id, p.location_id, CAST(SUM(l.quantity_milli - l.received_milli) AS BIGINT) AS on_order_milli
            FROM commerce_purchase_order_lines l JOIN commerce_purchase_orders p ON p.id = l.purchase_order_id
            WHERE \(conditions)
            GROUP BY l.variant_id, p.location_id HAVING SUM(l.quantity_milli - l.received_milli) > 0
            ORDER BY l.variant_id, p.location_id
            """).rows(OnOrderQuantity.self)
    }
}

/// SQL for purchase orders, always with the vendor, inside vendor-scoped transactions.
enum PurchaseOrderStore {
    static func nextNumber(vendor: UUID, on db: DatabaseSession) async throws -> String {
        struct Row: Decodable { let lastNumber: Int }
        try await db.sql.raw("""
            INSERT INTO commerce_purchase_order_sequences (vendor_id, last_number) VALUES (\(bind: vendor), 0) ON CONFLICT (vendor_id) DO NOTHING
            """).run()
        let number = try await db.sql.raw("""
            UPDATE commerce_purchase_order_sequences SET last_number = last_number + 1 WHERE vendor_id = \(bind: vendor) RETURNING last_number
            """).row(Row.self)!.lastNumber
        return "PO-" + String(format: "%06d", number)
    }

    static func insert(_ po: PurchaseOrder, vendor: UUID, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            INSERT INTO commerce_purchase_orders (id, vendor_id, number, status, supplier_name, supplier_email, supplier_reference, location_id,
                expected_date, note, currency, total_cost_minor, created_by, ordered_at, received_at, cancelled_at, created_at, updated_at)
            VALUES (\(bind: po.id), \(bind: vendor), \(bind: po.number), \(bind: po.status.rawValue), \(bind: po.supplierName), \(bind: po.supplierEmail),
                \(bind: po.supplierReference), \(bind: po.locationId), \(bind: po.expectedDate), \(bind: po.note), \(bind: po.currency),
                \(bind: po.totalCostMinor), \(bind: po.createdBy), \(bind: po.orderedAt), \(bind: po.receivedAt), \(bind: po.cancelledAt),
                \(bind: po.createdAt), \(bind: po.updatedAt))
            """).run()
    }

    /// Saves a draft's editable fields.
    static func updateDraft(_ po: PurchaseOrder, vendor: UUID, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            UPDATE commerce_purchase_orders SET supplier_name = \(bind: po.supplierName), supplier_email = \(bind: po.supplierEmail),
                supplier_reference = \(bind: po.supplierReference), location_id = \(bind: po.locationId), expected_date = \(bind: po.expectedDate),
                note = \(bind: po.note), total_cost_minor = \(bind: po.totalCostMinor), updated_at = \(bind: po.updatedAt)
            WHERE id = \(bind: po.id) AND vendor_id = \(bind: vendor) AND status = 'draft'
            """).run()
    }

    /// Replaces all lines of a purchase order.
    static func replaceLines(of id: UUID, with lines: [PurchaseOrderLine], vendor: UUID, on db: DatabaseSession) async throws {
        try await db.sql.raw("DELETE FROM commerce_purchase_order_lines WHERE purchase_order_id = \(bind: id) AND vendor_id = \(bind: vendor)").run()
        for (position, line) in lines.enumerated() {
            try await db.sql.raw("""
                INSERT INTO commerce_purchase_order_lines (id, vendor_id, purchase_order_id, variant_id, name, sku, quantity_milli, received_milli,
                    unit_cost_minor, position)
                VALUES (\(bind: line.id), \(bind: vendor), \(bind: id), \(bind: line.variantId), \(bind: line.name), \(bind: line.sku),
                    \(bind: line.quantityMilli), \(bind: line.receivedMilli), \(bind: line.unitCostMinor), \(bind: position))
                """).run()
        }
    }

    static func purchaseOrder(_ id: UUID, vendor: UUID, on db: DatabaseSession) async throws -> PurchaseOrder? {
        try await db.sql.raw("SELECT * FROM commerce_purchase_orders WHERE id = \(bind: id) AND vendor_id = \(bind: vendor)").row(PurchaseOrder.self)
    }

    static func lines(of id: UUID, vendor: UUID, on db: DatabaseSession) async throws -> [PurchaseOrderLine] {
        try await db.sql.raw("""
            SELECT id, variant_id, name, sku, quantity_milli, received_milli, quantity_milli - received_milli AS open_milli, unit_cost_minor
            FROM commerce_purchase_order_lines WHERE purchase_order_id = \(bind: id) AND vendor_id = \(bind: vendor) ORDER BY position
            """).rows(PurchaseOrderLine.self)
    }

    static func list(vendor: UUID, status: PurchaseOrderStatus?, page: PageRequest, on db: DatabaseSession) async throws -> [PurchaseOrder] {
        var conditions: SQLQueryString = "vendor_id = \(bind: vendor)"
        if let status { conditions = conditions + " AND status = \(bind: status.rawValue)" }
        if let after = page.after { conditions = conditions + " AND id > \(bind: after)" }
        return try await db.sql.raw("SELECT * FROM commerce_purchase_orders WHERE \(conditions) ORDER BY id \(limit: page.limit + 1)")
            .rows(PurchaseOrder.self)
    }

    /// Holds the purchase order's row for the rest of the transaction if its status is one of
    /// `statuses`, so two receipts of one purchase order run one after the other and the second
    /// sees the first one's lines.
    static func lock(_ id: UUID, vendor: UUID, in statuses: Set<PurchaseOrderStatus>, at: Date, on db: DatabaseSession) async throws -> Bool {
        !(try await db.sql.raw("""
            UPDATE commerce_purchase_orders SET updated_at = \(bind: at)
            WHERE id = \(bind: id) AND vendor_id = \(bind: vendor) AND status IN (\(binds: statuses.map(\.rawValue).sorted())) RETURNING id
            """).all()).isEmpty
    }

    /// Moves the purchase order from `from` to `to` only if it is still in `from` (two clerks clicking at once).
    static func move(_ id: UUID, vendor: UUID, from: PurchaseOrderStatus, to: PurchaseOrderStatus, at: Date, on db: DatabaseSession) async throws -> Bool {
        var stamps: SQLQueryString = ""
        switch to {
        case .ordered: stamps = ", ordered_at = \(bind: at)"
        case .received: stamps = ", received_at = \(bind: at)"
        case .cancelled: stamps = ", cancelled_at = \(bind: at)"
        case .draft, .partiallyReceived: break
        }
        return !(try await db.sql.raw("""
            UPDATE commerce_purchase_orders SET status = \(bind: to.rawValue), updated_at = \(bind: at)\(stamps)
            WHERE id = \(bind: id) AND vendor_id = \(bind: vendor) AND status = \(bind: from.rawValue) RETURNING id
            """).all()).isEmpty
    }

    /// Adds `quantityMilli` to a line's received quantity unless that would pass what was ordered.
    static func receive(_ quantityMilli: Int, line: UUID, vendor: UUID, on db: DatabaseSession) async throws -> Bool {
        !(try await db.sql.raw("""
            UPDATE commerce_purchase_order_lines SET received_milli = received_milli + \(bind: quantityMilli)
            WHERE id = \(bind: line) AND vendor_id = \(bind: vendor) AND received_milli + \(bind: quantityMilli) <= quantity_milli RETURNING id
            """).all()).isEmpty
    }
}
