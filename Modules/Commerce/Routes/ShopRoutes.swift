import Foundation
import Hummingbird
import Kernel

/// The public shop API of one vendor (`/api/v1/shops/:shop/…`, or the vendor's own domain):
/// what the shop offers, its active catalog, and carts. Checkout and shop accounts are in
/// ``CheckoutRoutes`` and ``ShopAccountRoutes``.
enum ShopRoutes {
    struct ShopInfo: ResponseCodable, Sendable {
        let slug: String
        let name: String
        let currency: String
        let paymentMethods: [PaymentMethod]
    }

    struct LineInput: Decodable {
        var quantityMilli: Int
    }

    static let base = "/api/v1/shops/:shop"

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let db = kernel.database

        routes.get(base, summary: "A shop: its name, currency and the payment methods it offers", access: .shop, feature: "commerce") { _, context in
            let shop = try context.requireVendor()
            return try await db.read(for: shop) { tx in
                let vendor = try await TenancyStore.vendor(shop.vendorId, on: tx)!
                let settings = try await ShopSettingsStore.settings(vendor: shop.vendorId, on: tx)
                return ShopInfo(slug: vendor.slug, name: vendor.name, currency: vendor.currency,
                                paymentMethods: PaymentProviders.all.filter { $0.unavailableReason(settings) == nil }.map(\.method))
            }
        }

        routes.get(base + "/products", summary: "The shop's active products, searchable by name, SKU or barcode", access: .shop, feature: "commerce",
                   query: [QueryParameter(name: "q", description: "Part of a name or SKU, or a barcode.", schema: .object(["type": .string("string")]))]) { request, context in
            let shop = try context.requireVendor()
            let page = try PageRequest(from: request)
            let text = request.uri.queryParameters["q"].map(String.init)
            return page.page(try await db.read(for: shop) { try await CatalogStore.search(vendor: shop.vendorId, text: text, status: .active, page: page, on: $0) }, id: \.id)
        }

        routes.post(base + "/carts", summary: "Start a cart (a signed-in customer's cart is theirs alone)", access: .shop, feature: "commerce") { request, context in
            let shop = try context.requireVendor()
            let now = kernel.now()
            let customer = try await ShopAccounts.customer(of: request, vendor: shop.vendorId, now: now, database: db, scope: shop)
            // A random (v4) id: holding it is what gives a guest access to the cart.
            let id = UUID()
            return StatusResponse(.created, try await db.transaction(for: shop) { tx in
                try await CartStore.create(id: id, vendor: shop.vendorId, customer: customer?.id, now: now, on: tx)
                return try await priced(id, shop: shop, on: tx)
            })
        }

        routes.get(base + "/carts/:cartId", summary: "A cart at today's prices, with what is available", access: .shop, feature: "commerce") { request, context in
            let shop = try context.requireVendor()
            let id = try await accessibleCart(request, context, kernel: kernel).id
            return try await db.read(for: shop) { try await priced(id, shop: shop, on: $0) }
        }

        routes.put(base + "/carts/:cartId/lines/:variantId", summary: "Put a product in the cart or change its quantity (stock and price checked now)",
                   access: .shop, feature: "commerce", body: LineInput.self) { input, request, context in
            let shop = try context.requireVendor()
            let id = try await accessibleCart(request, context, kernel: kernel).id
            let variantId = try context.id("variantId", of: "Product variant")
            let now = kernel.now()
            return try await db.transaction(for: shop) { tx in
                try await requireOpen(id, shop: shop, on: tx)
                guard let (product, variant) = try await CatalogStore.variant(variantId, vendor: shop.vendorId, on: tx), product.status == .active else {
                    throw Problem.notFound("Product variant")
                }
                guard input.quantityMilli > 0, input.quantityMilli <= 1_000_000_000 else {
                    throw Problem.invalid([FieldError(field: "quantity_milli", code: "invalid", message: "must be above 0 (remove the line to drop it)")])
                }
                if let problem = product.quantityProblem(input.quantityMilli) {
                    throw Problem.invalid([FieldError(field: "quantity_milli", code: "invalid", message: problem)])
                }
                let available = try await OrderStock.available(variant: variantId, vendor: shop.vendorId, on: tx)
                guard available >= input.quantityMilli else { throw OrderStock.insufficient(variant: variantId, available: available) }
                try await CartStore.put(variant: variantId, quantityMilli: input.quantityMilli, price: variant.priceMinor, cart: id, vendor: shop.vendorId, now: now, on: tx)
                return try await priced(id, shop: shop, on: tx)
            }
        }

        routes.delete(base + "/carts/:cartId/lines/:variantId", summary: "Take a product out of the cart", access: .shop, feature: "commerce") { request, context in
            let shop = try context.requireVendor()
            let id = try await accessibleCart(request, context, kernel: kernel).id
            let variantId = try context.id("variantId", of: "Product variant")
            return try await db.transaction(for: shop) { tx in
                try await requireOpen(id, shop: shop, on: tx)
                guard try await CartStore.remove(variant: variantId, cart: id, vendor: shop.vendorId, now: kernel.now(), on: tx) else {
                    throw Problem.notFound("Cart line")
                }
                return try await priced(id, shop: shop, on: tx)
            }
        }
    }

    /// The cart named in the path if the caller may use it: anyone holding a guest cart's id,
    /// only its customer for a signed-in customer's cart (404 for everyone else); with the
    /// signed-in customer, if any, so callers need not look them up again.
    static func accessibleCart(_ request: Request, _ context: AgoraRequestContext, kernel: KernelServices) async throws -> (id: UUID, customer: Customer?) {
        let shop = try context.requireVendor()
        let id = try context.id("cartId", of: "Cart")
        let customer = try await ShopAccounts.customer(of: request, vendor: shop.vendorId, now: kernel.now(), database: kernel.database, scope: shop)
        let header = try await kernel.database.read(for: shop) { try await CartStore.header(id, vendor: shop.vendorId, on: $0) }
        guard let header else { throw Problem.notFound("Cart") }
        if let owner = header.customerId, customer?.id != owner { throw Problem.notFound("Cart") }
        return (id, customer)
    }

    static func requireOpen(_ id: UUID, shop: VendorScope, on tx: DatabaseSession) async throws {
        guard let header = try await CartStore.header(id, vendor: shop.vendorId, on: tx) else { throw Problem.notFound("Cart") }
        guard header.status == "open" else {
            throw Problem.conflict("cart_checked_out", "This cart became an order; start a new cart.")
        }
    }

    static func priced(_ id: UUID, shop: VendorScope, on tx: DatabaseSession) async throws -> Cart {
        guard let header = try await CartStore.header(id, vendor: shop.vendorId, on: tx) else { throw Problem.notFound("Cart") }
        let currency = try await TenancyStore.vendor(shop.vendorId, on: tx)?.currency ?? "EUR"
        return try await CartStore.priced(header, vendor: shop.vendorId, currency: currency, on: tx)
    }
}

extension Cart: ResponseEncodable {}
