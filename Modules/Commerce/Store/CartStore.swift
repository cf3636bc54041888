import Foundation
import Kernel
import SQLKit

/// A shop cart with its lines priced now.
public struct Cart: Codable, Sendable, Equatable {
    public var id: UUID
    public var status: String
    public var customerId: UUID?
    public var orderId: UUID?
    public var currency: String
    public var lines: [CartLine]
    public var subtotalMinor: Int
    /// Whether any line's price changed since the shopper last saw it; checkout refuses until
    /// the cart has been looked at again.
    public var pricesChanged: Bool
}

/// A cart line at today's price.
public struct CartLine: Codable, Sendable, Equatable {
    public var variantId: UUID
    public var productId: UUID
    public var name: String
    public var sku: String
    public var quantityMilli: Int
    public var unitPriceMinor: Int
    /// The price the shopper was shown before, when it has changed since.
    public var previousUnitPriceMinor: Int?
    public var totalMinor: Int
    public var vatRateClass: VATRateClass
    public var availableMilli: Int
    /// The unit the price is per when the product is sold by weight; absent for pieces.
    public var weightUnit: WeightPricing.Unit?
}

/// SQL for carts; always with the vendor, inside vendor-scoped transactions.
enum CartStore {
    struct Header: Decodable {
        let id: UUID
        let customerId: UUID?
        let status: String
        let orderId: UUID?
    }

