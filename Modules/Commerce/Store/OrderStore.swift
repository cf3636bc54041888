import Foundation
import Kernel
import SQLKit

/// An order as the API shows it.
public struct Order: Codable, Sendable, Equatable {
    public var id: UUID
    public var number: String
    public var channel: OrderChannel
    public var externalReference: String?
    public var customerId: UUID?
    public var customerEmail: String?
    /// The shop account that placed the order while signed in.
    public var accountId: UUID?
    public var paymentMethod: PaymentMethod?
    public var status: OrderStatus
    public var currency: String
    public var pricesIncludeVat: Bool
    public var subtotalMinor: Int
    public var shippingMinor: Int
    public var totalMinor: Int
    public var billingAddress: String?
    public var shippingAddress: String?
    public var trackingNumber: String?
    public var placedAt: Date
    public var updatedAt: Date
    /// The order's net total and VAT as Invoicing's VAT engine works them out (nil until it has;
    /// the invoice's figures once the order is invoiced), and the VAT regime it chose.
    public var netTotalMinor: Int? = nil
    public var taxTotalMinor: Int? = nil
    public var vatRegime: String? = nil
}

/// One entry of an order's timeline.
public struct OrderTimelineEntry: Codable, Sendable, Equatable {
    public var kind: String
    public var fromStatus: OrderStatus?
    public var toStatus: OrderStatus?
    public var note: String?
    public var actor: String
    public var at: Date
}

/// Filters of the order list.
struct OrderFilter {
    var status: OrderStatus?
    var channel: OrderChannel?
    var from: Date?
    var to: Date?
    var customer: UUID?
    var text: String?
    /// Orders a shop account placed while signed in.
    var account: UUID?
    /// Only orders placed on this platform (the company view).
    var platform: UUID?
}

/// SQL for orders, always with the vendor, inside vendor-scoped transactions.
enum OrderStore {
    static func nextNumber(vendor: UUID, on db: DatabaseSession) async throws -> Int {
        struct Row: Decodable { let lastNumber: Int }
        // One statement: the row stays locked until commit, so concurrent orders never share a number.
        return try await db.sql.raw("""
            INSERT INTO commerce_order_sequences (vendor_id, last_number) VALUES (\(bind: vendor), 1)
            ON CONFLICT (vendor_id) DO UPDATE SET last_number = commerce_order_sequences.last_number + 1
            RETURNING last_number
            """).row(Row.self)!.lastNumber
    }

    static func insert(_ o: Order, vendor: UUID, platform: UUID, lines: [OrderLine], on db: DatabaseSession) async throws {
        try await db.deferWrite("""
            INSERT INTO commerce_orders (id, vendor_id, platform_id, number, channel, external_reference, customer_id, customer_email, account_id, payment_method,
                status, currency,
                prices_include_vat, subtotal_minor, shipping_minor, total_minor, billing_address, shipping_address, tracking_number, placed_at, updated_at)
            VALUES (\(bind: o.id), \(bind: vendor), \(bind: platform), \(bind: o.number), \(bind: o.channel.rawValue), \(bind: o.externalReference),
                \(bind: o.customerId), \(bind: o.customerEmail), \(bind: o.accountId), \(bind: o.paymentMethod?.rawValue), \(bind: o.status.rawValue), \(bind: o.currency), \(bind: o.pricesIncludeVat),
                \(bind: o.subtotalMinor), \(bind: o.shippingMinor), \(bind: o.totalMinor), \(bind: o.billingAddress), \(bind: o.shippingAddress),
                \(bind: o.trackingNumber), \(bind: o.placedAt), \(bind: o.updatedAt))
            """)
        for (position, line) in lines.enumerated() {
            try await db.deferWrite("""
                INSERT INTO commerce_order_lines (id, vendor_id, order_id, variant_id, name, sku, unit_price_minor, quantity_milli, vat_rate_class, total_minor, position)
                VALUES (\(bind: UUID.v7()), \(bind: vendor), \(bind: o.id), \(bind: line.variantId), \(bind: line.name), \(bind: line.sku),
                    \(bind: line.unitPriceMinor), \(bind: line.quantityMilli), \(bind: line.vatRateClass.rawValue), \(bind: line.totalMinor), \(bind: position))
                """)
        }
    }

