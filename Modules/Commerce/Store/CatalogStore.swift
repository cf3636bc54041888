import Foundation
import Kernel
import SQLKit

/// SQL for the catalog. Every function takes the vendor and runs inside a vendor-scoped
/// transaction, so PostgreSQL's row-level security backs up each `vendor_id` condition.
enum CatalogStore {
    struct ProductRow: Decodable {
        let id: UUID, vendorId: UUID, name: String, description: String, status: ProductStatus, currency: String
        let pricesIncludeVat: Bool, vatRateClass: VATRateClass
        let weightUnit: WeightPricing.Unit?, weightMinimumMilli: Int?, weightStepMilli: Int?, weightAverageUnitMilli: Int?, weightTareMilli: Int?
        let createdAt: Date, updatedAt: Date
    }

    struct VariantRow: Decodable {
        let id: UUID, productId: UUID, sku: String, barcode: String?, title: String, priceMinor: Int, position: Int
    }

    struct ImageRow: Decodable {
        let productId: UUID, url: String, alt: String, position: Int
    }

    static func insert(_ product: Product, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            INSERT INTO commerce_products (id, vendor_id, name, description, status, currency, prices_include_vat, vat_rate_class,
                weight_unit, weight_minimum_milli, weight_step_milli, weight_average_unit_milli, weight_tare_milli, created_at, updated_at)
            VALUES (\(bind: product.id), \(bind: product.vendorId), \(bind: product.name), \(bind: product.description),
                \(bind: product.status.rawValue), \(bind: product.currency), \(bind: product.pricesIncludeVat), \(bind: product.vatRateClass.rawValue),
                \(bind: product.weight?.unit.rawValue), \(bind: product.weight?.minimumMilli), \(bind: product.weight?.stepMilli),
                \(bind: product.weight?.averageUnitWeightMilli), \(bind: product.weight?.tareMilli), \(bind: product.createdAt), \(bind: product.updatedAt))
            """).run()
        try await replaceChildren(of: product, on: db)
    }

    static func update(_ product: Product, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            UPDATE commerce_products SET name = \(bind: product.name), description = \(bind: product.description),
                status = \(bind: product.status.rawValue), prices_include_vat = \(bind: product.pricesIncludeVat),
                vat_rate_class = \(bind: product.vatRateClass.rawValue), weight_unit = \(bind: product.weight?.unit.rawValue),
                weight_minimum_milli = \(bind: product.weight?.minimumMilli), weight_step_milli = \(bind: product.weight?.stepMilli),
                weight_average_unit_milli = \(bind: product.weight?.averageUnitWeightMilli), weight_tare_milli = \(bind: product.weight?.tareMilli),
                updated_at = \(bind: product.updatedAt)
            WHERE id = \(bind: product.id) AND vendor_id = \(bind: product.vendorId)
            """).run()
        try await replaceChildren(of: product, on: db)
    }

    /// Variants keep their ids (matched by SKU, so stock and order lines stay attached);
    /// images are replaced.
    private static func replaceChildren(of product: Product, on db: DatabaseSession) async throws {
        let skus = product.variants.map(\.sku)
        try await db.sql.raw("""
            DELETE FROM commerce_variants WHERE product_id = \(bind: product.id) AND vendor_id = \(bind: product.vendorId)
              AND sku NOT IN (\(binds: skus.isEmpty ? [""] : skus))
            """).run()
        for variant in product.variants {
            try await db.sql.raw("""
                INSERT INTO commerce_variants (id, vendor_id, product_id, sku, barcode, title, price_minor, position)
                VALUES (\(bind: variant.id), \(bind: product.vendorId), \(bind: product.id), \(bind: variant.sku), \(bind: variant.barcode),
                    \(bind: variant.title), \(bind: variant.priceMinor), \(bind: variant.position))
                ON CONFLICT (vendor_id, sku) DO UPDATE SET barcode = excluded.barcode, title = excluded.title,
                    price_minor = excluded.price_minor, position = excluded.position
                WHERE commerce_variants.product_id = excluded.product_id
                """).run()
        }
        try await db.sql.raw("DELETE FROM commerce_product_images WHERE product_id = \(bind: product.id) AND vendor_id = \(bind: product.vendorId)").run()
        for (position, image) in product.images.enumerated() {
            try await db.sql.raw("""
                INSERT INTO commerce_product_images (id, vendor_id, product_id, url, alt, position)
                VALUES (\(bind: UUID.v7()), \(bind: product.vendorId), \(bind: product.id), \(bind: image.url), \(bind: image.alt), \(bind: position))
                """).run()
        }
    }

    static func delete(_ id: UUID, vendor vendorId: UUID, on db: DatabaseSession) async throws -> Bool {
        !(try await db.sql.raw("DELETE FROM commerce_products WHERE id = \(bind: id) AND vendor_id = \(bind: vendorId) RETURNING id").all()).isEmpty
    }

    static func product(_ id: UUID, vendor vendorId: UUID, on db: DatabaseSession) async throws -> Product? {
        let rows = try await db.sql.raw("SELECT * FROM commerce_products WHERE id = \(bind: id) AND vendor_id = \(bind: vendorId)").rows(ProductRow.self)
        return try await assemble(rows, vendor: vendorId, on: db).first
    }

    /// Products matching `text` in the name (case-insensitive), or exactly a SKU or barcode.
    static func search(vendor vendorId: UUID, text: String?, status: ProductStatus?, page: PageRequest, on db: DatabaseSession) async throws -> [Product] {
        try await search(vendor: vendorId, query: CatalogQuery(text: text), status: status, page: page, on: db)
    }

    /// Products matching `query` (and `status`), in its order, `page.limit + 1` of them after
    /// the cursor. Sorted lists page by (sort key, id): the cursor is the last product's id and
    /// its sort key is read back from it, so a cursor stays an id like everywhere else.
    static func search(vendor vendorId: UUID, query: CatalogQuery, status: ProductStatus?, page: PageRequest, on db: DatabaseSession) async throws -> [Product] {
        var conditions: SQLQueryString = "p.vendor_id = \(bind: vendorId)"
        if let status { conditions = conditions + " AND p.status = \(bind: status.rawValue)" }
        if let text = query.text, !text.isEmpty {
            let pattern = containsPattern(text)
            conditions = conditions + """
                 AND (LOWER(p.name) LIKE \(bind: pattern) OR EXISTS (SELECT 1 FROM commerce_variants v
                    WHERE v.product_id = p.id AND v.vendor_id = p.vendor_id AND (v.sku = \(bind: text) OR v.barcode = \(bind: text))))
                """
        }
        if let byWeight = query.soldByWeight { conditions = conditions + (byWeight ? " AND p.weight_unit IS NOT NULL" : " AND p.weight_unit IS NULL") }
        if query.inStockOnly {
            // The same sum over active locations as `OrderStock.available`, per variant.
            conditions = conditions + """
                 AND EXISTS (SELECT 1 FROM commerce_variants v JOIN commerce_stock_levels s ON s.variant_id = v.id AND s.vendor_id = v.vendor_id
                    JOIN commerce_locations l ON l.id = s.location_id
                    WHERE v.product_id = p.id AND v.vendor_id = p.vendor_id AND l.is_active = \(bind: true)
                    GROUP BY v.id HAVING SUM(s.on_hand_milli - s.reserved_milli) > 0)
                """
        }
        let order: SQLQueryString
        switch query.sort {
        case .created, .newest:
            let ascending = query.sort == .created
            if let after = page.after { conditions = conditions + (ascending ? " AND p.id > \(bind: after)" : " AND p.id < \(bind: after)") }
            order = ascending ? "p.id" : "p.id DESC"
        case .name, .priceAscending, .priceDescending:
            let key: SQLQueryString = query.sort == .name
                ? "LOWER(p.name)"
                : "(SELECT COALESCE(MIN(v.price_minor), 0) FROM commerce_variants v WHERE v.product_id = p.id AND v.vendor_id = p.vendor_id)"
            let descending = query.sort == .priceDescending
            if let after = page.after {
                // The cursor product's own key: the inner `p` is the cursor product.
                let cursorKey: SQLQueryString = "(SELECT \(key) FROM commerce_products p WHERE p.id = \(bind: after) AND p.vendor_id = \(bind: vendorId))"
                conditions = conditions + " AND (\(key) \(unsafeRaw: descending ? "<" : ">") \(cursorKey) OR (\(key) = \(cursorKey) AND p.id > \(bind: after)))"
            }
            order = "\(key) \(unsafeRaw: descending ? "DESC" : "ASC"), p.id"
        }
        let rows = try await db.sql.raw("SELECT p.* FROM commerce_products p WHERE \(conditions) ORDER BY \(order) \(limit: page.limit + 1)")
            .rows(ProductRow.self)
        return try await assemble(rows, vendor: vendorId, on: db)
    }

    /// What is available of each variant over the vendor's active locations (variants without
    /// stock are left out).
    static func available(variants: [UUID], vendor vendorId: UUID, on db: DatabaseSession) async throws -> [UUID: Int] {
        guard !variants.isEmpty else { return [:] }
        struct Row: Decodable { let variantId: UUID; let available: Int }
        let rows = try await db.sql.raw("""
            SELECT s.variant_id, CAST(SUM(s.on_hand_milli - s.reserved_milli) AS BIGINT) AS available
            FROM commerce_stock_levels s JOIN commerce_locations l ON l.id = s.location_id
            WHERE s.vendor_id = \(bind: vendorId) AND s.variant_id IN (\(binds: variants)) AND l.is_active = \(bind: true)
            GROUP BY s.variant_id
            """).rows(Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.variantId, $0.available) })
    }

    private static func assemble(_ rows: [ProductRow], vendor vendorId: UUID, on db: DatabaseSession) async throws -> [Product] {
        guard !rows.isEmpty else { return [] }
        let ids = rows.map(\.id)
        let variants = Dictionary(grouping: try await db.sql.raw("""
            SELECT id, product_id, sku, barcode, title, price_minor, position FROM commerce_variants
            WHERE vendor_id = \(bind: vendorId) AND product_id IN (\(binds: ids)) ORDER BY position
            """).rows(VariantRow.self), by: \.productId)
        let images = Dictionary(grouping: try await db.sql.raw("""
            SELECT product_id, url, alt, position FROM commerce_product_images
            WHERE vendor_id = \(bind: vendorId) AND product_id IN (\(binds: ids)) ORDER BY position
            """).rows(ImageRow.self), by: \.productId)
        return rows.map { product($0, variants: variants[$0.id] ?? [], images: images[$0.id] ?? []) }
    }

    fileprivate static func product(_ row: ProductRow, variants: [VariantRow], images: [ImageRow]) -> Product {
        var weight: WeightPricing?
        if let unit = row.weightUnit {
            weight = WeightPricing(unit: unit, minimumMilli: row.weightMinimumMilli ?? 1, stepMilli: row.weightStepMilli ?? 1,
                                   averageUnitWeightMilli: row.weightAverageUnitMilli, tareMilli: row.weightTareMilli ?? 0)
        }
        return Product(
            id: row.id, vendorId: row.vendorId, name: row.name, description: row.description, status: row.status, currency: row.currency,
            pricesIncludeVat: row.pricesIncludeVat, vatRateClass: row.vatRateClass, weight: weight,
            variants: variants.map { Variant(id: $0.id, sku: $0.sku, barcode: $0.barcode, title: $0.title, priceMinor: $0.priceMinor, position: $0.position) },
            images: images.map { ProductImage(url: $0.url, alt: $0.alt) },
            createdAt: row.createdAt, updatedAt: row.updatedAt)
    }
}

