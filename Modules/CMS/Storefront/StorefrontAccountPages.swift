import Commerce
import Foundation
import Hummingbird
import Kernel

/// Shop accounts on the storefront: sign up, sign in, sign out, the orders placed while
/// signed in and one order with its timeline. The session is the shop API's own cookie
/// (``Commerce/CommerceShop/sessionCookie(_:context:kernel:)``).
enum StorefrontAccountPages {
    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        StorefrontPages.page(routes, .get, "/account/register", summary: "Open a shop account", kernel: kernel) { storefront in
            try accountForm("cms/shop-register", title: "Create your account", values: ["next": storefront.call.query("next") ?? ""], storefront, kernel: kernel)
        }

        StorefrontPages.page(routes, .post, "/account/register", summary: "Open a shop account from the form", kernel: kernel) { storefront in
            let call = storefront.call
            let input = ShopRegistration(email: call.field("email") ?? "", password: call.fields["password"] ?? "", firstName: call.field("first_name") ?? "",
                                         lastName: call.field("last_name") ?? "",
                                         marketingConsent: call.field("marketing_consent") != nil)
            do {
                let session = try await CommerceShop.register(input, shop: storefront.shop, kernel: kernel)
                return .session(cookie: CommerceShop.sessionCookie(session.token, context: call.context, kernel: kernel), then: storefront.next(call.field("next")))
            } catch let problem as Problem where !problem.fieldErrors.isEmpty {
                return try accountForm("cms/shop-register", title: "Create your account", values: call.fields,
                                       errors: StorefrontPages.messages(problem.fieldErrors), status: problem.status, storefront, kernel: kernel)
            }
        }

        StorefrontPages.page(routes, .get, "/account/login", summary: "Sign in to the shop", kernel: kernel) { storefront in
            try accountForm("cms/shop-login", title: "Sign in", values: ["next": storefront.call.query("next") ?? ""], storefront, kernel: kernel)
        }

        StorefrontPages.page(routes, .post, "/account/login", summary: "Sign in to the shop from the form", kernel: kernel) { storefront in
            let call = storefront.call
            do {
                let session = try await CommerceShop.signIn(email: call.field("email") ?? "", password: call.fields["password"] ?? "",
                                                            shop: storefront.shop, kernel: kernel)
                return .session(cookie: CommerceShop.sessionCookie(session.token, context: call.context, kernel: kernel), then: storefront.next(call.field("next")))
            } catch let problem as Problem where problem.status == .unauthorized || problem.status == .tooManyRequests {
                return try accountForm("cms/shop-login", title: "Sign in", values: call.fields, message: problem.detail ?? problem.title,
                                       status: problem.status, storefront, kernel: kernel)
            }
        }

        StorefrontPages.page(routes, .post, "/account/logout", summary: "Sign out of the shop", kernel: kernel) { storefront in
            if let token = storefront.call.request.cookies[CommerceShop.sessionCookieName]?.value, !token.isEmpty {
                try await CommerceShop.signOut(token: token, shop: storefront.shop, kernel: kernel)
            }
            return .session(cookie: CommerceShop.sessionCookie(nil, context: storefront.call.context, kernel: kernel), then: storefront.base.isEmpty ? "/" : storefront.base)
        }

        StorefrontPages.page(routes, .get, "/account/orders", summary: "The signed-in customer's orders", kernel: kernel) { storefront in
            let customer = try storefront.requireCustomer(returningTo: "/account/orders")
            let page = try Kernel.PageRequest(from: storefront.call.request)
            let orders = try await CommerceShop.orders(of: customer, page: page, shop: storefront.shop, kernel: kernel)
            let format = storefront.format
            return try storefront.render("cms/shop-orders", title: "Your orders", [
                "orders": orders.prefix(page.limit).map {
                    ["number": $0.number, "href": storefront.base + "/account/orders/" + $0.id.uuidString, "placedAt": format.date($0.placedAt),
                     "status": StorefrontFormat.status($0.status), "total": Money.format($0.totalMinor, currency: $0.currency, locale: format.locale)]
                },
                "empty": orders.isEmpty,
                "next": PageFormat.nextPage(orders, limit: page.limit, id: \.id, call: storefront.call, url: storefront.base + "/account/orders"),
            ], kernel: kernel)
        }

        StorefrontPages.page(routes, .get, "/account/orders/:orderId", summary: "One of the signed-in customer's orders, with its timeline", kernel: kernel) { storefront in
            let id = try storefront.call.context.id("orderId", of: "Order")
            let customer = try storefront.requireCustomer(returningTo: "/account/orders/\(id)")
            let order = try await CommerceShop.order(id, of: customer, shop: storefront.shop, kernel: kernel)
            return try storefront.render("cms/shop-order", title: "Order \(order.number)", orderData(order, storefront, confirmation: false), kernel: kernel)
        }
    }

    /// The sign-up or sign-in form with what was typed (never the password) and the refusal.
    static func accountForm(_ template: String, title: String, values: [String: String], errors: [String: String] = [:], message: String? = nil,
                            status: HTTPResponse.Status? = nil, _ storefront: Storefront, kernel: KernelServices) throws -> PageResult {
        var data: [String: Any] = [
            "values": values.filter { !$0.value.isEmpty && $0.key != "password" && $0.key != "_csrf" },
            "errors": errors, "hasErrors": !errors.isEmpty || message != nil,
        ]
        if let message { data["message"] = message }
        return try storefront.render(template, title: title, data, status: status, kernel: kernel)
    }

    /// An order for the confirmation and the order page: lines, totals, how to pay, timeline.
    static func orderData(_ order: ShopOrder, _ storefront: Storefront, confirmation: Bool) -> [String: Any] {
        let format = storefront.format
        func money(_ minor: Int) -> String { Money.format(minor, currency: order.currency, locale: format.locale) }
        var data: [String: Any] = [
            "confirmation": confirmation, "guest": storefront.customer == nil,
            "order": ["number": order.number, "status": StorefrontFormat.status(order.status), "statusCode": order.status.rawValue,
                      "placedAt": format.dateTime(order.placedAt), "subtotal": money(order.subtotalMinor), "shipping": money(order.shippingMinor),
                      "hasShipping": order.shippingMinor != 0, "total": money(order.totalMinor)] as [String: Any],
            "lines": order.lines.map {
                ["name": $0.name, "quantity": format.number($0.quantityMilli), "unitPrice": money($0.unitPriceMinor), "total": money($0.totalMinor)]
            },
            "payments": order.payments.map {
                ["method": $0.method == .bankTransfer ? "Bank transfer" : "Pay at pickup", "amount": money($0.amountMinor), "reference": $0.reference,
                 "instructions": $0.instructions, "paid": $0.status == .paid, "pending": $0.status == .pending] as [String: Any]
            },
            "history": order.history.map { ["status": StorefrontFormat.status($0.status), "at": format.dateTime($0.at)] },
        ]
        if let address = order.billingAddress { data["billingAddress"] = address }
        if let tracking = order.trackingNumber { data["trackingNumber"] = tracking }
        return data
    }
}
