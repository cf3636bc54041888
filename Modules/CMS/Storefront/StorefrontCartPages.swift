import Commerce
import Foundation
import Hummingbird
import Kernel

/// The cart: add from a product page, change quantities, remove lines. The cart's id is in
/// the ``CartCookie``; every change goes through ``Commerce/CommerceShop``, which re-checks
/// stock and quantity rules and prices the cart anew, and a refusal shows on the page it came
/// from with its 4xx status.
enum StorefrontCartPages {
    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        StorefrontPages.page(routes, .get, "/cart", summary: "The shopper's cart at today's prices", kernel: kernel) { storefront in
            try cartPage(try await openCart(storefront, kernel: kernel), storefront, kernel: kernel)
        }

        StorefrontPages.page(routes, .post, "/products/:productId/cart", summary: "Add a product to the cart from its page", kernel: kernel) { storefront in
            let call = storefront.call
            let item = try await CommerceShop.product(try call.context.id("productId", of: "Product"), shop: storefront.shop, kernel: kernel)
            guard let variant = call.field("variant").flatMap(UUID.init(uuidString:)), item.product.variants.contains(where: { $0.id == variant }) else {
                throw Problem.notFound("Product variant")
            }
            let typed = call.field("quantity") ?? ""
            do {
                let quantity = try StorefrontCartPages.quantity(typed, of: item.product, storefront: storefront)
                let cart = try await openCart(storefront, kernel: kernel)
                let inCart = cart?.lines.first { $0.variantId == variant }?.quantityMilli ?? 0
                let updated = try await CommerceShop.putLine(cart: cart?.id, variant: variant, quantityMilli: inCart + quantity,
                                                             customer: storefront.customer, shop: storefront.shop, kernel: kernel)
                if cart == nil { return .session(cookie: CartCookie.cookie(updated.id, storefront: storefront, kernel: kernel), then: storefront.base + "/cart") }
                return .redirect(storefront.base + "/cart")
            } catch let problem as Problem where problem.status.code < 500 && problem.status != .notFound {
                let message = explain(problem, product: item.product, storefront: storefront)
                return try StorefrontCatalogPages.productPage(item, storefront, refused: (variant, typed, message, problem.status), kernel: kernel)
            }
        }

        StorefrontPages.page(routes, .post, "/cart/lines/:variantId", summary: "Change a cart line's quantity (0 removes it)", kernel: kernel) { storefront in
            let call = storefront.call
            let variant = try call.context.id("variantId", of: "Cart line")
            let cart = try await requireCart(storefront, kernel: kernel)
            guard let line = cart.lines.first(where: { $0.variantId == variant }) else { throw Problem.notFound("Cart line") }
            let typed = call.field("quantity") ?? ""
            do {
                let product = try await CommerceShop.product(line.productId, shop: storefront.shop, kernel: kernel).product
                let quantity = typed.trimmingCharacters(in: .whitespaces) == "0" ? 0 : try StorefrontCartPages.quantity(typed, of: product, storefront: storefront)
                if quantity == 0 {
                    _ = try await CommerceShop.removeLine(cart: cart.id, variant: variant, customer: storefront.customer, shop: storefront.shop, kernel: kernel)
                } else {
                    _ = try await CommerceShop.putLine(cart: cart.id, variant: variant, quantityMilli: quantity, customer: storefront.customer,
                                                       shop: storefront.shop, kernel: kernel)
                }
                return .redirect(storefront.base + "/cart")
            } catch let problem as Problem where problem.status.code < 500 && problem.code != "cart_checked_out" {
                // A product no longer sold is a 404 here: the line can only be removed.
                let product = try? await CommerceShop.product(line.productId, shop: storefront.shop, kernel: kernel).product
                let message = product.map { explain(problem, product: $0, storefront: storefront) } ?? "This product is no longer sold; remove it."
                let status: HTTPResponse.Status = problem.status == .notFound ? .conflict : problem.status
                return try cartPage(try await openCart(storefront, kernel: kernel), storefront, refused: (variant, typed, message, status), kernel: kernel)
            }
        }