extension CatalogStore {
    /// A variant with its product, for selling it (pricing a cart line, snapshotting an order
    /// line, receiving stock): one statement. The product carries its own fields and only this
    /// variant, without images — what every seller of a line reads, and not a product to show.
    static func variant(_ id: UUID, vendor vendorId: UUID, on db: DatabaseSession) async throws -> (Product, Variant)? {
        try await db.sql.raw("""
            SELECT \(soldColumns) FROM commerce_variants v JOIN commerce_products p ON p.id = v.product_id AND p.vendor_id = v.vendor_id
            WHERE v.id = \(bind: id) AND v.vendor_id = \(bind: vendorId)
            """).row(SoldRow.self)?.sold
    }

    /// The columns ``SoldRow`` reads, from products `p` joined with variants `v`.
    static let soldColumns: SQLQueryString = """
        p.*, v.id AS variant_id, v.sku AS variant_sku, v.barcode AS variant_barcode, v.title AS variant_title,
        v.price_minor AS variant_price_minor, v.position AS variant_position
        """

    /// A product row with one of its variants (``soldColumns``).
    struct SoldRow: Decodable {
        /// The product with only this variant and no images (see ``variant(_:vendor:on:)``).
        let sold: (Product, Variant)

        init(from decoder: any Decoder) throws {
            let product = try ProductRow(from: decoder)
            let columns = try decoder.container(keyedBy: Column.self)
            let variant = VariantRow(id: try columns.decode(UUID.self, forKey: .variantId), productId: product.id,
                                     sku: try columns.decode(String.self, forKey: .variantSku),
                                     barcode: try columns.decodeIfPresent(String.self, forKey: .variantBarcode),
                                     title: try columns.decode(String.self, forKey: .variantTitle),
                                     priceMinor: try columns.decode(Int.self, forKey: .variantPriceMinor),
                                     position: try columns.decode(Int.self, forKey: .variantPosition))
            let assembled = CatalogStore.product(product, variants: [variant], images: [])
            sold = (assembled, assembled.variants[0])
        }

        enum Column: String, CodingKey {
            case variantId, variantSku, variantBarcode, variantTitle, variantPriceMinor, variantPosition
        }
    }
}
