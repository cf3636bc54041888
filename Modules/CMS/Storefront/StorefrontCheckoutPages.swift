import Commerce
import Foundation
import Hummingbird
import Kernel

/// Checkout: the form (e-mail and names for guests, billing address, a payment method the
/// shop offers), the order through ``Commerce/CommerceShop/checkout(cart:_:idempotencyKey:customer:shop:kernel:)``
/// and the confirmation with payment instructions. Each rendering of the form carries a new
/// idempotency key, so submitting the same form twice places one order.
enum StorefrontCheckoutPages {
    /// The form's fields, named like the API's (`billing_address.city` → `billing_address_city`).
    static let addressFields = ["name", "line1", "line2", "postal_code", "city", "country"]

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        StorefrontPages.page(routes, .get, "/checkout", summary: "The checkout form", kernel: kernel) { storefront in
            let cart = try await checkoutCart(storefront, kernel: kernel)
            var values = ["billing_address_country": storefront.vendor.country]
            if let customer = storefront.customer {
                values["billing_address_name"] = "\(customer.firstName) \(customer.lastName)"
            }
            return try await form(cart: cart, values: values, errors: [:], storefront, kernel: kernel)
        }

        StorefrontPages.page(routes, .post, "/checkout", summary: "Place the order from the checkout form", kernel: kernel) { storefront in
            let call = storefront.call
            // The cart is not checked here: a second submit of the same form must reach the
            // idempotent checkout, which answers with the order the first one placed.
            guard let cartId = CartCookie.id(storefront) else { throw Problem.notFound("Cart") }
            let key = try Idempotency.key(call.field("idempotency_key"))
            func again(_ cart: Cart? = nil, errors: [String: String] = [:], status: HTTPResponse.Status, message: String? = nil, keepKey: String? = nil) async throws -> PageResult {
                var shown = cart
                if shown == nil { shown = try await CommerceShop.cart(cartId, customer: storefront.customer, shop: storefront.shop, kernel: kernel) }
                return try await form(cart: shown!, values: call.fields, errors: errors, status: status, message: message, keepKey: keepKey, storefront, kernel: kernel)
            }
            guard let method = call.field("payment_method").flatMap(PaymentMethod.init(rawValue:)) else {
                return try await again(errors: ["payment_method": "Choose how to pay."], status: .unprocessableContent, keepKey: key)
            }
            do {
                _ = try await CommerceShop.checkout(cart: cartId, input(call, method: method), idempotencyKey: key,
                                                    customer: storefront.customer, shop: storefront.shop, kernel: kernel)
                return .redirect(storefront.base + "/checkout/done")
            } catch let changed as PricesChanged {
                // The cart's lines say what changed; the shopper has now seen the new prices.
                return try await again(changed.cart, status: .conflict,
                                       message: "Prices changed since you saw your cart. Check the new total and place the order again.")
            } catch let problem as Problem where !problem.fieldErrors.isEmpty || problem.code == "insufficient_stock" {
                // What was typed stays; nothing was stored, so the same key may be sent again.
                let message = problem.code == "insufficient_stock"
                    ? "Some products are no longer available in the quantity you chose. Change your cart and try again."
                    : "Please check the fields marked below."
                return try await again(errors: StorefrontPages.messages(problem.fieldErrors), status: problem.status, message: message, keepKey: key)
            } catch let problem as Problem where problem.code == "idempotency_key_reused" {
                throw Problem(status: .unprocessableContent, code: problem.code, title: "This form was already sent",
                              detail: "An order was already placed with this form. See your order confirmation, or go back to the cart to start again.")
            }
        }

        StorefrontPages.page(routes, .get, "/checkout/done", summary: "The order just placed, with how to pay", kernel: kernel) { storefront in
            guard let cart = CartCookie.id(storefront) else { throw Problem.notFound("Order") }
            let order = try await CommerceShop.order(ofCart: cart, customer: storefront.customer, shop: storefront.shop, kernel: kernel)
            return try storefront.render("cms/shop-order", title: "Thank you for your order", StorefrontAccountPages.orderData(order, storefront, confirmation: true), kernel: kernel)
        }
    }

    /// The cart to check out: open and not empty (409 otherwise), the shopper's (404 otherwise).
    static func checkoutCart(_ storefront: Storefront, kernel: KernelServices) async throws -> Cart {
        let cart = try await StorefrontCartPages.requireCart(storefront, kernel: kernel)
        guard !cart.lines.isEmpty else { throw Problem.conflict("cart_empty", "Your cart is empty: add a product before checking out.") }
        return cart
    }

    /// The API's input from the form.
    static func input(_ call: PageCall, method: PaymentMethod) -> CheckoutInput {
        func address(_ prefix: String) -> ShopAddress {
            ShopAddress(name: call.field(prefix + "name") ?? "", line1: call.field(prefix + "line1") ?? "", line2: call.field(prefix + "line2"),
                        postalCode: call.field(prefix + "postal_code") ?? "", city: call.field(prefix + "city") ?? "",
                        country: (call.field(prefix + "country") ?? "").uppercased())
        }
        return CheckoutInput(email: call.field("email"), firstName: call.field("first_name"), lastName: call.field("last_name"),
                             phone: call.field("phone"), billingAddress: address("billing_address_"), paymentMethod: method, note: call.field("note"))
    }

    /// The checkout form with the cart's summary; `values` are what was typed, `errors` the
    /// messages per field. A fresh idempotency key unless `keepKey` (a refusal that stored nothing).
    static func form(cart: Cart, values: [String: String], errors: [String: String], status: HTTPResponse.Status? = nil, message: String? = nil,
                     keepKey: String? = nil, _ storefront: Storefront, kernel: KernelServices) async throws -> PageResult {
        let info = try await CommerceShop.info(storefront.shop, kernel: kernel)
        let chosen = values["payment_method"] ?? info.paymentMethods.first?.rawValue
        var data: [String: Any] = [
            "lines": cart.lines.map { StorefrontCartPages.line(for: $0, storefront) },
            "subtotal": storefront.format.money(cart.subtotalMinor),
            "values": values.filter { !$0.value.isEmpty && $0.key != "_csrf" && $0.key != "idempotency_key" },
            "errors": errors, "hasErrors": !errors.isEmpty,
            "idempotencyKey": keepKey ?? UUID().uuidString,
            "guest": storefront.customer == nil,
            "loginHref": storefront.base + "/account/login?next=" + (storefront.base + "/checkout").addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed)!,
            "paymentMethods": info.paymentMethods.map { method -> [String: Any] in
                ["value": method.rawValue, "label": method == .bankTransfer ? "Bank transfer" : "Pay when you collect the order", "checked": method.rawValue == chosen]
            },
            "noPaymentMethod": info.paymentMethods.isEmpty,
        ]
        if let message { data["message"] = message }
        return try storefront.render("cms/shop-checkout", title: "Checkout", data, status: status, kernel: kernel)
    }
}
