import AgoraTesting
@testable import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

/// The vendor pages as a browser uses them: sign in, CSRF-protected forms, the same rules as
/// the API, and refusals as error pages.
@Suite("Vendor pages")
struct VendorPagesTests {
    @Test("quantities and amounts people type", arguments: [
        ("2.5", 2500), ("2,5", 2500), ("0.25", 250), ("12", 12000), ("-1.5", -1500), ("1.2345", nil), ("abc", nil), ("", nil),
    ] as [(String, Int?)])
    func quantities(_ text: String, _ milli: Int?) {
        #expect(PageFormat.milli(text) == milli)
    }

    @Test("amounts", arguments: [("12,50", 1250), ("14.9", 1490), ("3", 300), ("0.05", 5), ("1.005", nil)] as [(String, Int?)])
    func amounts(_ text: String, _ minor: Int?) {
        #expect(PageFormat.minor(text) == minor)
    }

    @Test("shown back", arguments: [(2500, "2.5"), (3000, "3"), (250, "0.25"), (-1500, "-1.5"), (1, "0.001")])
    func shown(_ milli: Int, _ text: String) {
        #expect(PageFormat.quantity(milli) == text)
        #expect(PageFormat.money(1490) == "14.90")
    }

    /// Signs `email` in through the sign-in page; returns the cookies and CSRF token.
    func signIn(_ client: some TestClientProtocol, _ email: String) async throws -> (cookies: String, csrf: String) {
        let first = try await client.execute(uri: "/oms/admin/login", method: .get)
        let csrf = try #require(first.headers[values: .setCookie].first { $0.hasPrefix("agora_csrf=") }?.split(separator: ";")[0].dropFirst("agora_csrf=".count))
        let login = try await client.execute(uri: "/oms/admin/login", method: .post,
                                             headers: [.cookie: "agora_csrf=\(csrf)", .contentType: "application/x-www-form-urlencoded"],
                                             body: ByteBuffer(string: "_csrf=\(csrf)&email=\(email)&password=\(Fixtures.password)"))
        let session = try #require(login.headers[values: .setCookie].first { $0.hasPrefix("agora_session=") }?.split(separator: ";")[0])
        return ("agora_csrf=\(csrf); \(session)", String(csrf))
    }

    @Test func aVendorCreatesAProductReceivesStockAndIsRefusedWhatTheTierLacks() async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            let company = try await ShopFixtures.company("Ferme", kernel: kernel)
            let scope = try await ShopFixtures.vendor("ferme", company: company, tier: "essential", kernel: kernel)
            let other = try await ShopFixtures.vendor("other", company: company, tier: "essential", kernel: kernel)
            try await Fixtures.user("paul@ferme.test", membership: Membership(id: UUID.v7(), role: .vendorOwner, vendorId: scope.vendorId), kernel: kernel)
            let (cookies, csrf) = try await signIn(client, "paul%40ferme.test")
            func get(_ path: String) async throws -> TestResponse {
                try await client.execute(uri: "/oms" + path, method: .get, headers: [.cookie: cookies])
            }
            func post(_ path: String, _ form: String, csrf token: String? = nil) async throws -> TestResponse {
                try await client.execute(uri: "/oms" + path, method: .post, headers: [.cookie: cookies, .contentType: "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: "_csrf=\(token ?? csrf)&" + form))
            }

            // The admin home sends vendor staff on to their pages.
            #expect(try await get("/admin").headers[.location] == "/oms/vendor")
            #expect(try await get("/vendor").headers[.location] == "/oms/vendor/orders")

            let created = try await post("/vendor/products", "name=Comt%C3%A9&sku=COMTE&price=24%2C00&status=active&vatRateClass=reduced&byWeight=1&unit=kg&minimum=0.2&step=0.05")
            #expect(created.status == .seeOther)
            let product = try #require(try await kernel.database.read(for: scope) {
                try await CatalogStore.search(vendor: scope.vendorId, text: "COMTE", status: nil, page: PageRequest(limit: 5), on: $0)
            }.first)
            #expect(product.weight?.minimumMilli == 200)
            #expect(product.variants[0].priceMinor == 2400)
            #expect(String(buffer: try await get("/vendor/products/\(product.id)").body).contains(#"value="24.00""#))

