import AgoraTesting
import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Invoicing
@testable import Kernel

/// Vendors on the OMS platform with a signed-in owner, and the HTTP calls the invoicing tests make.
struct InvoicingClient: Sendable {
    let client: any TestClientProtocol
    let credential: Fixtures.Credential
    let vendorId: UUID

    /// A shop customer who just opened an account: their token and id.
    struct ShopCustomer: Decodable {
        struct Customer: Decodable { let id: UUID }
        let token: String
        let customer: Customer
    }

    /// Opens a shop account for `email` (named Anna Muller) at `shop` through the shop API.
    static func registerShopCustomer(_ email: String, shop: String, client: any TestClientProtocol) async throws -> ShopCustomer {
        try Fixtures.decode(ShopCustomer.self, from: try await client.execute(
            uri: "/oms/api/v1/shops/\(shop)/account", method: .post, headers: Fixtures.headers(),
            body: Fixtures.json(["email": email, "password": "shop-password-1", "first_name": "Anna", "last_name": "Muller"])))
    }

    /// A new company and vendor on `tier`, its owner signed in.
    static func vendor(_ slug: String, tier: String, client: any TestClientProtocol, kernel: KernelServices) async throws -> InvoicingClient {
        let (vendor, owner) = try await Fixtures.vendorWithOwner(slug, tier: tier, client: client, kernel: kernel)
        return InvoicingClient(client: client, credential: owner, vendorId: vendor)
    }

    /// A call to `/oms/api/v1` + `path` as the vendor's owner.
    func call(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil) async throws -> TestResponse {
        try await client.execute(uri: "/oms/api/v1" + path, method: method, headers: Fixtures.headers(credential), body: body.map(Fixtures.json))
    }

    static let settings = #"""
        {"legal_name": "Ferme Schmit SARL", "address_lines": ["12, rue du Marché"], "postal_code": "L-1234", "city": "Luxembourg",
         "country": "LU", "vat_number": "lu 263 752 45", "oss_registered": true, "invoice_prefix": "F-", "credit_note_prefix": "AV-",
         "payment_terms_days": 30, "iban": "LU28 0019 4006 4475 0000", "bic": "bceelulL", "language": "fr"}
        """#

    /// Saves complete settings (LU seller, OSS registered, not opted in).
    func saveSettings() async throws {
        let response = try await call(.put, "/vendor/invoicing/settings", Self.settings)
        precondition(response.status == .ok, String(buffer: response.body))
    }

    /// A manual invoice draft for `buyer` JSON with `lines` JSON; returns the response.
    func draft(buyer: String, lines: String, extra: String = "") async throws -> TestResponse {
        try await call(.post, "/vendor/invoices", #"{"buyer": \#(buyer), "lines": \#(lines)\#(extra)}"#)
    }

    func detail(_ response: TestResponse) throws -> Detail { try Fixtures.decode(Detail.self, from: response) }

    /// The API's own detail type, read back.
    typealias Detail = InvoiceRoutes.InvoiceDetail

    static let luConsumer = #"{"name": "Anna Muller", "address": "1, rue Haute\nL-9999 Wiltz\nLU", "country": "LU"}"#
    static let oneLine = #"[{"description": "Honey 500 g", "quantity_milli": 2000, "unit_price_minor": 650, "vat_rate_class": "super_reduced"}]"#
}

extension PageBrowser {
    /// The invoice pages as the vendor's owner sees them.
    init(_ shop: InvoicingClient) {
        self.init(client: shop.client, credential: shop.credential)
    }
}
