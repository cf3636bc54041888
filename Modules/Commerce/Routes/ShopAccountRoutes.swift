import Foundation
import Hummingbird
import Kernel

/// Shop accounts (`/api/v1/shops/:shop/account…`): registration, sign-in and sign-out, the
/// profile, and the orders placed while signed in. The work is in ``CommerceShop``.
enum ShopAccountRoutes {
    struct LoginInput: Decodable {
        var email: String
        var password: String
    }

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let base = ShopRoutes.base + "/account"

        routes.post(base, summary: "Open a shop account (separate from staff accounts)", access: .shop, feature: "commerce",
                    body: ShopRegistration.self) { input, _, context in
            let session = try await CommerceShop.register(input, shop: try context.requireVendor(), kernel: kernel)
            return StatusResponse(.created, session, headers: cookie(session.token, context: context, kernel: kernel))
        }

        routes.post(base + "/sessions", summary: "Sign in to the shop", access: .shop, feature: "commerce", body: LoginInput.self) { input, _, context in
            let session = try await CommerceShop.signIn(email: input.email, password: input.password, shop: try context.requireVendor(), kernel: kernel)
            return StatusResponse(.created, session, headers: cookie(session.token, context: context, kernel: kernel))
        }

        routes.delete(base + "/sessions/current", summary: "Sign out of the shop", access: .shop, feature: "commerce") { request, context in
            let shop = try context.requireVendor()
            _ = try await CommerceShop.requireCustomer(of: request, shop: shop, kernel: kernel)
            let token = request.headers[ShopAccounts.tokenHeader] ?? request.cookies[ShopAccounts.cookie]?.value ?? ""
            try await CommerceShop.signOut(token: token, shop: shop, kernel: kernel)
            return Response(status: .noContent)
        }

        routes.get(base, summary: "The signed-in customer's profile", access: .shop, feature: "commerce") { request, context in
            ShopProfile(try await CommerceShop.requireCustomer(of: request, shop: try context.requireVendor(), kernel: kernel))
        }

        routes.get(base + "/orders", summary: "Orders the signed-in customer placed, newest first", access: .shop, feature: "commerce") { request, context in
            let shop = try context.requireVendor()
            let customer = try await CommerceShop.requireCustomer(of: request, shop: shop, kernel: kernel)
            let page = try PageRequest(from: request)
            return page.page(try await CommerceShop.orders(of: customer, page: page, shop: shop, kernel: kernel), id: \.id)
        }

        routes.get(base + "/orders/:orderId", summary: "One of the signed-in customer's orders, with payment and history", access: .shop, feature: "commerce") { request, context in
            let shop = try context.requireVendor()
            let customer = try await CommerceShop.requireCustomer(of: request, shop: shop, kernel: kernel)
            return try await CommerceShop.order(try context.id("orderId", of: "Order"), of: customer, shop: shop, kernel: kernel)
        }
    }

    /// The session cookie for shop pages on the same site.
    static func cookie(_ token: String, context: AgoraRequestContext, kernel: KernelServices) -> HTTPFields {
        [.setCookie: CommerceShop.sessionCookie(token, context: context, kernel: kernel).description]
    }
}
