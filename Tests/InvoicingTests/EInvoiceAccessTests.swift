import AgoraTesting
import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Invoicing
@testable import Kernel
import Testing

/// Who gets an e-invoice and who is refused, how the routes are documented and linked, and
/// the exact decimals, addresses and escaping the documents are made of.
@Suite("EN 16931 e-invoices: access, routes and values")
struct EInvoiceAccessTests {
    static let modules = EInvoiceTests.modules

    static func issue(_ shop: InvoicingClient, _ draft: TestResponse) async throws -> InvoicingClient.Detail {
        try await InvoicePDFTests.issue(shop, draft)
    }

    @Test func draftsForeignUnknownAndUnavailableDocumentsAreRefused() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let ferme = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            let other = try await InvoicingClient.vendor("other", tier: "essential", client: client, kernel: kernel)
            try await ferme.saveSettings()
            try await other.saveSettings()
            let draft = try ferme.detail(try await ferme.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine)).invoice.id
            let foreign = try await Self.issue(other, try await other.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine)).invoice.id
            for syntax in ["ubl", "cii"] {
                let refused = try await ferme.call(.get, "/vendor/invoices/\(draft)/\(syntax)")
                #expect(refused.status == .conflict)
                #expect(refused.headers[.contentType] == "application/problem+json")
                #expect(String(buffer: refused.body).contains(#""code":"invoice_not_issued""#), "\(String(buffer: refused.body))")
                for id in [foreign, UUID()] {
                    let response = try await ferme.call(.get, "/vendor/invoices/\(id)/\(syntax)")
                    #expect(response.status == .notFound)
                    #expect(String(buffer: response.body).contains(#""code":"not_found""#))
                }
                #expect(try await ferme.call(.get, "/vendor/invoices/not-a-uuid/\(syntax)").status.code < 500)
            }

            // Issued without the seller's VAT number: no valid EN 16931 document can be made.
            let bare = InvoicingClient.settings.replacingOccurrences(of: #""vat_number": "lu 263 752 45", "#, with: "")
            #expect(try await ferme.call(.put, "/vendor/invoicing/settings", bare).status == .ok)
            let noVAT = try await Self.issue(ferme, try await ferme.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine)).invoice.id
            let missing = try await ferme.call(.get, "/vendor/invoices/\(noVAT)/ubl")
            #expect(missing.status == .conflict)
            #expect(String(buffer: missing.body).contains(#""code":"seller_vat_number_missing""#))

            // A vendor whose invoicing the platform admin switched off.
            let admin = try await Fixtures.loginAsSuperAdmin(client)
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            let revoked = try await client.execute(uri: "/oms/api/v1/admin/platforms/\(oms.id)/vendors/\(other.vendorId)/features/invoicing.basic",
                                                   method: .put, headers: Fixtures.headers(admin), body: Fixtures.json(#"{"mode": "revoke"}"#))
            #expect(revoked.status.code < 300, "\(String(buffer: revoked.body))")
            let unavailable = try await other.call(.get, "/vendor/invoices/\(foreign)/ubl")
            #expect(unavailable.status == .forbidden)
            #expect(String(buffer: unavailable.body).contains("feature_not_available"))
        }
    }

    @Test func theShopCustomerDownloadsTheirOwnIssuedEInvoicesOnly() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let orderId = try await InvoicePagesTests.order(shop)
            let anna = try await InvoicingClient.registerShopCustomer("anna@example.lu", shop: "ferme", client: client)
            let stranger = try await InvoicingClient.registerShopCustomer("someone@example.lu", shop: "ferme", client: client)
            try await kernel.database.transaction { tx in
                try await tx.sql.raw("UPDATE commerce_orders SET account_id = \(bind: anna.customer.id) WHERE id = \(bind: orderId)").run()
            }
            let invoice = try shop.detail(try await shop.call(.post, "/vendor/orders/\(orderId)/invoice", "{}")).invoice.id
            func download(_ syntax: String, _ token: String?, invoice id: UUID = invoice) async throws -> TestResponse {
                var headers = Fixtures.headers()
                if let token { headers[HTTPFields.Element.Name("X-Customer-Token")!] = token }
                return try await client.execute(uri: "/oms/api/v1/shops/ferme/account/orders/\(orderId)/invoices/\(id)/\(syntax)", method: .get, headers: headers)
            }
            for syntax in ["ubl", "cii"] {
                // A draft is the vendor's alone, and not an e-invoice anyway.
                #expect(try await download(syntax, anna.token).status == .notFound)
            }
            #expect(try await shop.call(.post, "/vendor/invoices/\(invoice)/issue", "{}").status == .ok)
            for syntax in ["ubl", "cii"] {
                let response = try await download(syntax, anna.token)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/xml")
                #expect(response.headers[.contentDisposition] == #"attachment; filename="F-000001.\#(syntax).xml""#)
                let vendorCopy = try await shop.call(.get, "/vendor/invoices/\(invoice)/\(syntax)")
                #expect(Array(buffer: response.body) == Array(buffer: vendorCopy.body))
                #expect(try await download(syntax, stranger.token).status == .notFound)
                #expect(try await download(syntax, nil).status == .unauthorized)
                #expect(try await download(syntax, anna.token, invoice: UUID()).status == .notFound)
            }
        }
    }

    @Test func theRoutesAreDocumentedAsXMLAndLinkedFromTheInvoicePage() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let response = try await client.execute(uri: "/oms/openapi.json", method: .get, headers: Fixtures.headers())
            let document = try #require(try JSONSerialization.jsonObject(with: Data(Array(buffer: response.body))) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: Any])
            for syntax in ["ubl", "cii"] {
                for path in ["/api/v1/vendor/invoices/{invoiceId}/\(syntax)", "/api/v1/shops/{shop}/account/orders/{orderId}/invoices/{invoiceId}/\(syntax)"] {
                    let get = try #require((paths[path] as? [String: Any])?["get"] as? [String: Any], "\(path)")
                    let responses = try #require(get["responses"] as? [String: Any])
                    let content = try #require((responses["200"] as? [String: Any])?["content"] as? [String: Any])
                    #expect(Array(content.keys) == ["application/xml"])
                    #expect(responses["404"] != nil && responses["409"] != nil)
                }
            }

            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let draft = try shop.detail(try await shop.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine)).invoice.id
            let browser = PageBrowser(shop)
            let draftPage = try await browser.text("/vendor/invoices/\(draft)")
            #expect(!draftPage.contains("/ubl"))
            #expect(try await shop.call(.post, "/vendor/invoices/\(draft)/issue", "{}").status == .ok)
            let page = try await browser.text("/vendor/invoices/\(draft)")
            #expect(page.contains(#"href="/oms/api/v1/vendor/invoices/\#(draft)/ubl""#))
            #expect(page.contains(#"href="/oms/api/v1/vendor/invoices/\#(draft)/cii""#))
            #expect(page.contains("Download PDF"))
        }
    }

    @Test func decimalsAddressesAndEscapingAreExact() {
        #expect(EInvoiceFormat.decimal(0, scale: 2, minimumDecimals: 2) == "0.00")
        #expect(EInvoiceFormat.decimal(-5, scale: 2, minimumDecimals: 2) == "-0.05")
        #expect(EInvoiceFormat.amount(123_456_789, currency: "EUR") == "1234567.89")
        #expect(EInvoiceFormat.amount(1234, currency: "JPY") == "1234")
        #expect(EInvoiceFormat.quantity(1) == "0.001")
        #expect(EInvoiceFormat.quantity(1_000_000_000) == "1000000")
        #expect(EInvoiceFormat.percent(550) == "5.5")
        #expect(EInvoiceFormat.percent(2550) == "25.5")
        #expect(EInvoiceFormat.unitPrice(1, currency: "EUR") == "0.0001")
        #expect(EInvoiceFormat.unitPrice(650_000, currency: "EUR") == "65.00")
        #expect(EInvoiceFormat.creditTransferCode(currency: "EUR") == "58")
        #expect(EInvoiceFormat.creditTransferCode(currency: "CHF") == "30")

        let dutch = PostalAddress(text: "Keizersgracht 1\n1015 CJ Amsterdam", country: "nl")
        #expect(dutch == PostalAddress(street: "Keizersgracht 1", additionalStreet: nil, extraLine: nil, city: "Amsterdam", postcode: "1015 CJ", country: "NL"))
        let long = PostalAddress(text: "c/o Dupont\n3 allée des Tilleuls\nRésidence Les Pins, bât. C\nEscalier 2\n33000 Bordeaux\nFR", country: "FR")
        #expect(long.street == "c/o Dupont" && long.additionalStreet == "3 allée des Tilleuls")
        #expect(long.extraLine == "Résidence Les Pins, bât. C, Escalier 2")
        #expect(long.postcode == "33000" && long.city == "Bordeaux")
        #expect(PostalAddress(text: nil, country: "LU") == PostalAddress(street: nil, additionalStreet: nil, extraLine: nil, city: nil, postcode: nil, country: "LU"))
        #expect(PostalAddress(text: "Dublin", country: "IE").street == "Dublin")

        #expect(XMLTag.escaped("a & b <c> \"d\"\r\n\u{1}", inAttribute: false) == "a &amp; b &lt;c&gt; \"d\"&#13;\n")
        #expect(XMLTag.escaped("x\"y\nz\t", inAttribute: true) == "x&quot;y&#10;z&#9;")
        let tag = XMLTag("a", attributes: [("k", "v")], [XMLTag("b", "1"), XMLTag.optional("c", nil), XMLTag("d", attributes: [], [])])
        #expect(String(decoding: tag.document(), as: UTF8.self) == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a k=\"v\">\n  <b>1</b>\n  <d/>\n</a>\n")
    }
}
