import Foundation
import Kernel

/// Checkout: a cart becomes an order once per idempotency key, and the order it became.
extension CommerceShop {
    /// Turns the cart into an order (see ``CheckoutRoutes``): validated first (422 naming every
    /// field), then in one transaction under `idempotencyKey`. A retry with the same key and
    /// input answers the first result again (`replayed`); the same key with other input is a
    /// 422 `idempotency_key_reused`. Prices that moved since the shopper saw the cart throw
    /// ``PricesChanged`` after recording the new prices as seen, so the next attempt goes through.
    public static func checkout(cart cartId: UUID, _ input: CheckoutInput, idempotencyKey key: String, customer: Customer?, shop: VendorScope,
                                kernel: KernelServices) async throws -> (result: CheckoutResult, replayed: Bool) {
        let now = kernel.now()
        try input.validate(signedIn: customer != nil)
        let fingerprint = try Idempotency.fingerprint(input)
        do {
            let (result, replayed) = try await kernel.database.transaction(for: shop) { tx in
                try await Idempotency.once(scope: "checkout:\(shop.vendorId):\(cartId)", key: key, fingerprint: fingerprint, now: now, on: tx) {
                    // Whose cart it is is checked when the checkout claims it, in this transaction.
                    try await CheckoutRoutes.checkout(cartId, input, account: customer, shop: shop, kernel: kernel, now: now, on: tx)
                }
            }
            return (result, replayed)
        } catch let changed as PricesChanged {
            // The refused transaction rolled back; the shopper has now been shown the new prices.
            try await kernel.database.transaction(for: shop) { tx in
                try await CartStore.acknowledgePrices(changed.cart.lines, cart: cartId, vendor: shop.vendorId, on: tx)
            }
            throw changed
        }
    }

    /// The order cart `cartId` became, for whoever holds the cart (a guest's proof, like the
    /// cart itself; a signed-in customer's cart only for them); 404 while it is not an order.
    public static func order(ofCart cartId: UUID, customer: Customer?, shop: VendorScope, kernel: KernelServices) async throws -> ShopOrder {
        try await kernel.database.read(for: shop) { tx in
            guard let orderId = try await requireAccess(cartId, customer: customer, shop: shop, on: tx).orderId,
                  let order = try await OrderStore.order(orderId, vendor: shop.vendorId, on: tx)
            else { throw Problem.notFound("Order") }
            return try await shopOrder(order, shop: shop, on: tx)
        }
    }

    static func shopOrder(_ order: Order, shop: VendorScope, on tx: DatabaseSession) async throws -> ShopOrder {
        let detail = try await OrderRoutes.detail(order, vendor: shop.vendorId, on: tx)
        return ShopOrder(detail, payments: detail.payments)
    }
}
