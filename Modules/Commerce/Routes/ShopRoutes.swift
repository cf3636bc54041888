import Foundation
import Hummingbird
import Kernel

/// The public shop API of one vendor (`/api/v1/shops/:shop/…`, or the vendor's own domain):
/// what the shop offers, its active catalog, and carts. Checkout and shop accounts are in
/// ``CheckoutRoutes`` and ``ShopAccountRoutes``. Each route reads the request and calls
/// ``CommerceShop``, which the storefront pages call too.
enum ShopRoutes {
    struct LineInput: Decodable {
        var quantityMilli: Int
    }

    static let base = "/api/v1/shops/:shop"

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.get(base, summary: "A shop: its name, currency and the payment methods it offers", access: .shop, feature: "commerce") { _, context in
            try await CommerceShop.info(try context.requireVendor(), kernel: kernel)
        }

        routes.get(base + "/products", summary: "The shop's active products: search by name, SKU or barcode, filter by how they are sold and stock, sort",
                   access: .shop, feature: "commerce", query: CatalogQuery.parameters) { request, context in
            let shop = try context.requireVendor()
            let page = try PageRequest(from: request)
            return page.page(try await CommerceShop.catalog(try CatalogQuery(from: request), page: page, shop: shop, kernel: kernel), id: \.id)
        }

        routes.post(base + "/carts", summary: "Start a cart (a signed-in customer's cart is theirs alone)", access: .shop, feature: "commerce") { request, context in
            let shop = try context.requireVendor()
            let customer = try await CommerceShop.customer(of: request, shop: shop, kernel: kernel)
            return StatusResponse(.created, try await CommerceShop.createCart(customer: customer, shop: shop, kernel: kernel))
        }

        routes.get(base + "/carts/:cartId", summary: "A cart at today's prices, with what is available", access: .shop, feature: "commerce") { request, context in
            let shop = try context.requireVendor()
            let id = try context.id("cartId", of: "Cart")
            let customer = try await CommerceShop.customer(of: request, shop: shop, kernel: kernel)
            return try await CommerceShop.cart(id, customer: customer, shop: shop, kernel: kernel)
        }

        routes.put(base + "/carts/:cartId/lines/:variantId", summary: "Put a product in the cart or change its quantity (stock and price checked now)",
                   access: .shop, feature: "commerce", body: LineInput.self) { input, request, context in
            let shop = try context.requireVendor()
            let id = try context.id("cartId", of: "Cart")
            let customer = try await CommerceShop.customer(of: request, shop: shop, kernel: kernel)
            let variantId = try context.id("variantId", of: "Product variant")
            return try await CommerceShop.putLine(cart: id, variant: variantId, quantityMilli: input.quantityMilli, customer: customer, shop: shop, kernel: kernel)
        }

        routes.delete(base + "/carts/:cartId/lines/:variantId", summary: "Take a product out of the cart", access: .shop, feature: "commerce") { request, context in
            let shop = try context.requireVendor()
            let id = try context.id("cartId", of: "Cart")
            let customer = try await CommerceShop.customer(of: request, shop: shop, kernel: kernel)
            let variantId = try context.id("variantId", of: "Product variant")
            return try await CommerceShop.removeLine(cart: id, variant: variantId, customer: customer, shop: shop, kernel: kernel)
        }
    }
}

extension Cart: ResponseEncodable {}