            // The same validation as the API, shown on the error page; nothing is written.
            let bad = try await post("/vendor/products", "name=&sku=X&price=abc")
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("price"))
            #expect(try await post("/vendor/products", "name=Forged&sku=F&price=1", csrf: "forged").status == .forbidden)

            #expect(try await post("/vendor/stock/locations", "name=Cellar&kind=warehouse").status == .seeOther)
            struct Row: Decodable { let id: UUID }
            let location = try #require(try await kernel.database.read(for: scope) {
                try await $0.sql.raw("SELECT id FROM commerce_locations WHERE vendor_id = \(bind: scope.vendorId)").rows(Row.self)
            }.first?.id)
            #expect(try await post("/vendor/stock/movements", "kind=receipt&variantId=\(product.variants[0].id)&locationId=\(location)&quantity=3.5").status == .seeOther)
            let stock = String(buffer: try await get("/vendor/stock").body)
            #expect(stock.contains("Comté – ") || stock.contains("Comté (COMTE)"))
            #expect(stock.contains("3.5"))

            // Essential has no purchase orders and no customer export.
            let refused = try await get("/vendor/purchase-orders")
            #expect(refused.status == .forbidden)
            #expect(String(buffer: refused.body).contains("Professional"))
            #expect(String(buffer: try await get("/vendor/customers").body).contains("comes with the Professional tier"))

            // Another vendor's order is not found, even by id.
            let foreign = try await kernel.database.transaction(for: other) { tx in
                try await OrderRoutes.place(OrderRoutes.OrderInput(channel: .manual, lines: [OrderRoutes.LineInput(quantityMilli: 1000, name: "Gift", unitPriceMinor: 100)]),
                                            vendor: other, actor: "test", now: Date(), kernel: kernel, on: tx).0.order.id
            }
            #expect(try await get("/vendor/orders/\(foreign)").status == .notFound)
            #expect(try await get("/vendor/orders").status == .ok)
        }
    }
}

extension VendorPagesTests {
    @Test func someoneWorkingForSeveralVendorsChoosesOneFirst() async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            let company = try await ShopFixtures.company("Group", kernel: kernel)
            let bakery = try await ShopFixtures.vendor("bakery", company: company, tier: "essential", kernel: kernel)
            _ = try await ShopFixtures.vendor("dairy", company: company, tier: "essential", kernel: kernel)
            let outsider = try await ShopFixtures.vendor("outsider", company: try await ShopFixtures.company("Else", kernel: kernel), tier: "essential", kernel: kernel)
            try await Fixtures.user("owner@group.test", membership: Membership(id: UUID.v7(), role: .companyOwner, companyId: company), kernel: kernel)
            let (cookies, csrf) = try await signIn(client, "owner%40group.test")

            let orders = try await client.execute(uri: "/oms/vendor/orders", method: .get, headers: [.cookie: cookies])
            #expect(orders.headers[.location] == "/oms/vendor/choose")
            let choose = String(buffer: try await client.execute(uri: "/oms/vendor/choose", method: .get, headers: [.cookie: cookies]).body)
            #expect(choose.contains("choose-bakery") && choose.contains("choose-dairy") && !choose.contains("outsider"))

            // Another company's vendor cannot be chosen.
            let form: HTTPFields = [.cookie: cookies, .contentType: "application/x-www-form-urlencoded"]
            #expect(try await client.execute(uri: "/oms/vendor/choose", method: .post, headers: form,
                                             body: ByteBuffer(string: "_csrf=\(csrf)&vendorId=\(outsider.vendorId)")).status == .notFound)
            let chosen = try await client.execute(uri: "/oms/vendor/choose", method: .post, headers: form,
                                                  body: ByteBuffer(string: "_csrf=\(csrf)&vendorId=\(bakery.vendorId)"))
            let vendorCookie = try #require(chosen.headers[values: .setCookie].first { $0.hasPrefix("agora_vendor=") }?.split(separator: ";")[0])
            let page = try await client.execute(uri: "/oms/vendor/orders", method: .get, headers: [.cookie: cookies + "; " + vendorCookie])
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("bakery"))
            // One page of orders: no link to older ones.
            #expect(!String(buffer: page.body).contains("Older orders"))
            // A forged cookie naming a vendor the caller does not work for is ignored.
            let forged = try await client.execute(uri: "/oms/vendor/orders", method: .get, headers: [.cookie: cookies + "; agora_vendor=\(outsider.vendorId)"])
            #expect(forged.headers[.location] == "/oms/vendor/choose")
        }
    }
}
