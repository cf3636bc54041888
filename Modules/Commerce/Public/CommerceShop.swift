import Foundation
import Hummingbird
import Kernel

/// One vendor's shop, for shoppers: what it offers, its active catalog, carts, checkout and
/// shop accounts. Commerce's JSON shop API (`/api/v1/shops/:shop/…`) and the CMS storefront
/// pages both call these functions, so they share every rule, limit and event; other modules
/// never touch Commerce's tables (ARCHITECTURE.md, "Dependency rule").
///
/// `shop` is the scope `Access.shop` resolved for the request. Refusals are ``Kernel/Problem``s
/// (a checkout at moved prices is ``PricesChanged``, which is one too).
public enum CommerceShop {
    /// The shop's name, currency and the payment methods it can offer now.
    public static func info(_ shop: VendorScope, kernel: KernelServices) async throws -> ShopInfo {
        try await kernel.database.read(for: shop) { tx in
            guard let vendor = try await TenancyStore.vendor(shop.vendorId, on: tx) else { throw Problem.notFound("Shop") }
            let settings = try await ShopSettingsStore.settings(vendor: shop.vendorId, on: tx)
            return ShopInfo(slug: vendor.slug, name: vendor.name, currency: vendor.currency,
                            paymentMethods: PaymentProviders.all.filter { $0.unavailableReason(settings) == nil }.map(\.method))
        }
    }

    /// Active products matching `query`, `page.limit + 1` of them (one more says there is a
    /// next page; ``Kernel/PageRequest/page(_:id:)`` cuts it).
    public static func catalog(_ query: CatalogQuery, page: PageRequest, shop: VendorScope, kernel: KernelServices) async throws -> [Product] {
        try await kernel.database.read(for: shop) { try await CatalogStore.search(vendor: shop.vendorId, query: query, status: .active, page: page, on: $0) }
    }

    /// An active product with what is available of each variant; anything else (a draft,
    /// another shop's product, an unknown id) is a 404.
    public static func product(_ id: UUID, shop: VendorScope, kernel: KernelServices) async throws -> ShopProduct {
        try await kernel.database.read(for: shop) { tx in
            guard let product = try await CatalogStore.product(id, vendor: shop.vendorId, on: tx), product.status == .active else {
                throw Problem.notFound("Product")
            }
            return ShopProduct(product: product, availableMilli: try await CatalogStore.available(variants: product.variants.map(\.id), vendor: shop.vendorId, on: tx))
        }
    }

    /// The customer signed in on this request (`X-Customer-Token` or the `agora_customer`
    /// cookie), or nil; an unknown or expired session is a 401 `invalid_customer_session`.
    public static func customer(of request: Request, shop: VendorScope, kernel: KernelServices) async throws -> Customer? {
        try await ShopAccounts.customer(of: request, vendor: shop.vendorId, now: kernel.now(), database: kernel.database, scope: shop)
    }

    /// The signed-in customer, or a 401 `customer_sign_in_required`.
    public static func requireCustomer(of request: Request, shop: VendorScope, kernel: KernelServices) async throws -> Customer {
        try await ShopAccounts.requireCustomer(of: request, scope: shop, now: kernel.now(), database: kernel.database)
    }

    /// The name of the shop session cookie, which the shop API sets and shop pages read.
    public static let sessionCookieName = ShopAccounts.cookie

    /// The shop session cookie carrying `token` (HttpOnly, SameSite=Lax, for the platform's
    /// paths, Secure behind HTTPS or in production); with no token, the cookie that removes it.
    public static func sessionCookie(_ token: String?, context: AgoraRequestContext, kernel: KernelServices) -> Cookie {
        let base = context.platform?.pathPrefix ?? ""
        return Cookie(name: ShopAccounts.cookie, value: token ?? "", maxAge: token == nil ? 0 : Int(ShopAccounts.sessionLifetime),
                      path: base.isEmpty ? "/" : base, secure: context.isSecure || kernel.configuration.environment == .production,
                      httpOnly: true, sameSite: .lax)
    }
}
