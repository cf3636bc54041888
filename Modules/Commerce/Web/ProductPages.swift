import Foundation
import Kernel

/// Product pages: list and search, create, edit (including selling by weight), prices.
enum ProductPages {
    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.page(.get, "/vendor/products", summary: "Your products, searchable", access: .vendor(.vendorStaff), feature: "commerce") { call in
            let vendor = try call.context.requireVendor()
            let query = call.query("q")
            let products = try await kernel.database.read(for: vendor) {
                try await CatalogStore.search(vendor: vendor.vendorId, text: query, status: nil, page: PageRequest(limit: 200), on: $0)
            }
            return try await VendorPages.render("commerce/products", title: "Products", [
                "q": query ?? "",
                "products": products.map { product in
                    ["id": product.id.uuidString, "name": product.name, "status": product.status.rawValue,
                     "skus": product.variants.map(\.sku).joined(separator: ", "),
                     "price": product.variants.map { PageFormat.money($0.priceMinor) }.joined(separator: " / "),
                     "per": product.weight.map { "per " + $0.unit.rawValue } ?? "each"] as [String: Any]
                },
                "statuses": VendorPages.options(ProductStatus.allCases.map(\.rawValue), selected: "active"),
                "vatClasses": VendorPages.options(VATRateClass.allCases.map(\.rawValue), selected: "standard"),
            ], call: call, kernel: kernel)
        }

        routes.page(.post, "/vendor/products", summary: "Create a product from the page", access: .vendor(.vendorManager), feature: "commerce") { call in
            var input = try productInput(call)
            guard let price = PageFormat.minor(call.field("price")) else {
                throw Problem.invalid([FieldError(field: "price", code: "invalid", message: "must be an amount such as 12.50")])
            }
            input.variants = [ProductRoutes.VariantInput(sku: call.field("sku") ?? "", barcode: call.field("barcode"), title: nil, priceMinor: price)]
            let product = try await ProductRoutes.create(input, vendor: try call.context.requireVendor(), kernel: kernel)
            return .redirect(call.base + "/vendor/products/\(product.id)")
        }

        routes.page(.get, "/vendor/products/:productId", summary: "Edit a product", access: .vendor(.vendorStaff), feature: "commerce") { call in
            let vendor = try call.context.requireVendor()
            let id = try call.context.id("productId", of: "Product")
            guard let product = try await kernel.database.read(for: vendor, { try await CatalogStore.product(id, vendor: vendor.vendorId, on: $0) }) else {
                throw Problem.notFound("Product")
            }
            let weight = product.weight
            return try await VendorPages.render("commerce/product", title: product.name, [
                "product": ["id": product.id.uuidString, "name": product.name, "description": product.description, "currency": product.currency,
                            "byWeight": weight != nil, "unit": weight?.unit.rawValue ?? "kg",
                            "minimum": weight.map { PageFormat.quantity($0.minimumMilli) } ?? "", "step": weight.map { PageFormat.quantity($0.stepMilli) } ?? "",
                            "averageWeight": weight?.averageUnitWeightMilli.map(PageFormat.quantity) ?? "",
                            "tare": weight.map { PageFormat.quantity($0.tareMilli) } ?? ""] as [String: Any],
                "variants": product.variants.map { ["sku": $0.sku, "title": $0.title, "barcode": $0.barcode ?? "", "price": PageFormat.money($0.priceMinor),
                                                    "productId": product.id.uuidString] as [String: Any] },
                "statuses": VendorPages.options(ProductStatus.allCases.map(\.rawValue), selected: product.status.rawValue),
                "vatClasses": VendorPages.options(VATRateClass.allCases.map(\.rawValue), selected: product.vatRateClass.rawValue),
                "units": VendorPages.options(WeightPricing.Unit.allCases.map(\.rawValue), selected: weight?.unit.rawValue ?? "kg"),
            ], call: call, kernel: kernel)
        }

        routes.page(.post, "/vendor/products/:productId", summary: "Save a product from the page", access: .vendor(.vendorManager), feature: "commerce") { call in
            let id = try call.context.id("productId", of: "Product")
            _ = try await ProductRoutes.update(id, with: try productInput(call), vendor: try call.context.requireVendor(), kernel: kernel)
            return .redirect(call.base + "/vendor/products/\(id)")
        }

        routes.page(.post, "/vendor/products/:productId/price", summary: "Change one variant's price from the page", access: .vendor(.vendorManager), feature: "commerce") { call in
            let vendor = try call.context.requireVendor()
            let id = try call.context.id("productId", of: "Product")
            guard let product = try await kernel.database.read(for: vendor, { try await CatalogStore.product(id, vendor: vendor.vendorId, on: $0) }) else {
                throw Problem.notFound("Product")
            }
            guard let price = PageFormat.minor(call.field("price")) else {
                throw Problem.invalid([FieldError(field: "price", code: "invalid", message: "must be an amount such as 12.50")])
            }
            let sku = call.field("sku")
            var input = ProductRoutes.ProductInput()
            input.variants = product.variants.map {
                ProductRoutes.VariantInput(sku: $0.sku, barcode: $0.barcode, title: $0.title, priceMinor: $0.sku == sku ? price : $0.priceMinor)
            }
            _ = try await ProductRoutes.update(id, with: input, vendor: vendor, kernel: kernel)
            return .redirect(call.base + "/vendor/products/\(id)")
        }
    }

    /// The product fields of a product form; weight fields only when "sold by weight" is ticked.
    static func productInput(_ call: PageCall) throws -> ProductRoutes.ProductInput {
        var input = ProductRoutes.ProductInput()
        input.name = call.field("name") ?? ""
        input.description = call.fields["description"]
        input.status = call.field("status").flatMap(ProductStatus.init(rawValue:))
        input.vatRateClass = call.field("vatRateClass").flatMap(VATRateClass.init(rawValue:))
        if call.field("byWeight") != nil {
            input.weight = ProductRoutes.WeightInput(
                unit: call.field("unit").flatMap(WeightPricing.Unit.init(rawValue:)) ?? .kg,
                minimumMilli: try PageFormat.requireMilli(call.field("minimum"), "minimum"),
                stepMilli: try PageFormat.requireMilli(call.field("step"), "step"),
                averageUnitWeightMilli: PageFormat.milli(call.field("averageWeight")),
                tareMilli: PageFormat.milli(call.field("tare")))
        } else {
            input.soldByPiece = true
        }
        return input
    }
}
