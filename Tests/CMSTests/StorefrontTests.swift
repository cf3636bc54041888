import AgoraTesting
@testable import CMS
@testable import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

/// The storefront as a shopper uses it: find, add to the cart, check out, sign up, see the
/// orders; and every refusal as a clear 4xx page in the site's layout.
@Suite("Storefront pages")
struct StorefrontTests {
    static let shop = "/oms/shop/ferme"

    @Test func aGuestFindsAProductAddsItAndChecksOutOnceWithBankTransfer() async throws {
        try await TestKernel.withClient(modules: CMSAPITests.modules) { client, kernel in
            let farm = try await FarmShop.open(client, kernel: kernel)
            let admin = try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel)
            _ = try await admin.create(CMSClient.page("shipping", "fr", title: "Livraison"), adminPlatform: try await Fixtures.platform("oms", kernel: kernel).id)
            var browser = Browser(client)

            // Home: the shop's name, its newest products with prices in fr-LU, its pages.
            let home = try await browser.get(Self.shop)
            #expect(home.status == .ok)
            #expect(home.page.contains("<h1>ferme</h1>"))
            #expect(home.page.contains("9,00 €"))
            #expect(home.page.contains("24,00 € / kg"))
            #expect(home.page.contains(#"href="/oms/shop/ferme/pages/shipping">Livraison</a>"#))
            #expect(!home.page.contains("Secret honey"))
            #expect(String(buffer: home.body).contains("24,00\u{00A0}€\u{00A0}/\u{00A0}kg"))

            // Search finds by name; the draft never shows.
            let found = try await browser.get(Self.shop + "/products?q=chees")
            #expect(found.status == .ok)
            #expect(found.page.contains("Farm cheese") && !found.page.contains("Wildflower honey"))
            #expect(!(try await browser.get(Self.shop + "/products?q=secret")).page.contains("Secret honey"))

            // The product page: price per kg, the quantity rule, an estimate from the piece weight.
            let cheese = try await browser.get(Self.shop + "/products/\(farm.cheese.product)")
            #expect(cheese.status == .ok)
            #expect(cheese.page.contains("24,00 € / kg"))
            #expect(cheese.page.contains("From 0,2 kg, in steps of 0,05 kg."))
            #expect(cheese.page.contains("A piece weighs about 0,45 kg: about 10,80 € each."))
            #expect(cheese.page.contains(#"value="0,45""#))
            #expect(cheese.page.contains("Aged six weeks."))

            // Adding starts a cart, whose id lives in a cookie for this storefront only.
            let added = try await browser.post(Self.shop + "/products/\(farm.cheese.product)/cart", [("variant", "\(farm.cheese.variant)"), ("quantity", "0,45")])
            #expect(added.status == .seeOther)
            #expect(added.headers[.location] == Self.shop + "/cart")
            let cookie = try #require(browser.lastSetCookies.first { $0.hasPrefix("agora_cart=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/oms/shop/ferme"))
            _ = try await browser.post(Self.shop + "/products/\(farm.honey.product)/cart", [("variant", "\(farm.honey.variant)"), ("quantity", "1")])
            _ = try await browser.post(Self.shop + "/products/\(farm.honey.product)/cart", [("variant", "\(farm.honey.variant)"), ("quantity", "1")])
            let cart = try await browser.get(Self.shop + "/cart")
            #expect(cart.page.contains("0,45 kg × ") || cart.page.contains(#"value="0,45""#))
            #expect(cart.page.contains(#"id="quantity-HONEY" value="2""#))
            #expect(cart.page.contains(#"id="subtotal">28,80 €"#))

            // Checkout: the form carries a fresh idempotency key; the same form sent twice is one order.
            let form = try await browser.get(Self.shop + "/checkout")
            #expect(form.status == .ok)
            #expect(form.page.contains(#"id="pay-bank_transfer""#) && form.page.contains(#"id="pay-pay_at_pickup""#))
            let key = try #require(form.hidden("idempotency_key"))
            #expect(UUID(uuidString: key) != nil)
            #expect(try await browser.get(Self.shop + "/checkout").hidden("idempotency_key") != key)
            let placed = try await browser.post(Self.shop + "/checkout", FarmShop.guestCheckout(key: key))
            #expect(placed.status == .seeOther, "\(placed.page)")
            #expect(placed.headers[.location] == Self.shop + "/checkout/done")
            let again = try await browser.post(Self.shop + "/checkout", FarmShop.guestCheckout(key: key))
            #expect(again.status == .seeOther && again.headers[.location] == Self.shop + "/checkout/done")
            let orders = try await farm.orders()
            #expect(orders.count == 1)
            #expect(orders.first?.totalMinor == 2880)
            #expect(orders.first?.customerEmail == "lea@example.lu")

            // The confirmation: the number, how to pay, the timeline, an offer to sign up.
            let done = try await browser.get(Self.shop + "/checkout/done")
            #expect(done.status == .ok)
            #expect(done.page.contains(#"<strong id="order-number">000001</strong>"#))
            #expect(done.page.contains("ORDER 000001"))
            #expect(done.page.contains("LU28 0019 4006 4475 0000"))
            #expect(done.page.contains(#"<strong id="order-total">28,80 €</strong>"#))
            #expect(done.page.contains("Placed, awaiting payment"))
            #expect(done.page.contains(#"id="register-link""#))

            // The cart became the order: it is empty now, and adding starts a new cart.
            #expect(try await browser.get(Self.shop + "/cart").page.contains(#"id="cart-empty""#))
            #expect(try await browser.get(Self.shop + "/checkout").status == .conflict)
        }
    }

    @Test func theCatalogFiltersSortsAndPages() async throws {
        try await TestKernel.withClient(modules: CMSAPITests.modules) { client, kernel in
            _ = try await FarmShop.open(client, kernel: kernel)
            var browser = Browser(client)
            func names(_ query: String) async throws -> [String] {
                let page = try await browser.get(Self.shop + "/products" + query).page
                return page.components(separatedBy: #"<span class="name">"#).dropFirst().map { String($0.prefix { $0 != "<" }) }
            }
            #expect(try await names("") == ["Farm cheese", "Plum jam", "Wildflower honey"])
            #expect(try await names("?sold_by=weight") == ["Farm cheese"])
            #expect(try await names("?sold_by=piece&in_stock=true") == ["Wildflower honey"])
            #expect(try await names("?sort=price_asc") == ["Plum jam", "Wildflower honey", "Farm cheese"])
            #expect(try await names("?sort=price_desc") == ["Farm cheese", "Wildflower honey", "Plum jam"])
            #expect(try await names("?q=HONEY") == ["Wildflower honey"])
            #expect(try await names("?q=nothing-like-it").isEmpty)

            // Cursor paging keeps the sort: one product a page, cheapest first.
            var seen: [String] = []
            var next: String? = Self.shop + "/products?sort=price_asc&limit=1"
            while let path = next, seen.count < 5 {
                let page = try await browser.get(path)
                #expect(page.status == .ok)
                seen += page.page.components(separatedBy: #"<span class="name">"#).dropFirst().map { String($0.prefix { $0 != "<" }) }
                next = page.page.range(of: #"id="next-page""#) == nil ? nil
                    : page.page.components(separatedBy: #"<a href=""#).last { $0.contains(#"id="next-page""#) }.map { String($0.prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&") }
            }
            #expect(seen == ["Plum jam", "Wildflower honey", "Farm cheese"])

            // Malformed filters are a 400 page, in the site's layout.
            for query in ["?sort=cheapest", "?sold_by=litre", "?in_stock=maybe", "?cursor=not-a-cursor", "?limit=0"] {
                let refused = try await browser.get(Self.shop + "/products" + query)
                #expect(refused.status == .badRequest, "\(query)")
                #expect(refused.page.contains(#"<p id="problem">"#), "\(query)")
            }
        }
    }

    @Test func refusalsAreClearPagesNeverErrors() async throws {
        try await TestKernel.withClient(modules: CMSAPITests.modules) { client, kernel in
            let farm = try await FarmShop.open(client, kernel: kernel)
            let other = try await FarmShop.open(client, kernel: kernel, slug: "voisin")
            var browser = Browser(client)
            func expect(_ status: HTTPResponse.Status, _ response: TestResponse, _ text: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(response.status == status, "\(response.page)", sourceLocation: sourceLocation)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true, sourceLocation: sourceLocation)
                if let text { #expect(response.page.contains(text), "\(response.page)", sourceLocation: sourceLocation) }
            }

            // Shops that do not sell here: unknown, on another platform, inactive, without commerce.
            expect(.notFound, try await browser.get("/oms/shop/nobody"))
            expect(.notFound, try await browser.get("/loyalty/shop/ferme"))
            let loyalty = try await Fixtures.platform("loyalty", kernel: kernel)
            _ = try await Fixtures.vendor("fidelite", platform: loyalty.id, tier: "starter", kernel: kernel)
            expect(.notFound, try await browser.get("/loyalty/shop/fidelite"))
            let superAdmin = try await Fixtures.loginAsSuperAdmin(client)
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let revoked = try await client.execute(uri: "/oms/api/v1/admin/platforms/\(oms.id)/vendors/\(other.vendorId)/features/commerce", method: .put,
                                                   headers: Fixtures.headers(superAdmin), body: Fixtures.json(#"{"mode": "revoke"}"#))
            #expect(revoked.status == .ok || revoked.status == .noContent, "\(String(buffer: revoked.body))")
            expect(.forbidden, try await browser.get("/oms/shop/voisin/products"))
            try await kernel.database.transaction { tx in
                var vendor = try #require(try await TenancyStore.vendor(farm.vendorId, on: tx))
                vendor.isActive = false
                try await TenancyStore.save(vendor, isNew: false, on: tx)
            }
            await kernel.changes.announce(.features)
            expect(.notFound, try await browser.get(Self.shop))
            try await kernel.database.transaction { tx in
                var vendor = try #require(try await TenancyStore.vendor(farm.vendorId, on: tx))
                vendor.isActive = true
                try await TenancyStore.save(vendor, isNew: false, on: tx)
            }
            await kernel.changes.announce(.features)

            // Products that are not this shop's to sell: another shop's, a draft, a malformed id.
            expect(.notFound, try await browser.get(Self.shop + "/products/\(other.honey.product)"))
            expect(.notFound, try await browser.get(Self.shop + "/products/\(farm.draft.product)"))
            expect(.notFound, try await browser.get(Self.shop + "/products/not-an-id"))
            expect(.notFound, try await browser.post(Self.shop + "/products/\(farm.honey.product)/cart", [("variant", "\(other.honey.variant)"), ("quantity", "1")]))

            // A form without its CSRF token.
            expect(.forbidden, try await browser.post(Self.shop + "/products/\(farm.honey.product)/cart",
                                                      [("variant", "\(farm.honey.variant)"), ("quantity", "1")], csrf: false), "The form expired")

            // Quantities people mistype, and more than there is: the product page again, saying why.
            let honey = Self.shop + "/products/\(farm.honey.product)/cart"
            let cheese = Self.shop + "/products/\(farm.cheese.product)/cart"
            expect(.unprocessableContent, try await browser.post(honey, [("variant", "\(farm.honey.variant)"), ("quantity", "abc")]), "Type a quantity such as 2.")
            expect(.unprocessableContent, try await browser.post(honey, [("variant", "\(farm.honey.variant)"), ("quantity", "-2")]), "Type a quantity such as 2.")
            expect(.unprocessableContent, try await browser.post(honey, [("variant", "\(farm.honey.variant)"), ("quantity", "1,5")]), "whole numbers only")
            expect(.unprocessableContent, try await browser.post(cheese, [("variant", "\(farm.cheese.variant)"), ("quantity", "0,1")]), "From 0,2 kg, in steps of 0,05 kg.")
            let tooMuch = try await browser.post(honey, [("variant", "\(farm.honey.variant)"), ("quantity", "11")])
            expect(.conflict, tooMuch, "Only 10 of Wildflower honey left: choose less.")
            #expect(tooMuch.page.contains(#"value="11""#))
            expect(.conflict, try await browser.post(Self.shop + "/products/\(farm.jam.product)/cart", [("variant", "\(farm.jam.variant)"), ("quantity", "1")]),
                   "Plum jam is out of stock.")
            // None of that left a cart behind.
            #expect(browser.cookies["agora_cart"] == nil)
            struct Count: Decodable { let count: Int }
            let carts = try await kernel.database.transaction(forVendor: farm.vendorId) {
                try await $0.sql.raw("SELECT COUNT(*) AS count FROM commerce_carts").row(Count.self)?.count
            }
            #expect(carts == 0)

            // No cart, an empty cart: nothing to check out.
            expect(.notFound, try await browser.get(Self.shop + "/checkout"), "Cart was not found.")
            _ = try await browser.post(honey, [("variant", "\(farm.honey.variant)"), ("quantity", "1")])
            expect(.seeOther, try await browser.post(Self.shop + "/cart/lines/\(farm.honey.variant)/remove"))
            expect(.conflict, try await browser.get(Self.shop + "/checkout"), "Your cart is empty")
            expect(.conflict, try await browser.post(Self.shop + "/checkout", FarmShop.guestCheckout(key: UUID().uuidString)), "cart is empty")
            expect(.notFound, try await browser.post(Self.shop + "/cart/lines/\(farm.honey.variant)/remove"))

            // The cart page: a malformed change is refused at its line; 0 removes the line.
            _ = try await browser.post(honey, [("variant", "\(farm.honey.variant)"), ("quantity", "2")])
            expect(.unprocessableContent, try await browser.post(Self.shop + "/cart/lines/\(farm.honey.variant)", [("quantity", "zwei")]), "Type a quantity such as 2.")
            expect(.conflict, try await browser.post(Self.shop + "/cart/lines/\(farm.honey.variant)", [("quantity", "12")]), "Only 10 of Wildflower honey left")
            expect(.notFound, try await browser.post(Self.shop + "/cart/lines/\(farm.cheese.variant)", [("quantity", "1")]))

            // The checkout form refuses what is missing next to each field, keeping what was typed.
            let key = try #require(try await browser.get(Self.shop + "/checkout").hidden("idempotency_key"))
            var fields = FarmShop.guestCheckout(key: key).filter { $0.0 != "billing_address_city" && $0.0 != "email" }
            fields.append(("email", "not-an-email"))
            let invalid = try await browser.post(Self.shop + "/checkout", fields)
            expect(.unprocessableContent, invalid, #"id="error-billing_address_city""#)
            #expect(invalid.page.contains(#"id="error-email""#))
            #expect(invalid.page.contains(#"value="2 rue du Marché""#))
            #expect(invalid.hidden("idempotency_key") == key)
            expect(.unprocessableContent, try await browser.post(Self.shop + "/checkout", FarmShop.guestCheckout(key: key).filter { $0.0 != "payment_method" }),
                   "Choose how to pay.")
            expect(.badRequest, try await browser.post(Self.shop + "/checkout", FarmShop.guestCheckout(key: "").filter { $0.0 != "idempotency_key" }))

            // A price that moved since the cart was seen: refused once, clearly; the retry goes through.
            try await farm.reprice(farm.honey, sku: "HONEY", to: 950)
            let changedKey = try #require(try await browser.get(Self.shop + "/checkout").hidden("idempotency_key"))
            let changed = try await browser.post(Self.shop + "/checkout", FarmShop.guestCheckout(key: changedKey))
            expect(.conflict, changed, "Prices changed since you saw your cart.")
            #expect(changed.page.contains("The price changed from 9,00 € to 9,50 €."))
            #expect(changed.page.contains(#"id="checkout-total">19,00 €"#))
            #expect(try await farm.orders().isEmpty)
            let retryKey = try #require(changed.hidden("idempotency_key"))
            #expect(retryKey != changedKey)
            expect(.seeOther, try await browser.post(Self.shop + "/checkout", FarmShop.guestCheckout(key: retryKey)))
            #expect(try await farm.orders().map(\.totalMinor) == [1900])
            // The same form once more after the order, with other details, is not a second order.
            expect(.unprocessableContent, try await browser.post(Self.shop + "/checkout", FarmShop.guestCheckout(key: retryKey, email: "paul@example.lu")),
                   "already sent")
            expect(.conflict, try await browser.post(Self.shop + "/cart/lines/\(farm.honey.variant)", [("quantity", "1")]), "became an order")
        }
    }

    @Test func aCustomerSignsUpOrdersAndFollowsTheirOrders() async throws {
        try await TestKernel.withClient(modules: CMSAPITests.modules) { client, kernel in
            let farm = try await FarmShop.open(client, kernel: kernel)
            var anna = Browser(client)

            // A guest order with Anna's e-mail first: it never shows in her account.
            _ = try await anna.post(Self.shop + "/products/\(farm.honey.product)/cart", [("variant", "\(farm.honey.variant)"), ("quantity", "1")])
            let guestKey = try #require(try await anna.get(Self.shop + "/checkout").hidden("idempotency_key"))
            #expect(try await anna.post(Self.shop + "/checkout", FarmShop.guestCheckout(key: guestKey, email: "anna@example.lu", first: "Anna", last: "Weber")).status == .seeOther)

            // Signing up: refusals at their fields, then the account with the shop API's session cookie.
            #expect(try await anna.get(Self.shop + "/account/orders").headers[.location] == Self.shop + "/account/login?next=/oms/shop/ferme/account/orders")
            let short = try await anna.post(Self.shop + "/account/register", [("email", "anna@example.lu"), ("first_name", "Anna"), ("last_name", "Weber"), ("password", "short")])
            #expect(short.status == .unprocessableContent)
            #expect(short.page.contains(#"id="error-password""#) && short.page.contains(#"value="anna@example.lu""#) && !short.page.contains("short\""))
            let registered = try await anna.post(Self.shop + "/account/register", [("email", "anna@example.lu"), ("first_name", "Anna"), ("last_name", "Weber"),
                                                                                   ("password", "anna-password-1")])
            #expect(registered.status == .seeOther)
            #expect(registered.headers[.location] == Self.shop + "/account/orders")
            let session = try #require(anna.lastSetCookies.first { $0.hasPrefix("agora_customer=") })
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Lax"))
            let empty = try await anna.get(Self.shop + "/account/orders")
            #expect(empty.status == .ok && empty.page.contains(#"id="no-orders""#) && empty.page.contains(#"id="sign-out""#))

            // Signed in, checkout needs no e-mail or names; the order is in the history with its timeline.
            _ = try await anna.post(Self.shop + "/products/\(farm.cheese.product)/cart", [("variant", "\(farm.cheese.variant)"), ("quantity", "0.5")])
            let form = try await anna.get(Self.shop + "/checkout")
            #expect(!form.page.contains(#"id="email""#) && form.page.contains(#"value="Anna Weber""#))
            let key = try #require(form.hidden("idempotency_key"))
            let placed = try await anna.post(Self.shop + "/checkout", FarmShop.guestCheckout(key: key).filter { !["email", "first_name", "last_name"].contains($0.0) }
                                             + [("payment_method", "pay_at_pickup")])
            #expect(placed.status == .seeOther, "\(placed.page)")
            let done = try await anna.get(Self.shop + "/checkout/done")
            #expect(done.page.contains(#"<strong id="order-number">000002</strong>"#) && !done.page.contains(#"id="register-link""#))
            let history = try await anna.get(Self.shop + "/account/orders")
            #expect(history.page.contains(#"id="order-000002""#) && !history.page.contains(#"id="order-000001""#))
            #expect(history.page.contains("12,00 €"))
            let order = try #require(try await farm.orders().first { $0.number == "000002" })
            let detail = try await anna.get(Self.shop + "/account/orders/\(order.id)")
            #expect(detail.status == .ok)
            #expect(detail.page.contains(#"id="timeline""#) && detail.page.contains("Placed, awaiting payment"))
            // The instructions write the amount as the shop does.
            #expect(detail.page.contains("Pay 12,00 € when you collect order 000002."))

            // The vendor confirms the payment; the timeline shows it.
            let confirmed = try await client.execute(uri: "/oms/api/v1/vendor/orders/\(order.id)/payment/confirm", method: .post,
                                                     headers: Fixtures.headers(farm.owner), body: Fixtures.json("{}"))
            #expect(confirmed.status == .ok, "\(String(buffer: confirmed.body))")
            #expect(try await anna.get(Self.shop + "/account/orders/\(order.id)").page.contains("Confirmed"))

            // Someone else: not Anna's orders, not Anna's cart.
            let guestOrder = try #require(try await farm.orders().first { $0.number == "000001" })
            #expect(try await anna.get(Self.shop + "/account/orders/\(guestOrder.id)").status == .notFound)
            _ = try await anna.post(Self.shop + "/products/\(farm.honey.product)/cart", [("variant", "\(farm.honey.variant)"), ("quantity", "1")])
            let annasCart = try #require(anna.cookies["agora_cart"])
            var ben = Browser(client)
            _ = try await ben.post(Self.shop + "/account/register", [("email", "ben@example.lu"), ("first_name", "Ben"), ("last_name", "Kieffer"), ("password", "ben-password-12")])
            #expect(try await ben.get(Self.shop + "/account/orders/\(order.id)").status == .notFound)
            ben.set("agora_cart", annasCart)
            #expect(try await ben.get(Self.shop + "/cart").page.contains(#"id="cart-empty""#))
            #expect(try await ben.post(Self.shop + "/cart/lines/\(farm.honey.variant)", [("quantity", "3")]).status == .notFound)
            #expect(try await ben.post(Self.shop + "/checkout", FarmShop.guestCheckout(key: UUID().uuidString)).status == .notFound)

            // Signing out ends the session; a wrong password is refused on the sign-in page.
            let out = try await anna.post(Self.shop + "/account/logout")
            #expect(out.status == .seeOther && anna.cookies["agora_customer"] == nil)
            #expect(try await anna.get(Self.shop + "/account/orders").status == .seeOther)
            let wrong = try await anna.post(Self.shop + "/account/login", [("email", "anna@example.lu"), ("password", "not-her-password")])
            #expect(wrong.status == .unauthorized && wrong.page.contains("The e-mail or password is wrong."))
            let back = try await anna.post(Self.shop + "/account/login", [("email", "anna@example.lu"), ("password", "anna-password-1"),
                                                                        ("next", Self.shop + "/account/orders/\(order.id)")])
            #expect(back.headers[.location] == Self.shop + "/account/orders/\(order.id)")
            let elsewhere = try await anna.post(Self.shop + "/account/login", [("email", "anna@example.lu"), ("password", "anna-password-1"), ("next", "https://evil.example/")])
            #expect(elsewhere.headers[.location] == Self.shop + "/account/orders")
            // A session that expired in the database makes a guest, not an error.
            anna.set("agora_customer", "stale-token")
            #expect(try await anna.get(Self.shop).status == .ok)
        }
    }

    @Test func onAVendorsOwnDomainTheStorefrontIsAtTheRootAndLinksStayThere() async throws {
        try await TestKernel.with(modules: CMSAPITests.modules) { kernel in
            let responder = try AgoraApplication.responder(kernel: kernel)
            try await Application(responder: responder, logger: kernel.logger).test(.router) { client in
                let farm = try await FarmShop.open(client, kernel: kernel)
                let other = try await FarmShop.open(client, kernel: kernel, slug: "voisin")
                let admin = try await CMSClient.platformAdmin(of: "oms", client: client, kernel: kernel)
                let oms = try await Fixtures.platform("oms", kernel: kernel)
                let added = try await admin.call(.post, "/admin/platforms/\(oms.id)/domains", #"{"host": "shop.ferme.lu", "vendor_id": "\#(farm.vendorId)"}"#)
                #expect(added.status == .created)
                func get(_ path: String) async throws -> HostRequest.Answer {
                    try await HostRequest.get(path, host: "shop.ferme.lu", responder: responder)
                }

                let home = try await get("/")
                #expect(home.status == .ok)
                #expect(home.body.contains(#"href="/products/\#(farm.honey.product)""#))
                #expect(home.body.contains(#"id="shop-home" href="/""#) && home.body.contains(#"href="/cart""#))
                let catalog = try await get("/products?sort=price_desc&limit=1")
                #expect(catalog.body.contains("Farm cheese") && catalog.body.contains(#"href="/products?sort=price_desc&amp;limit=1&amp;cursor="#))
                let product = try await get("/products/\(farm.cheese.product)")
                #expect(product.body.contains(#"action="/products/\#(farm.cheese.product)/cart""#))
                #expect(try await get("/products/\(other.honey.product)").status == .notFound)
                #expect(try await get("/account/orders").headers[.location] == "/account/login?next=/account/orders")

                // Forms work there too: the CSRF and cart cookies are for the domain's root.
                let csrfCookie = try #require(product.headers[values: .setCookie].first { $0.hasPrefix("agora_csrf=") })
                #expect(csrfCookie.contains("Path=/;") || csrfCookie.hasSuffix("Path=/"))
                let csrf = String(csrfCookie.dropFirst("agora_csrf=".count).prefix { $0 != ";" })
                let form = "_csrf=\(csrf)&variant=\(farm.honey.variant)&quantity=2"
                let addedToCart = try await HostRequest.send(.post, "/products/\(farm.honey.product)/cart", host: "shop.ferme.lu",
                                                       headers: [.cookie: "agora_csrf=\(csrf)", .contentType: "application/x-www-form-urlencoded"],
                                                       body: form, responder: responder)
                #expect(addedToCart.status == .seeOther)
                #expect(addedToCart.headers[.location] == "/cart")
                let cartCookie = try #require(addedToCart.headers[values: .setCookie].first { $0.hasPrefix("agora_cart=") })
                #expect(cartCookie.contains("Path=/;") || cartCookie.hasSuffix("Path=/"))
                let cart = try await HostRequest.get("/cart", host: "shop.ferme.lu",
                                                     headers: [.cookie: String(cartCookie.prefix { $0 != ";" })], responder: responder)
                #expect(cart.status == .ok)
                #expect(cart.body.contains("Wildflower honey"))
                // Without the CSRF token the form is refused and nothing is added.
                let forged = try await HostRequest.send(.post, "/products/\(farm.honey.product)/cart", host: "shop.ferme.lu",
                                                        headers: [.contentType: "application/x-www-form-urlencoded"],
                                                        body: "variant=\(farm.honey.variant)&quantity=2", responder: responder)
                #expect(forged.status == .forbidden)
            }
        }
    }

    @Test("what the storefront shows", arguments: [
        ("fr-LU", "EUR", 2400, "kg", "24,00 € / kg"), ("en-IE", "EUR", 2400, "kg", "€24.00 / kg"), ("de-CH", "CHF", 1240, nil, "CHF 12.40"),
    ] as [(String, String, Int, String?, String)])
    func prices(_ locale: String, _ currency: String, _ minor: Int, _ unit: String?, _ expected: String) {
        let format = StorefrontFormat(locale: locale, currency: currency)
        let text = format.price(minor, weight: unit.flatMap(WeightPricing.Unit.init(rawValue:)))
        #expect(MoneyText.plain(text) == expected)
    }

    @Test func quantitiesAndRulesInTheShopsLocale() {
        let fr = StorefrontFormat(locale: "fr-LU", currency: "EUR")
        #expect(MoneyText.plain(fr.quantity(2500, weight: .kg)) == "2,5 kg")
        #expect(fr.quantity(3000, weight: nil) == "3")
        #expect(StorefrontFormat(locale: "en", currency: "EUR").number(250) == "0.25")
        let weight = WeightPricing(unit: .kg, minimumMilli: 200, stepMilli: 50, averageUnitWeightMilli: 430)
        let cheese = Product(id: UUID(), vendorId: UUID(), name: "Cheese", description: "", status: .active, currency: "EUR", pricesIncludeVat: true,
                             vatRateClass: .reduced, weight: weight, variants: [], images: [], createdAt: Date(), updatedAt: Date())
        // The typical piece, rounded up to a step.
        #expect(fr.suggestedQuantity(cheese) == "0,45")
        #expect(MoneyText.plain(fr.estimate(cheese, priceMinor: 2400) ?? "") == "A piece weighs about 0,43 kg: about 10,32 € each.")
    }
}

/// Amounts with their no-break spaces made plain, for comparing.
enum MoneyText {
    static func plain(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
    }
}