    static func order(_ id: UUID, vendor: UUID, on db: DatabaseSession) async throws -> Order? {
        try await db.sql.raw("SELECT * FROM commerce_orders WHERE id = \(bind: id) AND vendor_id = \(bind: vendor)").row(Order.self)
    }

    static func order(channel: OrderChannel, externalReference: String, vendor: UUID, on db: DatabaseSession) async throws -> Order? {
        try await db.sql.raw("""
            SELECT * FROM commerce_orders WHERE vendor_id = \(bind: vendor) AND channel = \(bind: channel.rawValue) AND external_reference = \(bind: externalReference)
            """).row(Order.self)
    }

    static func lines(of order: UUID, vendor: UUID, on db: DatabaseSession) async throws -> [OrderLine] {
        try await db.sql.raw("""
            SELECT variant_id, name, sku, unit_price_minor, quantity_milli, vat_rate_class, total_minor FROM commerce_order_lines
            WHERE order_id = \(bind: order) AND vendor_id = \(bind: vendor) ORDER BY position
            """).rows(OrderLine.self)
    }

    static func timeline(of order: UUID, vendor: UUID, on db: DatabaseSession) async throws -> [OrderTimelineEntry] {
        try await db.sql.raw("""
            SELECT kind, from_status, to_status, note, actor, at FROM commerce_order_timeline
            WHERE order_id = \(bind: order) AND vendor_id = \(bind: vendor) ORDER BY at, id
            """).rows(OrderTimelineEntry.self)
    }

    static func record(_ entry: OrderTimelineEntry, order: UUID, vendor: UUID, on db: DatabaseSession) async throws {
        try await db.deferWrite("""
            INSERT INTO commerce_order_timeline (id, vendor_id, order_id, kind, from_status, to_status, note, actor, at)
            VALUES (\(bind: UUID.v7(now: entry.at)), \(bind: vendor), \(bind: order), \(bind: entry.kind), \(bind: entry.fromStatus?.rawValue),
                \(bind: entry.toStatus?.rawValue), \(bind: entry.note), \(bind: entry.actor), \(bind: entry.at))
            """)
    }

    /// Moves the order from `from` to `to` only if it is still in `from` (two clerks clicking at once).
    static func move(_ id: UUID, vendor: UUID, from: OrderStatus, to: OrderStatus, tracking: String?, at: Date, on db: DatabaseSession) async throws -> Bool {
        !(try await db.sql.raw("""
            UPDATE commerce_orders SET status = \(bind: to.rawValue), tracking_number = COALESCE(\(bind: tracking), tracking_number), updated_at = \(bind: at)
            WHERE id = \(bind: id) AND vendor_id = \(bind: vendor) AND status = \(bind: from.rawValue) RETURNING id
            """).all()).isEmpty
    }

    static func list(vendor: UUID, filter: OrderFilter, page: PageRequest, on db: DatabaseSession) async throws -> [Order] {
        try await listing("*", vendor: vendor, filter: filter, page: page, on: db) { try await $0.rows(Order.self) }
    }

    /// The same orders as ``list(vendor:filter:page:on:)``, written as JSON straight from their
    /// rows (``Order/jsonColumns``), for the API's order list.
    static func listJSON(vendor: UUID, filter: OrderFilter, page: PageRequest, on db: DatabaseSession) async throws -> [RowJSON<Order>] {
        try await listing(Order.jsonColumns.selectList(on: db.kind), vendor: vendor, filter: filter, page: page, on: db) {
            try await $0.jsonRows(Order.jsonColumns, as: Order.self)
        }
    }

