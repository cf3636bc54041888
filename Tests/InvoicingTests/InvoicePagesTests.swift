import AgoraTesting
import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Invoicing
@testable import Kernel
import Testing

/// The invoice pages as a browser uses them: CSRF-protected forms calling the API's functions,
/// the links Invoicing adds to Commerce's order page and navigation, and the shop customer's view.
@Suite("Invoice pages")
struct InvoicePagesTests {
    static let modules: [any AgoraModule] = [CommerceModule(), InvoicingModule()]

    static let settingsForm = "legal_name=Ferme+%3Cb%3ESchmit%3C%2Fb%3E+SARL&address_lines=12%2C+rue+du+March%C3%A9&postal_code=L-1234&city=Luxembourg"
        + "&country=LU&vat_number=LU+263+752+45&invoice_prefix=F-&credit_note_prefix=AV-&payment_terms_days=30&iban=LU28+0019+4006+4475+0000"
        + "&bic=BCEELULL&language=fr"

    /// A manual order to Luxembourg with a hostile line name; returns its id.
    static func order(_ shop: InvoicingClient) async throws -> UUID {
        struct OrderBody: Decodable { struct Order: Decodable { let id: UUID }; let order: Order }
        return try Fixtures.decode(OrderBody.self, from: try await shop.call(.post, "/vendor/orders", #"""
            {"channel": "manual", "customer_email": "anna@example.lu", "billing_address": "Anna Muller\n1, rue Haute\nL-9999 Wiltz\nLU",
             "lines": [{"name": "<script>alert(1)</script> Honey", "sku": "HONEY", "unit_price_minor": 650, "quantity_milli": 3000, "vat_rate_class": "super_reduced"},
                       {"name": "Basket", "sku": "BASKET", "unit_price_minor": 1999, "quantity_milli": 1000, "vat_rate_class": "standard"}]}
            """#)).order.id
    }

    @Test func settingsShowEachErrorAtItsFieldThenSave() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            let browser = PageBrowser(shop)
            let list = try await browser.text("/vendor/invoices")
            #expect(list.contains(#"id="nav-invoices""#))
            #expect(list.contains("settings-missing"))

            // Refused: each message next to its field, what was typed still there (escaped), nothing saved.
            let bad = try await browser.post("/vendor/invoicing/settings",
                                              "legal_name=%3Cscript%3Ex%3C%2Fscript%3E&address_lines=&postal_code=1&city=X&country=LU&vat_number=LU26375246"
                                              + "&iban=LU28+0019+4006+4475+0001&bic=BAD&invoice_prefix=F-&credit_note_prefix=f-&payment_terms_days=many&language=fr")
            let page = String(buffer: bad.body)
            #expect(bad.status == .ok)
            for field in ["address_lines", "vat_number", "iban", "bic", "credit_note_prefix", "payment_terms_days"] {
                #expect(page.contains(#"id="error-\#(field)""#), "\(field)")
            }
            #expect(!page.contains("error-legal_name") && !page.contains("error-city"))
            #expect(page.contains("must be 8 or 11 letters and digits"))
            #expect(page.contains("&lt;script&gt;x&lt;/script&gt;") && !page.contains("<script>x"))
            #expect(try await browser.post("/vendor/invoicing/settings", Self.settingsForm, csrf: "forged").status == .forbidden)
            #expect(String(buffer: try await shop.call(.get, "/vendor/invoicing/settings").body).contains(#""complete":false"#))

            let saved = try await browser.post("/vendor/invoicing/settings", Self.settingsForm)
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/oms/vendor/invoicing/settings?saved=1")
            let shown = try await browser.text("/vendor/invoicing/settings?saved=1")
            #expect(shown.contains("settings-saved") && shown.contains(#"value="LU26375245""#) && shown.contains(#"value="LU280019400644750000""#))
            #expect(shown.contains("Ferme &lt;b&gt;Schmit&lt;/b&gt; SARL"))
        }
    }

    @Test func anInvoiceIsCreatedFromTheOrderPageIssuedPaidAndCredited() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let browser = PageBrowser(shop)
            let orderId = try await Self.order(shop)

            // The order page offers "Create invoice"; it drafts the invoice through the API's function.
            #expect(try await browser.text("/vendor/orders/\(orderId)").contains(#"id="create-invoice""#))
            let created = try await browser.post("/vendor/orders/\(orderId)/invoice")
            #expect(created.status == .seeOther)
            let invoicePath = try #require(created.headers[.location]).replacingOccurrences(of: "/oms", with: "")
            let invoiceId = try #require(UUID(uuidString: String(invoicePath.split(separator: "/").last ?? "")))
            var page = try await browser.text(invoicePath)
            #expect(page.contains(#"data-status="draft""#) && page.contains(#"id="issue""#) && page.contains(#"id="delete-draft""#))
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; Honey") && !page.contains("<script>alert"))
            #expect(try await browser.text("/vendor/orders/\(orderId)").contains("Invoice (draft)"))
            // A second invoice for the order is refused on the error page.
            #expect(try await browser.post("/vendor/orders/\(orderId)/invoice").status == .conflict)

            #expect(try await browser.post(invoicePath + "/issue", csrf: "forged").status == .forbidden)
            #expect(try await browser.post(invoicePath + "/issue").status == .seeOther)
            page = try await browser.text(invoicePath)
            #expect(page.contains("Invoice F-000001") && page.contains(#"data-status="issued""#) && !page.contains(#"id="issue""#))
            // Lines, the VAT per rate (3 % and 17 % in Luxembourg), the totals: 19.50 + 19.99 net.
            #expect(page.contains("3 %") && page.contains("17 %") && page.contains("Ferme Schmit SARL"))
            let order = try await browser.text("/vendor/orders/\(orderId)")
            #expect(order.contains(#"id="order-invoice""#) && order.contains("Invoice F-000001") && !order.contains("create-invoice"))
            #expect(try await browser.post(invoicePath + "/delete").status == .conflict)

            // A payment typed wrongly is refused naming the field; then a part and the rest.
            let wrong = try await browser.post(invoicePath + "/payments", "amount=abc&method=bank_transfer")
            #expect(wrong.status == .unprocessableContent)
            #expect(String(buffer: wrong.body).contains("amount"))
            let detail = try shop.detail(try await shop.call(.get, "/vendor/invoices/\(invoiceId)"))
            #expect(try await browser.post(invoicePath + "/payments", "amount=10&method=cash&reference=till").status == .seeOther)
            #expect(try await browser.text(invoicePath).contains(#"data-status="partially_paid""#))
            let rest = PageFormat.money(detail.balanceDueMinor - 1000)
            #expect(try await browser.post(invoicePath + "/payments", "amount=\(rest)&method=bank_transfer&paidOn=\(VATDay.format(Date()))").status == .seeOther)
            page = try await browser.text(invoicePath)
            #expect(page.contains(#"data-status="paid""#) && page.contains("till") && !page.contains("record-payment"))

            // Credit one basket: a credit note of its own series, pointing back at the invoice.
            let basket = try #require(detail.lines.first { $0.sku == "BASKET" })
            let credited = try await browser.post(invoicePath + "/credit-notes", "scope=lines&quantity-\(basket.id)=1&reason=broken")
            #expect(credited.status == .seeOther)
            let note = try await browser.text(try #require(credited.headers[.location]).replacingOccurrences(of: "/oms", with: ""))
            #expect(note.contains("Credit note AV-000001") && note.contains("F-000001"))
            #expect(try await browser.post(invoicePath + "/credit-notes", "scope=lines&quantity-\(basket.id)=1").status == .unprocessableContent)

            // The list and its filters; the aging report.
            #expect(try await browser.text("/vendor/invoices?status=paid&kind=invoice").contains("invoice-F-000001"))
            #expect(!(try await browser.text("/vendor/invoices?status=draft&from=&to=&customer_id=")).contains("invoice-F-000001"))
            #expect(try await browser.text("/vendor/invoices?overdue=true").contains("No invoices match."))
            #expect(try await browser.get("/vendor/invoicing/aging").status == .ok)
        }
    }

    @Test func anotherVendorsInvoiceIsNotFoundAndDraftsCanBeDeleted() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let ferme = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            let other = try await InvoicingClient.vendor("other", tier: "essential", client: client, kernel: kernel)
            try await ferme.saveSettings()
            try await other.saveSettings()
            let foreign = try other.detail(try await other.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine)).invoice.id
            let browser = PageBrowser(ferme)
            #expect(try await browser.get("/vendor/invoices/\(foreign)").status == .notFound)
            #expect(try await browser.post("/vendor/invoices/\(foreign)/issue").status == .notFound)
            #expect(try await browser.post("/vendor/invoices/\(foreign)/delete").status == .notFound)

            let own = try ferme.detail(try await ferme.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine)).invoice.id
            #expect(try await browser.post("/vendor/invoices/\(own)/delete").headers[.location] == "/oms/vendor/invoices")
            #expect(try await browser.get("/vendor/invoices/\(own)").status == .notFound)
        }
    }

    @Test func theShopCustomerSeesTheInvoicesOfTheirOwnOrder() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let orderId = try await Self.order(shop)
            func register(_ email: String) async throws -> InvoicingClient.ShopCustomer {
                try await InvoicingClient.registerShopCustomer(email, shop: "ferme", client: client)
            }
            let anna = try await register("anna@example.lu")
            let stranger = try await register("someone@example.lu")
            // Anna placed the order while signed in.
            try await kernel.database.transaction { tx in
                try await tx.sql.raw("UPDATE commerce_orders SET account_id = \(bind: anna.customer.id) WHERE id = \(bind: orderId)").run()
            }
            let invoice = try shop.detail(try await shop.call(.post, "/vendor/orders/\(orderId)/invoice", "{}")).invoice.id
            func invoices(_ token: String?) async throws -> TestResponse {
                var headers = Fixtures.headers()
                if let token { headers[HTTPFields.Element.Name("X-Customer-Token")!] = token }
                return try await client.execute(uri: "/oms/api/v1/shops/ferme/account/orders/\(orderId)/invoices", method: .get, headers: headers)
            }
            // A draft is not shown.
            #expect(String(buffer: try await invoices(anna.token).body) == #"{"items":[]}"#)
            _ = try await shop.call(.post, "/vendor/invoices/\(invoice)/issue", "{}")
            _ = try await shop.call(.post, "/vendor/invoices/\(invoice)/credit-notes", "{}")
            struct Item: Decodable { let number: String; let kind: String; let status: String; let totalMinor: Int; let creditedNumber: String? }
            struct Items: Decodable { let items: [Item] }
            let seen = try Fixtures.decode(Items.self, from: try await invoices(anna.token)).items
            #expect(seen.map(\.number) == ["F-000001", "AV-000001"])
            #expect(seen[0].status == "cancelled" && seen[1].kind == "credit_note" && seen[1].creditedNumber == "F-000001")
            #expect(seen[0].totalMinor == seen[1].totalMinor)
            #expect(try await invoices(stranger.token).status == .notFound)
            #expect(try await invoices(nil).status == .unauthorized)
        }
    }
}
