import Commerce
import Foundation
import Hummingbird
import Kernel

/// A vendor's storefront (`/shop/:shop/…` below the platform's prefix, or the root of the
/// vendor's own domain): home, catalog, product, cart, checkout, sign-up and sign-in, order
/// history. Every page sells through ``Commerce/CommerceShop``, the same functions as
/// Commerce's JSON shop API; refusals render in the site's layout with their 4xx status.
enum StorefrontPages {
    static let prefix = "/shop/:shop"

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        StorefrontCatalogPages.register(on: routes, kernel: kernel)
        StorefrontCartPages.register(on: routes, kernel: kernel)
        StorefrontCheckoutPages.register(on: routes, kernel: kernel)
        StorefrontAccountPages.register(on: routes, kernel: kernel)
    }

    /// Registers a storefront page at `prefix + path`: the shop must be active on this platform
    /// and have `commerce`; the handler gets the loaded ``Storefront``. A page for signed-in
    /// customers only sends guests to the sign-in page.
    static func page(_ routes: RouteBuilder, _ method: HTTPRequest.Method, _ path: String, summary: String, kernel: KernelServices,
                     handler: @escaping @Sendable (Storefront) async throws -> PageResult) {
        routes.page(method, prefix + path, summary: summary, access: .shop, feature: "commerce", surface: .site(errorTemplate: "cms/site-error")) { call in
            let storefront = try await Storefront.load(call, kernel: kernel)
            do {
                return try await handler(storefront)
            } catch let signIn as Storefront.SignInFirst {
                let next = signIn.next.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? ""
                return .redirect(storefront.base + "/account/login?next=" + next)
            }
        }
    }

    /// A refusal's field errors as one message per form field (`billing_address.city` is shown
    /// at `billing_address_city`).
    static func messages(_ errors: [FieldError]) -> [String: String] {
        var messages: [String: String] = [:]
        for error in errors {
            let field = error.field.replacingOccurrences(of: ".", with: "_")
            messages[field] = [messages[field], error.message].compactMap { $0 }.joined(separator: "; ")
        }
        return messages
    }
}

extension CharacterSet {
    /// What may stay as it is in a query value (`&`, `=`, `+` and `#` are encoded).
    static let urlQueryValueAllowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#"))
}
