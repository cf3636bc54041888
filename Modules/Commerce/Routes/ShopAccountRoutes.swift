import Foundation
import Hummingbird
import Kernel

/// An order as its customer sees it: no internal notes, no staff names.
struct ShopOrder: Codable, Sendable {
    struct Step: Codable, Sendable {
        let status: OrderStatus
        let at: Date
    }

    let id: UUID
    let number: String
    let status: OrderStatus
    let currency: String
    let lines: [OrderLine]
    let subtotalMinor: Int
    let shippingMinor: Int
    let totalMinor: Int
    let billingAddress: String?
    let shippingAddress: String?
    let trackingNumber: String?
    let placedAt: Date
    let payments: [Payment]
    let history: [Step]

    init(_ detail: OrderRoutes.OrderDetail, payments: [Payment]) {
        let order = detail.order
        id = order.id
        number = order.number
        status = order.status
        currency = order.currency
        lines = detail.lines
        subtotalMinor = order.subtotalMinor
        shippingMinor = order.shippingMinor
        totalMinor = order.totalMinor
        billingAddress = order.billingAddress
        shippingAddress = order.shippingAddress
        trackingNumber = order.trackingNumber
        placedAt = order.placedAt
        self.payments = payments
        history = detail.timeline.compactMap { entry in entry.toStatus.map { Step(status: $0, at: entry.at) } }
    }
}

extension ShopOrder: ResponseEncodable {}

/// Shop accounts (`/api/v1/shops/:shop/account…`): registration, sign-in and sign-out, the
/// profile, and the orders placed while signed in.
enum ShopAccountRoutes {
    struct RegisterInput: Decodable {
        var email: String
        var password: String
        var firstName: String
        var lastName: String
        var language: String?
        var marketingConsent: Bool?
    }

    struct LoginInput: Decodable {
        var email: String
        var password: String
    }

    struct SignedIn: ResponseCodable, Sendable {
        /// Send it as `X-Customer-Token`; shop pages get it as the `agora_customer` cookie.
        let token: String
        let customer: Profile
    }

    struct Profile: ResponseCodable, Sendable {
        let id: UUID
        let email: String
        let firstName: String
        let lastName: String
        let language: String
        let marketingConsent: Bool

        init(_ c: Customer) {
            id = c.id
            email = c.email
            firstName = c.firstName
            lastName = c.lastName
            language = c.language
            marketingConsent = c.marketingConsent
        }
    }

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let db = kernel.database
        let base = ShopRoutes.base + "/account"

        routes.post(base, summary: "Open a shop account (separate from staff accounts)", access: .shop, feature: "commerce",
                    body: RegisterInput.self) { input, _, context in
            let shop = try context.requireVendor()
            let now = kernel.now()
            let email = input.email.trimmingCharacters(in: .whitespaces).lowercased()
            var validation = Validation()
            validation.check(TenancyRules.isEmail(email), "email", "invalid", "must be an e-mail address")
            validation.requireText(input.firstName, "first_name")
            validation.requireText(input.lastName, "last_name")
            validation.check(input.language.map { (2...10).contains($0.count) } ?? true, "language", "invalid", "must be a language tag such as fr or de-LU")
            for error in PasswordHasher.problems(with: input.password) { validation.check(false, error.field, error.code, error.message) }
            try validation.throwIfInvalid()
            let hash = try await kernel.passwords.hash(input.password)
            let (customer, token) = try await db.transaction(for: shop) { tx -> (Customer, String) in
                // A guest who ordered before keeps their customer record; their earlier guest
                // orders stay out of the account's history (nobody proved the e-mail is theirs).
                var customer = try await CustomerStore.customer(email: email, vendor: shop.vendorId, on: tx)
                if let existing = customer {
                    guard try await !ShopAccounts.hasPassword(existing.id, vendor: shop.vendorId, on: tx) else {
                        throw Problem.invalid([FieldError(field: "email", code: "taken", message: "already has an account; sign in instead")])
                    }
                } else {
                    let consent = input.marketingConsent ?? false
                    let created = Customer(id: UUID.v7(now: now), vendorId: shop.vendorId, email: email, firstName: input.firstName, lastName: input.lastName,
                                           phone: nil, language: input.language ?? "en", marketingConsent: consent, marketingConsentAt: consent ? now : nil,
                                           companyName: nil, vatNumber: nil, orderCount: 0, totalSpentMinor: 0, firstOrderAt: nil, lastOrderAt: nil,
                                           createdAt: now, updatedAt: now)
                    try await CustomerStore.insert(created, on: tx)
                    customer = created
                }
                try await ShopAccounts.setPassword(hash: hash, customer: customer!.id, vendor: shop.vendorId, now: now, on: tx)
                return (customer!, try await ShopAccounts.openSession(customer: customer!.id, vendor: shop.vendorId, now: now, on: tx))
            }
            return StatusResponse(.created, SignedIn(token: token, customer: Profile(customer)), headers: cookie(token, context: context, kernel: kernel))
        }

