import Foundation
import Hummingbird
import Kernel
import SQLKit

/// The vendor's catalog API: list and search, create, read, change and delete products.
enum ProductRoutes {
    struct VariantInput: Decodable {
        var sku: String
        var barcode: String?
        var title: String?
        var priceMinor: Int
    }

    struct WeightInput: Decodable {
        var unit: WeightPricing.Unit
        var minimumMilli: Int
        var stepMilli: Int
        var averageUnitWeightMilli: Int?
        var tareMilli: Int?
    }

    struct ProductInput: Decodable {
        var name: String?
        var description: String?
        var status: ProductStatus?
        var pricesIncludeVat: Bool?
        var vatRateClass: VATRateClass?
        /// An object to sell by weight, or null to sell by the piece.
        var weight: WeightInput?
        var soldByPiece: Bool?
        var variants: [VariantInput]?
        var images: [ProductImage]?
    }

    struct ProductBody: ResponseCodable, Sendable {
        let product: Product
    }

    static let maximumPriceMinor = 1_000_000_000_000

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.get("/api/v1/vendor/products", summary: "Search your products by name, SKU or barcode", access: .vendor(.vendorStaff), feature: "commerce",
                   query: [QueryParameter(name: "q", description: "Part of the name, or an exact SKU or barcode.", schema: .object(["type": .string("string")])),
                           QueryParameter(name: "status", description: "draft, active or archived.", schema: .object(["type": .string("string"), "enum": .array(ProductStatus.allCases.map { .string($0.rawValue) })]))]) { request, context in
            let vendor = try context.requireVendor()
            let page = try PageRequest(from: request)
            let query = request.uri.queryParameters
            var status: ProductStatus?
            if let raw = query["status"] {
                guard let parsed = ProductStatus(rawValue: String(raw)) else { throw Problem.invalidParameter("status", "must be draft, active or archived") }
                status = parsed
            }
            let text = query["q"].map(String.init)
            return page.page(try await kernel.database.read(for: vendor) {
                try await CatalogStore.search(vendor: vendor.vendorId, text: text, status: status, page: page, on: $0)
            }, id: \.id)
        }

        routes.post("/api/v1/vendor/products", summary: "Create a product with its variants (counts against the product limit)",
                    access: .vendor(.vendorManager), feature: "commerce", body: ProductInput.self) { input, _, context in
            StatusResponse(.created, ProductBody(product: try await create(input, vendor: try context.requireVendor(), kernel: kernel)))
        }

        routes.get("/api/v1/vendor/products/:productId", summary: "One of your products", access: .vendor(.vendorStaff), feature: "commerce") { _, context in
            let vendor = try context.requireVendor()
            let id = try context.id("productId", of: "Product")
            guard let product = try await kernel.database.read(for: vendor, { try await CatalogStore.product(id, vendor: vendor.vendorId, on: $0) }) else {
                throw Problem.notFound("Product")
            }
            return ProductBody(product: product)
        }

        routes.patch("/api/v1/vendor/products/:productId", summary: "Change a product; variants are matched by SKU", access: .vendor(.vendorManager),
                     feature: "commerce", body: ProductInput.self) { input, _, context in
            ProductBody(product: try await update(try context.id("productId", of: "Product"), with: input, vendor: try context.requireVendor(), kernel: kernel))
        }