        StorefrontPages.page(routes, .post, "/cart/lines/:variantId/remove", summary: "Take a product out of the cart", kernel: kernel) { storefront in
            let variant = try storefront.call.context.id("variantId", of: "Cart line")
            let cart = try await requireCart(storefront, kernel: kernel)
            _ = try await CommerceShop.removeLine(cart: cart.id, variant: variant, customer: storefront.customer, shop: storefront.shop, kernel: kernel)
            return .redirect(storefront.base + "/cart")
        }
    }

    /// The shopper's open cart, or nil when the cookie names none they may use (no cookie, a
    /// cart that became an order, someone else's cart after signing out).
    static func openCart(_ storefront: Storefront, kernel: KernelServices) async throws -> Cart? {
        guard let id = CartCookie.id(storefront) else { return nil }
        do {
            let cart = try await CommerceShop.cart(id, customer: storefront.customer, shop: storefront.shop, kernel: kernel)
            return cart.status == "open" ? cart : nil
        } catch let problem as Problem where problem.status == .notFound {
            return nil
        }
    }

    /// The cart a change is about: the cookie's, which must be the shopper's (404 otherwise)
    /// and still open (409 once it became an order).
    static func requireCart(_ storefront: Storefront, kernel: KernelServices) async throws -> Cart {
        guard let id = CartCookie.id(storefront) else { throw Problem.notFound("Cart") }
        let cart = try await CommerceShop.cart(id, customer: storefront.customer, shop: storefront.shop, kernel: kernel)
        guard cart.status == "open" else { throw Problem.conflict("cart_checked_out", "This cart became an order; start a new cart.") }
        return cart
    }

    /// A typed quantity in milli-units: kilograms (`0,45` or `0.45`) by weight, whole pieces
    /// otherwise; anything else is a 422 saying what to type.
    static func quantity(_ typed: String, of product: Product, storefront: Storefront) throws -> Int {
        guard let milli = PageFormat.milli(typed), milli > 0 else {
            let example = product.weight == nil ? "2" : storefront.format.number(product.weight!.minimumMilli)
            throw Problem.invalid([FieldError(field: "quantity", code: "invalid", message: "Type a quantity such as \(example).")])
        }
        return milli
    }

    /// A refusal in the shopper's words: the product's quantity rule, what is left in stock.
    static func explain(_ problem: Problem, product: Product, storefront: Storefront) -> String {
        let unit = product.weight?.unit
        switch problem.code {
        case "insufficient_stock":
            guard case .int(let available)? = problem.extensions["available_milli"], available > 0 else { return "\(product.name) is out of stock." }
            return "Only \(storefront.format.quantity(available, weight: unit)) of \(product.name) left: choose less."
        case _ where problem.fieldErrors.contains { $0.field == "quantity_milli" }:
            return storefront.format.rule(product)
        default:
            return problem.fieldErrors.first?.message ?? problem.detail ?? problem.title
        }
    }

    /// The cart page; after a refused change, again with `error` at the line and the status.
    static func cartPage(_ cart: Cart?, _ storefront: Storefront, refused: (variant: UUID, quantity: String, error: String, status: HTTPResponse.Status)? = nil,
                         kernel: KernelServices) throws -> PageResult {
        var lines = (cart?.lines ?? []).map { line(for: $0, storefront) }
        if let refused, let index = lines.firstIndex(where: { $0["variantId"] as? String == refused.variant.uuidString }) {
            lines[index]["quantity"] = refused.quantity
            lines[index]["error"] = refused.error
        }
        return try storefront.render("cms/shop-cart", title: "Your cart", [
            "lines": lines, "empty": lines.isEmpty,
            "subtotal": storefront.format.money(cart?.subtotalMinor ?? 0),
        ], status: refused?.status, kernel: kernel)
    }

    /// A cart line for the cart and checkout pages, with what changed since the shopper last
    /// looked: a new price, less stock than wanted.
    static func line(for line: CartLine, _ storefront: Storefront) -> [String: Any] {
        let format = storefront.format
        var row: [String: Any] = [
            "variantId": line.variantId.uuidString, "name": line.name, "sku": line.sku,
            "href": storefront.base + "/products/" + line.productId.uuidString,
            "quantity": format.number(line.quantityMilli), "quantityText": format.quantity(line.quantityMilli, weight: line.weightUnit),
            "byWeight": line.weightUnit != nil, "unit": line.weightUnit?.rawValue ?? "",
            "unitPrice": format.price(line.unitPriceMinor, weight: line.weightUnit), "total": format.money(line.totalMinor),
        ]
        var notices: [String] = []
        if let previous = line.previousUnitPriceMinor {
            notices.append("The price changed from \(format.price(previous, weight: line.weightUnit)) to \(format.price(line.unitPriceMinor, weight: line.weightUnit)).")
        }
        if line.availableMilli <= 0 {
            notices.append("Out of stock now: remove it to check out.")
        } else if line.availableMilli < line.quantityMilli {
            notices.append("Only \(format.quantity(line.availableMilli, weight: line.weightUnit)) left: lower the quantity to check out.")
        }
        if !notices.isEmpty { row["notices"] = notices.map { ["text": $0] } }
        return row
    }
}
