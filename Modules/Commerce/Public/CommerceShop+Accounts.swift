import Foundation
import Kernel

/// Shop accounts: registration, sign-in and sign-out, and the orders placed while signed in.
extension CommerceShop {
    /// Opens an account and signs it in. A guest who ordered before keeps their customer record;
    /// an e-mail that already has an account is a 422 `taken`.
    public static func register(_ input: ShopRegistration, shop: VendorScope, kernel: KernelServices) async throws -> ShopSession {
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
        let (customer, token) = try await kernel.database.transaction(for: shop) { tx -> (Customer, String) in
            // Earlier guest orders stay out of the account's history: nobody proved the e-mail is theirs.
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
        return ShopSession(token: token, customer: ShopProfile(customer))
    }

    /// Checks e-mail and password and opens a session: 401 for a wrong pair, 429 after five
    /// failures for the e-mail within 15 minutes.
    public static func signIn(email: String, password: String, shop: VendorScope, kernel: KernelServices) async throws -> ShopSession {
        let now = kernel.now()
        let customer = try await ShopAccounts.verify(email: email.trimmingCharacters(in: .whitespaces).lowercased(), password: password,
                                                     scope: shop, kernel: kernel, now: now)
        let token = try await kernel.database.transaction(for: shop) { tx in
            try await ShopAccounts.openSession(customer: customer.id, vendor: shop.vendorId, now: now, on: tx)
        }
        return ShopSession(token: token, customer: ShopProfile(customer))
    }

    /// Ends the session whose token is `token` (nothing happens for an unknown token).
    public static func signOut(token: String, shop: VendorScope, kernel: KernelServices) async throws {
        try await kernel.database.transaction(for: shop) { tx in try await ShopAccounts.closeSession(token: token, vendor: shop.vendorId, on: tx) }
    }

    /// The orders `customer` placed while signed in, newest first, `page.limit + 1` of them.
    public static func orders(of customer: Customer, page: PageRequest, shop: VendorScope, kernel: KernelServices) async throws -> [Order] {
        try await kernel.database.read(for: shop) { tx in
            try await OrderStore.list(vendor: shop.vendorId, filter: OrderFilter(account: customer.id), page: page, on: tx)
        }
    }

    /// One of `customer`'s orders with its lines, payments and status history; any other
    /// order (a guest order with the same e-mail, another customer's) is a 404.
    public static func order(_ id: UUID, of customer: Customer, shop: VendorScope, kernel: KernelServices) async throws -> ShopOrder {
        try await kernel.database.read(for: shop) { tx in
            guard let order = try await OrderStore.order(id, vendor: shop.vendorId, on: tx), order.accountId == customer.id else {
                throw Problem.notFound("Order")
            }
            return try await shopOrder(order, shop: shop, on: tx)
        }
    }
}
