import Foundation
import Kernel

/// Carts: a guest's cart is open to whoever holds its random id; a signed-in customer's cart
/// only to that customer (a 404 for everyone else). Every answer is the cart priced now, with
/// what is available of each line.
extension CommerceShop {
    /// A new, empty cart; `customer`'s alone when someone is signed in.
    public static func createCart(customer: Customer?, shop: VendorScope, kernel: KernelServices) async throws -> Cart {
        // A random (v4) id: holding it is what gives a guest access to the cart.
        let id = UUID()
        return try await kernel.database.transaction(for: shop) { tx in
            try await CartStore.create(id: id, vendor: shop.vendorId, customer: customer?.id, now: kernel.now(), on: tx)
            return try await priced(id, shop: shop, on: tx)
        }
    }

    /// The cart `id` at today's prices, if `customer` (or a guest, nil) may use it; 404 otherwise.
    public static func cart(_ id: UUID, customer: Customer?, shop: VendorScope, kernel: KernelServices) async throws -> Cart {
        try await kernel.database.read(for: shop) { tx in
            try await requireAccess(id, customer: customer, shop: shop, on: tx)
            return try await priced(id, shop: shop, on: tx)
        }
    }

    /// Puts `quantityMilli` of a variant in the cart, replacing the line's quantity. The product
    /// must be active, the quantity must follow its rules (weight minimum and step, whole
    /// pieces) and be available now (409 `insufficient_stock`); the price the shopper now sees
    /// is remembered for checkout. Without a cart id a new cart is started in the same
    /// transaction, so a refused line leaves no empty cart behind.
    public static func putLine(cart: UUID?, variant variantId: UUID, quantityMilli: Int, customer: Customer?, shop: VendorScope,
                               kernel: KernelServices) async throws -> Cart {
        let now = kernel.now()
        return try await kernel.database.transaction(for: shop) { tx in
            let id = cart ?? UUID()
            if cart == nil {
                try await CartStore.create(id: id, vendor: shop.vendorId, customer: customer?.id, now: now, on: tx)
            } else {
                try await requireOpen(id, customer: customer, shop: shop, on: tx)
            }
            guard let (product, variant) = try await CatalogStore.variant(variantId, vendor: shop.vendorId, on: tx), product.status == .active else {
                throw Problem.notFound("Product variant")
            }
            guard quantityMilli > 0, quantityMilli <= 1_000_000_000 else {
                throw Problem.invalid([FieldError(field: "quantity_milli", code: "invalid", message: "must be above 0 (remove the line to drop it)")])
            }
            if let problem = product.quantityProblem(quantityMilli) {
                throw Problem.invalid([FieldError(field: "quantity_milli", code: "invalid", message: problem)])
            }
            let available = try await OrderStock.available(variant: variantId, vendor: shop.vendorId, on: tx)
            guard available >= quantityMilli else { throw OrderStock.insufficient(variant: variantId, available: available) }
            try await CartStore.put(variant: variantId, quantityMilli: quantityMilli, price: variant.priceMinor, cart: id, vendor: shop.vendorId, now: now, on: tx)
            return try await priced(id, shop: shop, on: tx)
        }
    }

    /// Takes a variant out of the cart; 404 when it is not in it.
    public static func removeLine(cart id: UUID, variant variantId: UUID, customer: Customer?, shop: VendorScope, kernel: KernelServices) async throws -> Cart {
        try await kernel.database.transaction(for: shop) { tx in
            try await requireOpen(id, customer: customer, shop: shop, on: tx)
            guard try await CartStore.remove(variant: variantId, cart: id, vendor: shop.vendorId, now: kernel.now(), on: tx) else {
                throw Problem.notFound("Cart line")
            }
            return try await priced(id, shop: shop, on: tx)
        }
    }

    /// The cart exists in this shop and is a guest's or `customer`'s; 404 otherwise.
    @discardableResult
    static func requireAccess(_ id: UUID, customer: Customer?, shop: VendorScope, on tx: DatabaseSession) async throws -> CartStore.Header {
        guard let header = try await CartStore.header(id, vendor: shop.vendorId, on: tx) else { throw Problem.notFound("Cart") }
        if let owner = header.customerId, customer?.id != owner { throw Problem.notFound("Cart") }
        return header
    }

    /// `requireAccess`, and the cart has not become an order (409 `cart_checked_out`).
    static func requireOpen(_ id: UUID, customer: Customer?, shop: VendorScope, on tx: DatabaseSession) async throws {
        guard try await requireAccess(id, customer: customer, shop: shop, on: tx).status == "open" else {
            throw Problem.conflict("cart_checked_out", "This cart became an order; start a new cart.")
        }
    }

    static func priced(_ id: UUID, shop: VendorScope, on tx: DatabaseSession) async throws -> Cart {
        guard let header = try await CartStore.header(id, vendor: shop.vendorId, on: tx) else { throw Problem.notFound("Cart") }
        let currency = try await TenancyStore.vendor(shop.vendorId, on: tx)?.currency ?? "EUR"
        return try await CartStore.priced(header, vendor: shop.vendorId, currency: currency, on: tx)
    }
}