        routes.delete("/api/v1/vendor/products/:productId", summary: "Delete a product (frees a place under the product limit)", access: .vendor(.vendorManager), feature: "commerce") { _, context -> Response in
            let vendor = try context.requireVendor()
            let id = try context.id("productId", of: "Product")
            try await kernel.database.transaction(for: vendor) { tx in
                guard try await CatalogStore.delete(id, vendor: vendor.vendorId, on: tx) else { throw Problem.notFound("Product") }
                try await kernel.usage.release("commerce.products", for: vendor, at: kernel.now(), on: tx)
            }
            return Response(status: .noContent)
        }
    }

    /// Creates a product (the API and the vendor pages), counting against the product limit.
    static func create(_ input: ProductInput, vendor: VendorScope, kernel: KernelServices) async throws -> Product {
        let now = kernel.now()
        var validation = Validation()
        validation.requireText(input.name, "name")
        validation.check(!(input.variants ?? []).isEmpty, "variants", "required", "give at least one variant with a SKU and a price")
        var product = Product(id: UUID.v7(now: now), vendorId: vendor.vendorId, name: input.name ?? "", description: "", status: .draft,
                              currency: "EUR", pricesIncludeVat: true, vatRateClass: .standard, weight: nil, variants: [], images: [],
                              createdAt: now, updatedAt: now)
        apply(input, to: &product, validation: &validation)
        try validation.throwIfInvalid()
        let stored = try await kernel.database.transaction(for: vendor) { tx -> Product in
            if let currency = try await TenancyStore.vendor(vendor.vendorId, on: tx)?.currency { product.currency = currency }
            try await kernel.usage.consume("commerce.products", for: vendor, at: now, on: tx)
            try await checkSKUs(product, on: tx)
            try await write { try await CatalogStore.insert(product, on: tx) }
            return try await CatalogStore.product(product.id, vendor: vendor.vendorId, on: tx)!
        }
        return stored
    }

    /// Changes a product (the API and the vendor pages); variants are matched by SKU.
    static func update(_ id: UUID, with input: ProductInput, vendor: VendorScope, kernel: KernelServices) async throws -> Product {
        try await kernel.database.transaction(for: vendor) { tx -> Product in
            guard var product = try await CatalogStore.product(id, vendor: vendor.vendorId, on: tx) else { throw Problem.notFound("Product") }
            var validation = Validation()
            if let name = input.name { validation.requireText(name, "name") }
            validation.check(input.variants.map { !$0.isEmpty } ?? true, "variants", "required", "a product keeps at least one variant")
            apply(input, to: &product, validation: &validation)
            try validation.throwIfInvalid()
            product.updatedAt = kernel.now()
            try await checkSKUs(product, on: tx)
            try await write { try await CatalogStore.update(product, on: tx) }
            return try await CatalogStore.product(id, vendor: vendor.vendorId, on: tx)!
        }
    }

    /// A SKU belongs to one product of a vendor.
    static func checkSKUs(_ product: Product, on tx: DatabaseSession) async throws {
        struct Row: Decodable { let sku: String }
        let taken = try await tx.sql.raw("""
            SELECT sku FROM commerce_variants WHERE vendor_id = \(bind: product.vendorId) AND product_id <> \(bind: product.id)
              AND sku IN (\(binds: product.variants.map(\.sku)))
            """).rows(Row.self)
        guard taken.isEmpty else {
            throw Problem.invalid(taken.map { FieldError(field: "variants", code: "taken", message: "SKU \($0.sku) is used by another product") })
        }
    }

    /// Turns the barcode index's refusal into a field error.
    static func write(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch where DatabaseErrors.isUniqueViolation(error) {
            throw Problem.invalid([FieldError(field: "variants", code: "taken", message: "a barcode is used by another product")])
        }
    }

    static func apply(_ input: ProductInput, to product: inout Product, validation: inout Validation) {
        if let name = input.name { product.name = name.trimmingCharacters(in: .whitespaces) }
        if let description = input.description {
            validation.check(description.count <= 20_000, "description", "too_long", "must be at most 20000 characters")
            product.description = description
        }
        if let status = input.status { product.status = status }
        if let included = input.pricesIncludeVat { product.pricesIncludeVat = included }
        if let vatClass = input.vatRateClass { product.vatRateClass = vatClass }
        if input.soldByPiece == true { product.weight = nil }
        if let weight = input.weight {
            let pricing = WeightPricing(unit: weight.unit, minimumMilli: weight.minimumMilli, stepMilli: weight.stepMilli,
                                        averageUnitWeightMilli: weight.averageUnitWeightMilli, tareMilli: weight.tareMilli ?? 0)
            for problem in pricing.problems() { validation.check(false, problem.field, "invalid", problem.message) }
            product.weight = pricing
        }
        if let variants = input.variants {
            var seen: Set<String> = []
            product.variants = variants.enumerated().map { index, variant in
                let sku = variant.sku.trimmingCharacters(in: .whitespaces)
                validation.check((1...64).contains(sku.count) && !sku.contains(where: \.isWhitespace), "variants[\(index)].sku", "invalid", "must be 1–64 characters without spaces")
                validation.check(seen.insert(sku.lowercased()).inserted, "variants[\(index)].sku", "duplicate", "is given twice")
                validation.check(variant.barcode.map(GTIN.isValid) ?? true, "variants[\(index)].barcode", "invalid", "must be a GTIN (EAN-8, UPC-A, EAN-13 or GTIN-14) with a correct check digit")
                validation.check((0...maximumPriceMinor).contains(variant.priceMinor), "variants[\(index)].price_minor", "invalid", "must be a price in minor units from 0")
                let existing = product.variants.first { $0.sku == sku }
                return Variant(id: existing?.id ?? UUID.v7(), sku: sku, barcode: variant.barcode?.isEmpty == true ? nil : variant.barcode,
                               title: variant.title ?? "", priceMinor: variant.priceMinor, position: index)
            }
        }
        if let images = input.images {
            for (index, image) in images.enumerated() {
                let lower = image.url.lowercased()
                validation.check((lower.hasPrefix("https://") || lower.hasPrefix("http://")) && image.url.count <= 2000,
                                 "images[\(index)].url", "invalid", "must be an http(s) URL")
            }
            product.images = images
        }
    }
}
