import Commerce
import Foundation
import Hummingbird
import Kernel

/// One storefront request: the shop (`Access.shop` resolved it from `:shop` or the vendor's
/// domain), where its pages live, who is signed in, and how it writes money. Every storefront
/// page starts with ``load(_:kernel:)`` and ends with ``render(_:title:_:kernel:)``.
struct Storefront {
    let call: PageCall
    let shop: VendorScope
    let vendor: Vendor
    /// The storefront's base path for links (`/oms/shop/ferme`, or "" on the vendor's domain).
    let base: String
    /// The signed-in shop customer; nil for guests and for a session that expired.
    let customer: Customer?
    let format: StorefrontFormat

    static func load(_ call: PageCall, kernel: KernelServices) async throws -> Storefront {
        let shop = try call.context.requireVendor()
        guard let vendor = try await kernel.vendors.vendor(shop.vendorId) else { throw Problem.notFound("Shop") }
        var customer: Customer?
        do {
            customer = try await CommerceShop.customer(of: call.request, shop: shop, kernel: kernel)
        } catch let problem as Problem where problem.code == "invalid_customer_session" {
            // A stale cookie makes a guest, not a refusal: the shopper can sign in again.
            customer = nil
        }
        return Storefront(call: call, shop: shop, vendor: vendor, base: StorefrontPath.base(call, shopSlug: vendor.slug), customer: customer,
                          format: StorefrontFormat(locale: vendor.locale, currency: vendor.currency))
    }

    /// A storefront page: `template` with the shop header's data, the site's chrome (theme,
    /// language, footer) and `data`; with `status`, a refusal shown in the page itself.
    func render(_ template: String, title: String, _ data: [String: Any], status: HTTPResponse.Status? = nil, kernel: KernelServices) throws -> PageResult {
        // Mustache renders a section for "" (only false, nil and empty lists hide one), so
        // empty texts (no next page, no message) are left out rather than passed along.
        var data = data.filter { ($0.value as? String)?.isEmpty != true }
        data["storefront"] = true
        data["shop"] = ["name": vendor.name, "base": base, "home": base.isEmpty ? "/" : base]
        if let customer { data["customer"] = ["name": customer.firstName, "email": customer.email] }
        SiteChrome.decorate(&data, platform: try call.context.requirePlatform(), locale: vendor.locale, linkBase: base, kernel: kernel)
        if let status { return .refused(status: status, template: template, title: title, data: data) }
        return .page(template: template, title: title, data: data)
    }

    /// The signed-in customer, or the sign-in page, coming back to `path` (below the base) afterwards.
    func requireCustomer(returningTo path: String) throws -> Customer {
        guard let customer else { throw SignInFirst(next: base + path) }
        return customer
    }

    /// Where a sign-in (or sign-up) goes next: a path of this storefront the form carried
    /// along, else the order history. Anything else is ignored, so the form cannot send
    /// shoppers off the site.
    func next(_ requested: String?) -> String {
        if let requested, requested.hasPrefix(base + "/"), !requested.contains("//"), !requested.contains("\\") { return requested }
        return base + "/account/orders"
    }

    /// Thrown by ``requireCustomer()``; the pages answer it with a redirect to sign in.
    struct SignInFirst: Error {
        let next: String
    }
}

/// The cookie holding the id of the shopper's cart, one per storefront: HttpOnly and
/// SameSite=Lax, scoped to the storefront's path so each shop on a platform has its own.
/// Holding a guest cart's id is what gives access to it (and to the order it became).
enum CartCookie {
    static let name = "agora_cart"

    /// The cart id the browser sent, if it is one.
    static func id(_ storefront: Storefront) -> UUID? {
        storefront.call.request.cookies[name].flatMap { UUID(uuidString: $0.value) }
    }

    static func cookie(_ cart: UUID, storefront: Storefront, kernel: KernelServices) -> Cookie {
        Cookie(name: name, value: cart.uuidString, maxAge: 30 * 24 * 3600, path: storefront.base.isEmpty ? "/" : storefront.base,
               secure: storefront.call.context.isSecure || kernel.configuration.environment == .production, httpOnly: true, sameSite: .lax)
    }
}