        routes.post(base + "/sessions", summary: "Sign in to the shop", access: .shop, feature: "commerce", body: LoginInput.self) { input, _, context in
            let shop = try context.requireVendor()
            let now = kernel.now()
            let customer = try await ShopAccounts.verify(email: input.email.trimmingCharacters(in: .whitespaces).lowercased(), password: input.password,
                                                         scope: shop, kernel: kernel, now: now)
            let token = try await db.transaction(for: shop) { tx in
                try await ShopAccounts.openSession(customer: customer.id, vendor: shop.vendorId, now: now, on: tx)
            }
            return StatusResponse(.created, SignedIn(token: token, customer: Profile(customer)), headers: cookie(token, context: context, kernel: kernel))
        }

        routes.delete(base + "/sessions/current", summary: "Sign out of the shop", access: .shop, feature: "commerce") { request, context in
            let shop = try context.requireVendor()
            _ = try await ShopAccounts.requireCustomer(of: request, scope: shop, now: kernel.now(), database: db)
            let token = request.headers[ShopAccounts.tokenHeader] ?? request.cookies[ShopAccounts.cookie]?.value ?? ""
            try await db.transaction(for: shop) { tx in try await ShopAccounts.closeSession(token: token, vendor: shop.vendorId, on: tx) }
            return Response(status: .noContent)
        }

        routes.get(base, summary: "The signed-in customer's profile", access: .shop, feature: "commerce") { request, context in
            let shop = try context.requireVendor()
            return Profile(try await ShopAccounts.requireCustomer(of: request, scope: shop, now: kernel.now(), database: db))
        }

        routes.get(base + "/orders", summary: "Orders the signed-in customer placed, newest first", access: .shop, feature: "commerce") { request, context in
            let shop = try context.requireVendor()
            let customer = try await ShopAccounts.requireCustomer(of: request, scope: shop, now: kernel.now(), database: db)
            let page = try PageRequest(from: request)
            let orders = try await db.read(for: shop) { tx in
                try await OrderStore.list(vendor: shop.vendorId, filter: OrderFilter(account: customer.id), page: page, on: tx)
            }
            return page.page(orders, id: \.id)
        }

        routes.get(base + "/orders/:orderId", summary: "One of the signed-in customer's orders, with payment and history", access: .shop, feature: "commerce") { request, context in
            let shop = try context.requireVendor()
            let customer = try await ShopAccounts.requireCustomer(of: request, scope: shop, now: kernel.now(), database: db)
            let id = try context.id("orderId", of: "Order")
            return try await db.read(for: shop) { tx in
                guard let order = try await OrderStore.order(id, vendor: shop.vendorId, on: tx), order.accountId == customer.id else {
                    throw Problem.notFound("Order")
                }
                return ShopOrder(try await OrderRoutes.detail(order, vendor: shop.vendorId, on: tx),
                                 payments: try await PaymentStore.payments(of: id, vendor: shop.vendorId, on: tx))
            }
        }
    }

    /// The session cookie for shop pages on the same site.
    static func cookie(_ token: String, context: AgoraRequestContext, kernel: KernelServices) -> HTTPFields {
        let base = context.platform?.pathPrefix ?? ""
        let cookie = Cookie(name: ShopAccounts.cookie, value: token, maxAge: Int(ShopAccounts.sessionLifetime), path: base.isEmpty ? "/" : base,
                            secure: context.isSecure || kernel.configuration.environment == .production, httpOnly: true, sameSite: .lax)
        return [.setCookie: cookie.description]
    }
}