    /// Runs the list query for `columns` (newest first, `page.limit + 1` rows) and reads its
    /// rows with `read`.
    private static func listing<Rows: Sendable>(_ columns: SQLQueryString, vendor: UUID, filter: OrderFilter, page: PageRequest, on db: DatabaseSession,
                                      read: @Sendable (SQLRawBuilder) async throws -> Rows) async throws -> Rows {
        var conditions: SQLQueryString = "vendor_id = \(bind: vendor)"
        if let status = filter.status { conditions = conditions + " AND status = \(bind: status.rawValue)" }
        if let channel = filter.channel { conditions = conditions + " AND channel = \(bind: channel.rawValue)" }
        // An order's id is a UUIDv7 of its placing time, so a date window is also an id range,
        // which the id-ordered indexes can walk directly; placed_at keeps the window exact.
        if let from = filter.from { conditions = conditions + " AND placed_at >= \(bind: from) AND id >= \(bind: UUID.v7Floor(from))" }
        if let to = filter.to { conditions = conditions + " AND placed_at < \(bind: to) AND id < \(bind: UUID.v7Floor(to, later: 1))" }
        if let customer = filter.customer { conditions = conditions + " AND customer_id = \(bind: customer)" }
        if let platform = filter.platform { conditions = conditions + " AND platform_id = \(bind: platform)" }
        if let text = filter.text, !text.isEmpty {
            conditions = conditions + " AND " + (try await textCondition(text, vendor: vendor, on: db))
        }
        if let account = filter.account { conditions = conditions + " AND account_id = \(bind: account)" }
        // Newest first: ids are UUIDv7, so id order is placing order; the cursor is the last id seen.
        if let after = page.after { conditions = conditions + " AND id < \(bind: after)" }
        let query = db.sql.raw("SELECT \(columns) FROM commerce_orders WHERE \(conditions) ORDER BY id DESC \(limit: page.limit + 1)")
        // One generic plan serves the plain list and one customer's or account's orders, each
        // walked in its own index. The others are planned for their values: statuses, channels
        // and platforms are skewed (the index a generic plan picks for "delivered" reads
        // thousands of rows for "refunded"), and a date window or a text may be wide or narrow.
        if filter.from != nil || filter.to != nil || filter.status != nil || filter.channel != nil || filter.platform != nil || filter.text != nil {
            return try await db.planningEachRun { try await read(query) }
        }
        return try await read(query)
    }

    /// Orders whose number or external reference is `text`, or whose e-mail contains it.
    ///
    /// On PostgreSQL the e-mails come from the suffix table (migration 0013), so the orders are
    /// found by index; a very broad text (over 1,000 e-mails) falls back to scanning with LIKE.
    static func textCondition(_ text: String, vendor: UUID, on db: DatabaseSession) async throws -> SQLQueryString {
        if db.kind == .postgres {
            struct Row: Decodable { let email: String }
            let needle = text.lowercased()
            let emails = try await db.sql.raw("""
                SELECT DISTINCT email FROM commerce_order_email_suffixes
                WHERE vendor_id = \(bind: vendor) AND suffix ~>=~ \(bind: needle) AND suffix ~<~ \(bind: needle + "\u{10FFFF}")
                LIMIT 1001
                """).rows(Row.self).map(\.email)
            if emails.count <= 1000 {
                return "(number = \(bind: text) OR external_reference = \(bind: text) OR customer_email = ANY(\(bind: emails)))"
            }
        }
        return "(number = \(bind: text) OR LOWER(customer_email) LIKE \(bind: containsPattern(text)) OR external_reference = \(bind: text))"
    }

    /// Orders and revenue of one currency, cancelled orders left out.
    struct CurrencySales: Decodable, Sendable {
        let currency: String
        let orderCount: Int
        let revenueMinor: Int
    }

