import Foundation
import Hummingbird
import Kernel

/// Checkout: a cart becomes an order in one transaction under an `Idempotency-Key` — the cart
/// is claimed, prices are re-checked, stock is reserved for the order, the order is placed
/// (counting against the monthly order limit) and payment starts. Any refusal rolls all of it back.
enum CheckoutRoutes {
    struct AddressInput: Codable, Sendable {
        var name: String
        var line1: String
        var line2: String?
        var postalCode: String
        var city: String
        /// ISO 3166-1 alpha-2.
        var country: String

        /// The address as printed on a label or an invoice.
        var text: String {
            [name, line1, line2, "\(postalCode) \(city)", country].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
        }

        func validate(_ field: String, into validation: inout Validation) {
            validation.requireText(name, field + ".name")
            validation.requireText(line1, field + ".line1")
            validation.requireText(postalCode, field + ".postal_code", maxLength: 20)
            validation.requireText(city, field + ".city")
            validation.check(TenancyRules.isCountryCode(country), field + ".country", "invalid", "must be an ISO 3166-1 alpha-2 code such as LU")
        }
    }

    struct CheckoutInput: Codable, Sendable {
        /// Required for guests; a signed-in customer's account e-mail is used otherwise.
        var email: String?
        var firstName: String?
        var lastName: String?
        var phone: String?
        var billingAddress: AddressInput
        /// Defaults to the billing address.
        var shippingAddress: AddressInput?
        var paymentMethod: PaymentMethod
        var note: String?
        var marketingConsent: Bool?
    }

    /// What the shopper gets back: the order and how to pay.
    struct CheckoutResult: ResponseCodable, Sendable {
        let order: ShopOrder
        let payment: Payment
    }

