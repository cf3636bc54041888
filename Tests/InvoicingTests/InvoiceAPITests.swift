import AgoraTesting
import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Invoicing
@testable import Kernel
import Testing

@Suite("Invoices")
struct InvoiceAPITests {
    static let modules: [any AgoraModule] = [CommerceModule(), InvoicingModule()]

    @Test func settingsAreValidatedAndStoredNormalised() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            let before = try await shop.call(.get, "/vendor/invoicing/settings")
            #expect(before.status == .ok)
            #expect(String(buffer: before.body).contains(#""complete":false"#))

            let bad = try await shop.call(.put, "/vendor/invoicing/settings", #"""
                {"legal_name": "", "address_lines": [], "postal_code": "1", "city": "X", "country": "US", "vat_number": "LU26375246",
                 "iban": "LU28 0019 4006 4475 0001", "bic": "BAD", "invoice_prefix": "F-", "credit_note_prefix": "f-", "payment_terms_days": 400,
                 "oss_opt_in": true, "language": "fr"}
                """#)
            #expect(bad.status == .unprocessableContent)
            let text = String(buffer: bad.body)
            for field in ["legal_name", "address_lines", "country", "vat_number", "iban", "bic", "credit_note_prefix", "payment_terms_days", "oss_opt_in"] {
                #expect(text.contains(#""field":"\#(field)""#), "\(field)")
            }
            #expect(try await shop.call(.put, "/vendor/invoicing/settings", #"{"legal_name": 3}"#).status == .unprocessableContent)
            #expect(try await shop.call(.put, "/vendor/invoicing/settings", #"{"legal_name": "x", "address_lines": ["a"], "postal_code": "1", "city": "c", "country": "LU", "language": "it"}"#).status == .unprocessableContent)
            #expect(try await shop.call(.put, "/vendor/invoicing/settings", "[").status == .badRequest)

            try await shop.saveSettings()
            struct Body: Decodable { let settings: InvoiceSettings; let complete: Bool }
            let saved = try Fixtures.decode(Body.self, from: try await shop.call(.get, "/vendor/invoicing/settings"))
            #expect(saved.complete)
            #expect(saved.settings.vatNumber == "LU26375245")
            #expect(saved.settings.iban == "LU280019400644750000")
            #expect(saved.settings.bic == "BCEELULL")
            #expect(saved.settings.creditNotePrefix == "AV-")
        }
    }

    @Test func domesticInvoiceFromAnOrderIsPricedIssuedPaidAndThenImmutable() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            // No settings yet: nothing to invoice with.
            #expect(try await shop.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine).status == .conflict)
            try await shop.saveSettings()

            struct OrderBody: Decodable { let order: Order }
            let order = try Fixtures.decode(OrderBody.self, from: try await shop.call(.post, "/vendor/orders", #"""
                {"channel": "manual", "customer_email": "anna@example.lu", "shipping_minor": 500, "billing_address": "Anna Muller\n1, rue Haute\nL-9999 Wiltz\nLU",
                 "lines": [{"name": "Honey 500 g", "sku": "HONEY", "unit_price_minor": 650, "quantity_milli": 3000, "vat_rate_class": "super_reduced"},
                           {"name": "Apple juice", "sku": "JUICE", "unit_price_minor": 299, "quantity_milli": 6000, "vat_rate_class": "reduced"},
                           {"name": "Basket", "sku": "BASKET", "unit_price_minor": 1999, "quantity_milli": 1000, "vat_rate_class": "standard"}]}
                """#)).order
            let created = try await shop.call(.post, "/vendor/orders/\(order.id)/invoice", "{}")
            #expect(created.status == .created, "\(String(buffer: created.body))")
            let draft = try shop.detail(created)
            #expect(draft.invoice.status == .draft)
            #expect(draft.invoice.number == nil)
            #expect(draft.invoice.regime == .domestic)
            #expect(draft.invoice.buyerCountry == "LU")
            #expect(draft.invoice.sellerVatNumber == "LU26375245")
            // LU: 3 % super-reduced, 8 % reduced, 17 % standard (basket and shipping). The order's
            // prices include VAT, so each group's gross (24.99, 17.94, 19.50) splits into taxable + VAT.
            #expect(draft.invoice.pricesIncludeVat)
            #expect(draft.lines.map(\.basisPoints) == [300, 800, 1700, 1700])
            #expect(draft.lines.map(\.grossMinor) == [1950, 1794, 1999, 500])
            #expect(draft.vatBreakdown.map(\.basisPoints) == [1700, 800, 300])
            #expect(draft.vatBreakdown.map(\.taxableMinor) == [2136, 1661, 1893])
            #expect(draft.vatBreakdown.map(\.taxMinor) == [363, 133, 57])
            #expect(zip(draft.vatBreakdown.map(\.taxableMinor), draft.vatBreakdown.map(\.taxMinor)).map(+) == [2499, 1794, 1950])
            #expect(draft.lines.map(\.netMinor).reduce(0, +) == 5690)
            #expect(draft.invoice.netTotalMinor == 5690)
            #expect(draft.invoice.taxTotalMinor == 553)
            #expect(draft.invoice.payableMinor == 6243)

            let id = draft.invoice.id
            let twice = try await shop.call(.post, "/vendor/orders/\(order.id)/invoice", "{}")
            #expect(twice.status == .conflict)
            #expect(String(buffer: twice.body).contains("order_already_invoiced"))
            #expect(try await shop.call(.patch, "/vendor/invoices/\(id)", #"{"note": "Merci !"}"#).status == .ok)
            let issued = try shop.detail(try await shop.call(.post, "/vendor/invoices/\(id)/issue", "{}"))
            #expect(issued.invoice.status == .issued)
            #expect(issued.invoice.number == "F-000001")
            #expect(issued.invoice.issueDate != nil)
            #expect(issued.invoice.dueDate != nil)
            #expect(issued.balanceDueMinor == 6243)

            for response in [try await shop.call(.patch, "/vendor/invoices/\(id)", #"{"note": "changed"}"#),
                             try await shop.call(.delete, "/vendor/invoices/\(id)"),
                             try await shop.call(.post, "/vendor/invoices/\(id)/issue", "{}")] {
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("invoice_issued"))
            }

            let partial = try await shop.call(.post, "/vendor/invoices/\(id)/payments", #"{"amount_minor": 2000, "method": "bank_transfer", "reference": "VIR 1"}"#)
            #expect(partial.status == .created)
            #expect(try shop.detail(partial).invoice.status == .partiallyPaid)
            #expect(try shop.detail(partial).balanceDueMinor == 4243)
            let tooMuch = try await shop.call(.post, "/vendor/invoices/\(id)/payments", #"{"amount_minor": 5000, "method": "cash"}"#)
            #expect(tooMuch.status == .unprocessableContent)
            #expect(try await shop.call(.post, "/vendor/invoices/\(id)/payments", #"{"amount_minor": 10, "method": "barter"}"#).status == .unprocessableContent)

            struct Aging: Decodable { struct Row: Decodable { let currency: String; let current: Int; let total: Int }; let currencies: [Row] }
            let aging = try Fixtures.decode(Aging.self, from: try await shop.call(.get, "/vendor/invoicing/aging"))
            #expect(aging.currencies.first?.current == 4243)

            let rest = try await shop.call(.post, "/vendor/invoices/\(id)/payments", #"{"amount_minor": 4243, "method": "cash"}"#)
            #expect(try shop.detail(rest).invoice.status == .paid)
            #expect(try shop.detail(rest).payments.count == 2)
            #expect(try await shop.call(.post, "/vendor/invoices/\(id)/payments", #"{"amount_minor": 1, "method": "cash"}"#).status == .conflict)

            // A draft can be deleted.
            let other = try shop.detail(try await shop.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine))
            #expect(try await shop.call(.delete, "/vendor/invoices/\(other.invoice.id)").status == .noContent)
            #expect(try await shop.call(.get, "/vendor/invoices/\(other.invoice.id)").status == .notFound)

            // The audit log has the issue and the payments.
            struct Row: Decodable { let action: String }
            let actions = try await kernel.database.read { try await $0.sql.raw("SELECT action FROM audit_events WHERE action LIKE 'invoicing.%' ORDER BY seq").rows(Row.self) }
            #expect(actions.map(\.action) == ["invoicing.invoice.issued", "invoicing.invoice.payment_recorded", "invoicing.invoice.payment_recorded"])
        }
    }

    @Test func refusalsWrongTenantMissingFeatureLimitAndMalformedInput() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            let rival = try await InvoicingClient.vendor("rival", tier: "professional", client: client, kernel: kernel)
            try await shop.saveSettings()
            try await rival.saveSettings()
            let mine = try shop.detail(try await shop.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine)).invoice.id

            // Another vendor's invoice does not exist for the rival.
            for (method, path, body) in [(HTTPRequest.Method.get, "/vendor/invoices/\(mine)", nil), (.patch, "/vendor/invoices/\(mine)", "{}"),
                                         (.delete, "/vendor/invoices/\(mine)", nil), (.post, "/vendor/invoices/\(mine)/issue", "{}"),
                                         (.post, "/vendor/invoices/\(mine)/payments", #"{"amount_minor": 1, "method": "cash"}"#),
                                         (.post, "/vendor/invoices/\(mine)/credit-notes", "{}")] as [(HTTPRequest.Method, String, String?)] {
                #expect(try await rival.call(method, path, body).status == .notFound, "\(method) \(path)")
            }

            // Essential has domestic invoices only: a consumer in France needs invoicing.eu_vat.
            let french = try await shop.draft(buyer: #"{"name": "Jean Dupont", "country": "FR"}"#, lines: InvoicingClient.oneLine)
            #expect(french.status == .forbidden)
            let text = String(buffer: french.body)
            #expect(text.contains("feature_not_available"))
            #expect(text.contains("invoicing.eu_vat"))
            #expect(text.contains("professional"))
            // Professional has it: an intra-EU supply to a French company is exempt (Art. 138).
            let b2b = try await rival.draft(buyer: #"{"name": "SARL Dupont", "country": "FR", "vat_number": "FR 40 303 265 045", "is_business": true}"#,
                                           lines: InvoicingClient.oneLine)
            #expect(b2b.status == .created)
            let exempt = try rival.detail(b2b).invoice
            #expect(exempt.regime == .intraCommunityExempt)
            #expect(exempt.buyerVatNumber == "FR40303265045")
            #expect(exempt.exemptionCode == "VATEX-EU-IC")
            #expect(exempt.legalMention?.contains("article 138") == true)
            #expect(exempt.taxTotalMinor == 0)
            #expect(try rival.detail(b2b).vatBreakdown.map(\.category) == [.intraCommunity])

            // Malformed input.
            #expect(try await shop.call(.post, "/vendor/invoices", "{").status == .badRequest)
            #expect(try await shop.call(.post, "/vendor/invoices", #"{"buyer": {"name": "A", "country": "LU"}, "lines": []}"#).status == .unprocessableContent)
            #expect(try await shop.draft(buyer: InvoicingClient.luConsumer, lines: #"[{"description": "x", "quantity_milli": 0, "unit_price_minor": 1}]"#).status == .unprocessableContent)
            #expect(try await shop.draft(buyer: #"{"name": "A", "country": "France"}"#, lines: InvoicingClient.oneLine).status == .unprocessableContent)
            #expect(try await shop.call(.get, "/vendor/invoices?status=lost").status == .badRequest)
            #expect(try await shop.call(.get, "/vendor/invoices?from=yesterday").status == .badRequest)
            let notAnId = try await shop.call(.get, "/vendor/invoices/not-a-uuid").status
            #expect(notAnId == .badRequest || notAnId == .notFound)

            // The monthly invoice limit: Essential lowered to 2.
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            try await kernel.database.transaction { tx in
                var essential = try await TenancyStore.tiers(of: oms.id, on: tx).first { $0.code == "essential" }!
                #expect(essential.limits["invoicing.invoices_per_month"] == 100)
                essential.limits["invoicing.invoices_per_month"] = 2
                try await TenancyStore.upsert(essential, on: tx)
            }
            var numbers: [String] = []
            for _ in 0..<2 {
                let draft = try shop.detail(try await shop.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine)).invoice.id
                numbers.append(try shop.detail(try await shop.call(.post, "/vendor/invoices/\(draft)/issue", "{}")).invoice.number ?? "")
            }
            #expect(numbers == ["F-000001", "F-000002"])
            let over = try await shop.call(.post, "/vendor/invoices/\(mine)/issue", "{}")
            #expect(over.status == .forbidden)
            #expect(String(buffer: over.body).contains("limit_reached"))
            // The refused issue used no number: the draft is still a draft and the series has no gap.
            #expect(try shop.detail(try await shop.call(.get, "/vendor/invoices/\(mine)")).invoice.status == .draft)

            // Lists: filters and paging.
            struct Page: Decodable { struct Item: Decodable { let invoice: Invoice }; let items: [Item]; let nextCursor: String? }
            let drafts = try Fixtures.decode(Page.self, from: try await shop.call(.get, "/vendor/invoices?status=draft"))
            #expect(drafts.items.map(\.invoice.id) == [mine])
            let first = try Fixtures.decode(Page.self, from: try await shop.call(.get, "/vendor/invoices?limit=2"))
            #expect(first.items.count == 2)
            let second = try Fixtures.decode(Page.self, from: try await shop.call(.get, "/vendor/invoices?limit=2&cursor=\(first.nextCursor ?? "")"))
            #expect(second.items.count == 1)
            #expect(try Fixtures.decode(Page.self, from: try await shop.call(.get, "/vendor/invoices?overdue=true")).items.isEmpty)
        }
    }
}
