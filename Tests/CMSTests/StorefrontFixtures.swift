import AgoraTesting
@testable import CMS
import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel

/// A shopper's browser on the in-process server: unlike ``PageBrowser`` (one fixed session),
/// it keeps every cookie the pages set — the cart, the shop session, the CSRF token — and
/// sends them back, as a browser does on a storefront, and posts forms with the CSRF token.
struct Browser {
    let client: any TestClientProtocol
    /// Cookie name → value.
    private(set) var cookies: [String: String] = [:]
    /// Every `Set-Cookie` of the last response.
    private(set) var lastSetCookies: [String] = []

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    var csrf: String { cookies["agora_csrf"] ?? "" }

    mutating func get(_ path: String) async throws -> TestResponse {
        try await send(.get, path, body: nil)
    }

    /// Posts a form: `fields` plus the CSRF token (fetched with a first page if need be).
    mutating func post(_ path: String, _ fields: [(String, String)] = [], csrf: Bool = true) async throws -> TestResponse {
        if cookies["agora_csrf"] == nil { _ = try await get("/oms/shop/ferme") }
        let all = (csrf ? [("_csrf", self.csrf)] : []) + fields
        let body = all.map { "\(PageBrowser.encode($0.0))=\(PageBrowser.encode($0.1))" }.joined(separator: "&")
        return try await send(.post, path, body: body)
    }

    /// Forgets a cookie, as when it expires or another browser is used.
    mutating func drop(_ name: String) { cookies[name] = nil }

    /// Sets a cookie by hand (a shopper who copied someone else's).
    mutating func set(_ name: String, _ value: String) { cookies[name] = value }

    private mutating func send(_ method: HTTPRequest.Method, _ path: String, body: String?) async throws -> TestResponse {
        var headers = HTTPFields()
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        lastSetCookies = response.headers[values: .setCookie]
        for header in lastSetCookies {
            guard let pair = header.split(separator: ";").first, let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]), value = String(pair[pair.index(after: equals)...])
            cookies[name] = header.lowercased().contains("max-age=0") || value.isEmpty ? nil : value
        }
        return response
    }
}

extension TestResponse {
    /// The body as text with no-break spaces made plain, so `12,40 € / kg` can be looked for.
    var page: String {
        String(buffer: body).replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
    }

    /// The value of the hidden field `name` in the page.
    func hidden(_ name: String) -> String? {
        let text = String(buffer: body)
        guard let range = text.range(of: #"name="\#(name)" value=""#) else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }
}

/// A Luxembourg farm shop (`ferme`, fr-LU, EUR) on OMS with its owner signed in, bank transfer
/// and pay at pickup offered, and four products: honey (9,00 €, 10 jars in stock), cheese by
/// weight (24,00 € / kg from 0,2 kg in steps of 0,05 kg, a piece about 0,45 kg, 5 kg in stock),
/// jam (4,50 €, none in stock) and a draft.
struct FarmShop {
    struct Item { let product: UUID; let variant: UUID }

    let client: any TestClientProtocol
    let kernel: KernelServices
    let vendorId: UUID
    let owner: Fixtures.Credential
    let honey: Item
    let cheese: Item
    let jam: Item
    let draft: Item

    static func open(_ client: any TestClientProtocol, kernel: KernelServices, slug: String = "ferme") async throws -> FarmShop {
        let (vendorId, owner) = try await Fixtures.vendorWithOwner(slug, tier: "essential", client: client, kernel: kernel)
        func vendor(_ method: HTTPRequest.Method, _ path: String, _ body: String) async throws -> TestResponse {
            let response = try await client.execute(uri: "/oms/api/v1/vendor" + path, method: method, headers: Fixtures.headers(owner), body: Fixtures.json(body))
            guard response.status.code < 300 else { throw FixtureError("\(path): \(response.status) \(String(buffer: response.body))") }
            return response
        }
        struct Created: Decodable { struct P: Decodable { let id: UUID; let variants: [Variant] }; let product: P }
        func product(_ json: String) async throws -> Item {
            let created = try Fixtures.decode(Created.self, from: try await vendor(.post, "/products", json)).product
            return Item(product: created.id, variant: created.variants[0].id)
        }
        let honey = try await product(#"{"name": "Wildflower honey", "status": "active", "vat_rate_class": "reduced", "variants": [{"sku": "HONEY", "price_minor": 900}]}"#)
        let cheese = try await product(#"""
            {"name": "Farm cheese", "description": "Made on the farm.\nAged six weeks.", "status": "active", "vat_rate_class": "reduced",
             "weight": {"unit": "kg", "minimum_milli": 200, "step_milli": 50, "average_unit_weight_milli": 450},
             "variants": [{"sku": "CHEESE", "price_minor": 2400}]}
            """#)
        let jam = try await product(#"{"name": "Plum jam", "status": "active", "vat_rate_class": "reduced", "variants": [{"sku": "JAM", "price_minor": 450}]}"#)
        let draft = try await product(#"{"name": "Secret honey", "status": "draft", "vat_rate_class": "reduced", "variants": [{"sku": "SECRET", "price_minor": 100}]}"#)
        struct Location: Decodable { let id: UUID }
        let location = try Fixtures.decode(Location.self, from: try await vendor(.post, "/stock/locations", #"{"name": "Barn", "kind": "warehouse"}"#)).id
        for (item, milli) in [(honey, 10_000), (cheese, 5_000), (draft, 5_000)] {
            _ = try await vendor(.post, "/stock/movements", #"{"kind": "receipt", "variant_id": "\#(item.variant)", "location_id": "\#(location)", "quantity_milli": \#(milli)}"#)
        }
        _ = try await vendor(.put, "/shop-settings", #"""
            {"bank_transfer_enabled": true, "account_holder": "Ferme Schmit Sàrl", "iban": "LU28 0019 4006 4475 0000", "bic": "BCEELULL",
             "pay_at_pickup_enabled": true, "payment_days": 5}
            """#)
        return FarmShop(client: client, kernel: kernel, vendorId: vendorId, owner: owner, honey: honey, cheese: cheese, jam: jam, draft: draft)
    }

    /// Changes a product's price through the vendor API.
    func reprice(_ item: Item, sku: String, to minor: Int) async throws {
        let response = try await client.execute(uri: "/oms/api/v1/vendor/products/\(item.product)", method: .patch, headers: Fixtures.headers(owner),
                                                body: Fixtures.json(#"{"variants": [{"sku": "\#(sku)", "price_minor": \#(minor)}]}"#))
        guard response.status == .ok else { throw FixtureError("reprice: \(response.status) \(String(buffer: response.body))") }
    }

    /// The shop's orders, as the vendor sees them.
    func orders() async throws -> [Order] {
        struct Page: Decodable { let items: [Order] }
        return try Fixtures.decode(Page.self, from: try await client.execute(uri: "/oms/api/v1/vendor/orders", method: .get, headers: Fixtures.headers(owner))).items
    }

    /// The checkout form's fields for a guest paying by bank transfer.
    static func guestCheckout(key: String, email: String = "lea@example.lu", first: String = "Léa", last: String = "Muller") -> [(String, String)] {
        [("idempotency_key", key), ("email", email), ("first_name", first), ("last_name", last),
         ("billing_address_name", "\(first) \(last)"), ("billing_address_line1", "2 rue du Marché"), ("billing_address_postal_code", "L-1111"),
         ("billing_address_city", "Luxembourg"), ("billing_address_country", "LU"), ("payment_method", "bank_transfer")]
    }
}