    /// The vendor's orders on `platform` placed in [from, to), per currency, cancelled ones left out.
    static func sales(vendor: UUID, platform: UUID, from: Date?, to: Date?, on db: DatabaseSession) async throws -> [CurrencySales] {
        var conditions: SQLQueryString = "vendor_id = \(bind: vendor) AND platform_id = \(bind: platform) AND status <> \(bind: OrderStatus.cancelled.rawValue)"
        if let from { conditions = conditions + " AND placed_at >= \(bind: from)" }
        if let to { conditions = conditions + " AND placed_at < \(bind: to)" }
        return try await db.sql.raw("""
            SELECT currency, CAST(COUNT(*) AS BIGINT) AS order_count, CAST(COALESCE(SUM(total_minor), 0) AS BIGINT) AS revenue_minor
            FROM commerce_orders WHERE \(conditions) GROUP BY currency ORDER BY currency
            """).rows(CurrencySales.self)
    }
}

/// Orders are read and written by the hundred on list pages, so they read their row and write
/// their JSON themselves (``RowReadable``, ``JSONWritable``); `OrderCodingTests` holds both
/// equal to the `Codable` forms.
extension Order: RowReadable, JSONWritable, Identifiable {
    /// The order's JSON written from its `commerce_orders` row (``JSONColumns``): the same
    /// keys as ``writeJSON(_:)``, each its column, in the same order.
    public static let jsonColumns = JSONColumns([
        "account_id": .uuid, "billing_address": .string, "channel": .string, "currency": .string,
        "customer_email": .string, "customer_id": .uuid, "external_reference": .string, "id": .uuid,
        "net_total_minor": .integer, "number": .string, "payment_method": .string, "placed_at": .date,
        "prices_include_vat": .boolean, "shipping_address": .string, "shipping_minor": .integer, "status": .string,
        "subtotal_minor": .integer, "tax_total_minor": .integer, "total_minor": .integer, "tracking_number": .string,
        "updated_at": .date, "vat_regime": .string,
    ])

    public init(row: RowReader) throws {
        self.init(id: try row.uuid("id"), number: try row.string("number"), channel: try row.value("channel"),
                  externalReference: try row.optionalString("external_reference"), customerId: try row.optionalUUID("customer_id"),
                  customerEmail: try row.optionalString("customer_email"), accountId: try row.optionalUUID("account_id"),
                  paymentMethod: try row.optionalValue("payment_method"), status: try row.value("status"), currency: try row.string("currency"),
                  pricesIncludeVat: try row.bool("prices_include_vat"), subtotalMinor: try row.int("subtotal_minor"),
                  shippingMinor: try row.int("shipping_minor"), totalMinor: try row.int("total_minor"),
                  billingAddress: try row.optionalString("billing_address"), shippingAddress: try row.optionalString("shipping_address"),
                  trackingNumber: try row.optionalString("tracking_number"), placedAt: try row.date("placed_at"), updatedAt: try row.date("updated_at"),
                  netTotalMinor: try row.optionalInt("net_total_minor"), taxTotalMinor: try row.optionalInt("tax_total_minor"),
                  vatRegime: try row.optionalString("vat_regime"))
    }

    public func writeJSON(_ object: inout JSONObjectWriter) {
        // Sorted by key, as the API's encoder sorts them.
        object.field("account_id", accountId)
        object.field("billing_address", billingAddress)
        object.field("channel", channel)
        object.field("currency", currency)
        object.field("customer_email", customerEmail)
        object.field("customer_id", customerId)
        object.field("external_reference", externalReference)
        object.field("id", id)
        object.field("net_total_minor", netTotalMinor)
        object.field("number", number)
        object.field("payment_method", paymentMethod)
        object.field("placed_at", placedAt)
        object.field("prices_include_vat", pricesIncludeVat)
        object.field("shipping_address", shippingAddress)
        object.field("shipping_minor", shippingMinor)
        object.field("status", status)
        object.field("subtotal_minor", subtotalMinor)
        object.field("tax_total_minor", taxTotalMinor)
        object.field("total_minor", totalMinor)
        object.field("tracking_number", trackingNumber)
        object.field("updated_at", updatedAt)
        object.field("vat_regime", vatRegime)
    }
}