    static func create(id: UUID, vendor: UUID, customer: UUID?, now: Date, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            INSERT INTO commerce_carts (id, vendor_id, customer_id, status, order_id, created_at, updated_at)
            VALUES (\(bind: id), \(bind: vendor), \(bind: customer), 'open', NULL, \(bind: now), \(bind: now))
            """).run()
    }

    static func header(_ id: UUID, vendor: UUID, on db: DatabaseSession) async throws -> Header? {
        try await db.sql.raw("SELECT id, customer_id, status, order_id FROM commerce_carts WHERE id = \(bind: id) AND vendor_id = \(bind: vendor)")
            .row(Header.self)
    }

    /// Sets a line's quantity (adding the line if new) and records the price the shopper now sees.
    static func put(variant: UUID, quantityMilli: Int, price: Int, cart: UUID, vendor: UUID, now: Date, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            INSERT INTO commerce_cart_lines (cart_id, vendor_id, variant_id, quantity_milli, seen_price_minor, added_at)
            VALUES (\(bind: cart), \(bind: vendor), \(bind: variant), \(bind: quantityMilli), \(bind: price), \(bind: now))
            ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity_milli = excluded.quantity_milli, seen_price_minor = excluded.seen_price_minor
            """).run()
        try await touch(cart, vendor: vendor, now: now, on: db)
    }

    static func remove(variant: UUID, cart: UUID, vendor: UUID, now: Date, on db: DatabaseSession) async throws -> Bool {
        let removed = try await db.sql.raw("""
            DELETE FROM commerce_cart_lines WHERE cart_id = \(bind: cart) AND vendor_id = \(bind: vendor) AND variant_id = \(bind: variant) RETURNING variant_id
            """).all()
        try await touch(cart, vendor: vendor, now: now, on: db)
        return !removed.isEmpty
    }

    /// Records that the shopper has now seen today's prices of every line.
    static func acknowledgePrices(_ lines: [CartLine], cart: UUID, vendor: UUID, on db: DatabaseSession) async throws {
        for line in lines where line.previousUnitPriceMinor != nil {
            try await db.sql.raw("""
                UPDATE commerce_cart_lines SET seen_price_minor = \(bind: line.unitPriceMinor)
                WHERE cart_id = \(bind: cart) AND vendor_id = \(bind: vendor) AND variant_id = \(bind: line.variantId)
                """).run()
        }
    }

    /// Takes an open cart for checkout; nil when it was already checked out (one order per cart).
    static func claim(_ id: UUID, vendor: UUID, now: Date, on db: DatabaseSession) async throws -> Header? {
        try await db.sql.raw("""
            UPDATE commerce_carts SET status = 'checked_out', updated_at = \(bind: now)
            WHERE id = \(bind: id) AND vendor_id = \(bind: vendor) AND status = 'open' RETURNING id, customer_id, status, order_id
            """).row(Header.self)
    }

    static func attach(order: UUID, to cart: UUID, vendor: UUID, on db: DatabaseSession) async throws {
        try await db.deferWrite("UPDATE commerce_carts SET order_id = \(bind: order) WHERE id = \(bind: cart) AND vendor_id = \(bind: vendor)")
    }

    private static func touch(_ cart: UUID, vendor: UUID, now: Date, on db: DatabaseSession) async throws {
        try await db.sql.raw("UPDATE commerce_carts SET updated_at = \(bind: now) WHERE id = \(bind: cart) AND vendor_id = \(bind: vendor)").run()
    }

    /// The cart priced now: each line with the catalog's current price and what is available.
    static func priced(_ header: Header, vendor: UUID, currency: String, on db: DatabaseSession) async throws -> Cart {
        cart(header, currency: currency, lines: try await pricedLines(header, vendor: vendor, on: db).map(\.line))
    }

    /// Each line priced now, with the product and variant it was priced from (a checkout
    /// snapshots the order's lines from them rather than reading the catalog again): one
    /// statement for the whole cart. A line whose variant is gone is left out.
    static func pricedLines(_ header: Header, vendor: UUID, on db: DatabaseSession) async throws -> [(line: CartLine, product: Product, variant: Variant)] {
        struct Row: Decodable {
            let catalog: CatalogStore.SoldRow
            let quantityMilli: Int
            let seenPriceMinor: Int
            let availableMilli: Int
            init(from decoder: any Decoder) throws {
                catalog = try CatalogStore.SoldRow(from: decoder)
                let columns = try decoder.container(keyedBy: Column.self)
                quantityMilli = try columns.decode(Int.self, forKey: .lineQuantityMilli)
                seenPriceMinor = try columns.decode(Int.self, forKey: .lineSeenPriceMinor)
                availableMilli = try columns.decode(Int.self, forKey: .lineAvailableMilli)
            }
            enum Column: String, CodingKey { case lineQuantityMilli, lineSeenPriceMinor, lineAvailableMilli }
        }
        let rows = try await db.sql.raw("""
            SELECT \(CatalogStore.soldColumns), l.quantity_milli AS line_quantity_milli, l.seen_price_minor AS line_seen_price_minor,
                \(OrderStock.available(variant: "v.id", vendor: "l.vendor_id")) AS line_available_milli
            FROM commerce_cart_lines l
            JOIN commerce_variants v ON v.id = l.variant_id AND v.vendor_id = l.vendor_id
            JOIN commerce_products p ON p.id = v.product_id AND p.vendor_id = v.vendor_id
            WHERE l.cart_id = \(bind: header.id) AND l.vendor_id = \(bind: vendor)
            ORDER BY l.added_at, l.variant_id
            """).rows(Row.self)
        return rows.map { row in
            let (product, variant) = row.catalog.sold
            let line = CartLine(variantId: variant.id, productId: product.id, name: product.lineName(variant), sku: variant.sku,
                                quantityMilli: row.quantityMilli, unitPriceMinor: variant.priceMinor,
                                previousUnitPriceMinor: row.seenPriceMinor == variant.priceMinor ? nil : row.seenPriceMinor,
                                totalMinor: OrderTotals.lineTotal(unitPriceMinor: variant.priceMinor, quantityMilli: row.quantityMilli),
                                vatRateClass: product.vatRateClass,
                                availableMilli: product.status == .active ? row.availableMilli : 0,
                                weightUnit: product.weight?.unit)
            return (line, product, variant)
        }
    }

    /// The cart of `header` with `lines`, its subtotal, and whether any price moved.
    static func cart(_ header: Header, currency: String, lines: [CartLine]) -> Cart {
        Cart(id: header.id, status: header.status, customerId: header.customerId, orderId: header.orderId, currency: currency, lines: lines,
             subtotalMinor: lines.reduce(0) { $0 + $1.totalMinor }, pricesChanged: lines.contains { $0.previousUnitPriceMinor != nil })
    }
}
