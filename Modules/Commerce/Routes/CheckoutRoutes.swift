import Foundation
import Hummingbird
import Kernel

/// Checkout: a cart becomes an order in one transaction under an `Idempotency-Key` — the cart
/// is claimed, prices are re-checked, stock is reserved for the order, the order is placed
/// (counting against the monthly order limit) and payment starts. Any refusal rolls all of it back.
enum CheckoutRoutes {
    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.post(ShopRoutes.base + "/carts/:cartId/checkout", summary: "Turn the cart into an order (needs an Idempotency-Key header)",
                    access: .shop, feature: "commerce",
                    query: [QueryParameter(header: "Idempotency-Key", description: "Unique per checkout attempt (a UUID); a retry with the same key gets the first answer.", required: true)],
                    body: CheckoutInput.self) { input, request, context in
            let shop = try context.requireVendor()
            let key = try Idempotency.key(of: request)
            let cartId = try context.id("cartId", of: "Cart")
            let account = try await CommerceShop.customer(of: request, shop: shop, kernel: kernel)
            let (result, replayed) = try await CommerceShop.checkout(cart: cartId, input, idempotencyKey: key, customer: account, shop: shop, kernel: kernel)
            var headers = HTTPFields()
            if replayed { headers[Idempotency.replayedHeader] = "true" }
            return StatusResponse(.created, result, headers: headers)
        }
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
        let shopVendor = try await kernel.vendors.vendor(vendor)
        let priced = try await CartStore.pricedLines(header, vendor: vendor, on: tx)
        let cart = CartStore.cart(header, currency: shopVendor?.currency ?? "EUR", lines: priced.map(\.line))
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
        // Checked after the reservations, as placing an order from the API checks its lines.
        let snapshot = try priced.enumerated().map { index, line in
            try OrderRoutes.orderLine(product: line.product, variant: line.variant, quantityMilli: line.line.quantityMilli, index: index)
        }
        let orderInput = OrderRoutes.OrderInput(
            channel: .web, externalReference: nil, customerId: customer.id, customerEmail: customer.email,
            lines: cart.lines.map { OrderRoutes.LineInput(variantId: $0.variantId, quantityMilli: $0.quantityMilli) },
            shippingMinor: 0, billingAddress: input.billingAddress.text, shippingAddress: (input.shippingAddress ?? input.billingAddress).text,
            note: input.note)
        let (detail, _) = try await OrderRoutes.place(orderInput, vendor: shop, actor: "shop:\(customer.email)", now: now, kernel: kernel,
                                                      id: orderId, accountId: account?.id, paymentMethod: input.paymentMethod,
                                                      customer: customer, snapshot: snapshot, on: tx)
        let start = provider.start(orderNumber: detail.order.number, amountMinor: detail.order.totalMinor, currency: detail.order.currency,
                                   locale: shopVendor?.locale ?? "en", settings: settings)
        let payment = Payment(id: UUID.v7(now: now), orderId: orderId, method: input.paymentMethod, status: .pending, amountMinor: detail.order.totalMinor,
                              currency: detail.order.currency, reference: start.reference, instructions: start.instructions, createdAt: now,
                              paidAt: nil, confirmedBy: nil)
        try await PaymentStore.insert(payment, vendor: vendor, on: tx)
        try await CartStore.attach(order: orderId, to: cartId, vendor: vendor, on: tx)
        return CheckoutResult(order: ShopOrder(detail, payments: [payment]), payment: payment)
    }

    /// A guest's customer record: created, or found by e-mail (a returning guest). Inserting
    /// first costs a new guest one statement instead of a lookup and an insert; a returning
    /// guest pays a refused insert and the lookup, where the lookup alone used to do.
    static func guestCustomer(_ input: CheckoutInput, vendor: UUID, now: Date, on tx: DatabaseSession) async throws -> Customer {
        let email = (input.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let consent = input.marketingConsent ?? false
        let customer = Customer(id: UUID.v7(now: now), vendorId: vendor, email: email, firstName: input.firstName ?? "", lastName: input.lastName ?? "",
                                phone: input.phone, language: "en", marketingConsent: consent, marketingConsentAt: consent ? now : nil,
                                companyName: nil, vatNumber: nil, orderCount: 0, totalSpentMinor: 0, firstOrderAt: nil, lastOrderAt: nil,
                                createdAt: now, updatedAt: now)
        if let inserted = try await CustomerStore.insertIfAbsent(customer, on: tx) { return inserted }
        // The conflicting row is committed (the insert waited for it), so this statement sees it.
        guard let existing = try await CustomerStore.customer(email: email, vendor: vendor, on: tx) else {
            throw Problem.conflict("customer_changed", "The customer record changed in the meantime; try again.")
        }
        return existing
    }
}