    /// Thrown inside the transaction when a price moved; the route then records the new prices
    /// as seen (outside the rolled-back transaction) so the shopper can confirm and retry.
    struct PricesChanged: Error { let cart: Cart }

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let db = kernel.database
        routes.post(ShopRoutes.base + "/carts/:cartId/checkout", summary: "Turn the cart into an order (needs an Idempotency-Key header)",
                    access: .shop, feature: "commerce",
                    query: [QueryParameter(header: "Idempotency-Key", description: "Unique per checkout attempt (a UUID); a retry with the same key gets the first answer.", required: true)],
                    body: CheckoutInput.self) { input, request, context in
            let shop = try context.requireVendor()
            let key = try Idempotency.key(of: request)
            let cartId = try context.id("cartId", of: "Cart")
            let now = kernel.now()
            // Whose cart it is is checked when the checkout claims it, in the same transaction.
            let account = try await ShopAccounts.customer(of: request, vendor: shop.vendorId, now: now, database: db, scope: shop)
            try validate(input, signedIn: account != nil)
            let fingerprint = try Idempotency.fingerprint(input)
            do {
                let (result, replayed) = try await db.transaction(for: shop) { tx in
                    try await Idempotency.once(scope: "checkout:\(shop.vendorId):\(cartId)", key: key, fingerprint: fingerprint, now: now, on: tx) {
                        try await checkout(cartId, input, account: account, shop: shop, kernel: kernel, now: now, on: tx)
                    }
                }
                var headers = HTTPFields()
                if replayed { headers[Idempotency.replayedHeader] = "true" }
                return StatusResponse(.created, result, headers: headers)
            } catch let changed as PricesChanged {
                try await db.transaction(for: shop) { tx in
                    try await CartStore.acknowledgePrices(changed.cart.lines, cart: cartId, vendor: shop.vendorId, on: tx)
                }
                throw Problem(status: .conflict, code: "price_changed", title: "Prices changed",
                              detail: "Some prices changed since you saw the cart; review the cart and check out again.",
                              extensions: ["lines": .array(changed.cart.lines.filter { $0.previousUnitPriceMinor != nil }.map {
                                  .object(["variant_id": .string($0.variantId.uuidString), "previous_unit_price_minor": .int($0.previousUnitPriceMinor ?? 0),
                                           "unit_price_minor": .int($0.unitPriceMinor)])
                              })])
            }
        }
    }

    static func validate(_ input: CheckoutInput, signedIn: Bool) throws {
        var validation = Validation()
        if !signedIn {
            validation.check(input.email.map(TenancyRules.isEmail) ?? false, "email", "invalid", "a valid e-mail is required to order as a guest")
            validation.requireText(input.firstName, "first_name")
            validation.requireText(input.lastName, "last_name")
        }
        input.billingAddress.validate("billing_address", into: &validation)
        input.shippingAddress?.validate("shipping_address", into: &validation)
        validation.check((input.note ?? "").count <= 2000, "note", "too_long", "must be at most 2000 characters")
        validation.check((input.phone ?? "").count <= 40, "phone", "too_long", "must be at most 40 characters")
        try validation.throwIfInvalid()
    }

    /// The checkout itself, inside the caller's vendor-scoped transaction.
    static func checkout(_ cartId: UUID, _ input: CheckoutInput, account: Customer?, shop: VendorScope, kernel: KernelServices, now: Date,
                         on tx: DatabaseSession) async throws -> CheckoutResult {
        let vendor = shop.vendorId
        guard let header = try await CartStore.claim(cartId, vendor: vendor, now: now, on: tx) else {
            // Not claimable: unknown or someone else's (404), or already an order (409).
            guard let existing = try await CartStore.header(cartId, vendor: vendor, on: tx), existing.customerId == nil || existing.customerId == account?.id
            else { throw Problem.notFound("Cart") }
            throw Problem.conflict("cart_checked_out", "This cart has already become an order.")
        }
        // A signed-in customer's cart is theirs alone; the claim is rolled back with this refusal.
        if let owner = header.customerId, owner != account?.id { throw Problem.notFound("Cart") }
        let settings = try await ShopSettingsStore.settings(vendor: vendor, on: tx)
        let provider = PaymentProviders.provider(input.paymentMethod)
        if let reason = provider.unavailableReason(settings) {
            throw Problem(status: .unprocessableContent, code: "payment_method_unavailable", title: "This payment method is not offered",
                          detail: reason, fieldErrors: [FieldError(field: "payment_method", code: "unavailable", message: reason)])
        }
        let currency = try await kernel.vendors.vendor(vendor)?.currency ?? "EUR"
        let cart = try await CartStore.priced(header, vendor: vendor, currency: currency, on: tx)
        guard !cart.lines.isEmpty else { throw Problem.conflict("cart_empty", "The cart is empty.") }
        if cart.pricesChanged { throw PricesChanged(cart: cart) }

        var customer: Customer
        if let account { customer = account } else { customer = try await guestCustomer(input, vendor: vendor, now: now, on: tx) }
        let orderId = UUID.v7(now: now)
        let ledger = StockLedger(vendor: shop, actor: "shop:\(customer.email)", now: now)
        let holdUntil = now.addingTimeInterval(TimeInterval(settings.paymentDays) * 24 * 3600)
        for line in cart.lines {
            try await OrderStock.reserve(line.quantityMilli, variant: line.variantId, order: orderId, until: holdUntil, ledger: ledger, on: tx)
        }
        let orderInput = OrderRoutes.OrderInput(
            channel: .web, externalReference: nil, customerId: customer.id, customerEmail: customer.email,
            lines: cart.lines.map { OrderRoutes.LineInput(variantId: $0.variantId, quantityMilli: $0.quantityMilli) },
            shippingMinor: 0, billingAddress: input.billingAddress.text, shippingAddress: (input.shippingAddress ?? input.billingAddress).text,
            note: input.note)
        let (detail, _) = try await OrderRoutes.place(orderInput, vendor: shop, actor: "shop:\(customer.email)", now: now, kernel: kernel,
                                                      id: orderId, accountId: account?.id, paymentMethod: input.paymentMethod, on: tx)
        let start = provider.start(orderNumber: detail.order.number, amountMinor: detail.order.totalMinor, currency: detail.order.currency, settings: settings)
        let payment = Payment(id: UUID.v7(now: now), orderId: orderId, method: input.paymentMethod, status: .pending, amountMinor: detail.order.totalMinor,
                              currency: detail.order.currency, reference: start.reference, instructions: start.instructions, createdAt: now,
                              paidAt: nil, confirmedBy: nil)
        try await PaymentStore.insert(payment, vendor: vendor, on: tx)
        try await CartStore.attach(order: orderId, to: cartId, vendor: vendor, on: tx)
        return CheckoutResult(order: ShopOrder(detail, payments: [payment]), payment: payment)
    }

    /// A guest's customer record: found by e-mail (a returning guest) or created.
    static func guestCustomer(_ input: CheckoutInput, vendor: UUID, now: Date, on tx: DatabaseSession) async throws -> Customer {
        let email = (input.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if let existing = try await CustomerStore.customer(email: email, vendor: vendor, on: tx) { return existing }
        let consent = input.marketingConsent ?? false
        let customer = Customer(id: UUID.v7(now: now), vendorId: vendor, email: email, firstName: input.firstName ?? "", lastName: input.lastName ?? "",
                                phone: input.phone, language: "en", marketingConsent: consent, marketingConsentAt: consent ? now : nil,
                                companyName: nil, vatNumber: nil, orderCount: 0, totalSpentMinor: 0, firstOrderAt: nil, lastOrderAt: nil,
                                createdAt: now, updatedAt: now)
        if let inserted = try await CustomerStore.insertIfAbsent(customer, on: tx) { return inserted }
        return try await CustomerStore.customer(email: email, vendor: vendor, on: tx)!
    }
}
