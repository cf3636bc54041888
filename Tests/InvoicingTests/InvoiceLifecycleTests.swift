import AgoraTesting
import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Invoicing
@testable import Kernel
import Testing

@Suite("Invoice numbering, immutability, credit notes, distance sales, VAT rates")
struct InvoiceLifecycleTests {
    static let modules: [any AgoraModule] = [CommerceModule(), InvoicingModule()]

    @Test func hundredConcurrentIssuesGetExactlyOneToHundred() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("busy", tier: "business", client: client, kernel: kernel)
            try await shop.saveSettings()
            var drafts: [UUID] = []
            for _ in 0..<100 {
                drafts.append(try shop.detail(try await shop.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine)).invoice.id)
            }
            let numbers = try await withThrowingTaskGroup(of: Int?.self) { group in
                for id in drafts {
                    group.addTask {
                        let response = try await shop.call(.post, "/vendor/invoices/\(id)/issue", "{}")
                        return response.status == .ok ? try shop.detail(response).invoice.sequenceNumber : nil
                    }
                }
                var numbers: [Int?] = []
                for try await number in group { numbers.append(number) }
                return numbers
            }
            #expect(numbers.compactMap { $0 }.sorted() == Array(1...100))
            // Numbers follow issue order: a later number never has an earlier issue time.
            struct Row: Decodable { let sequenceNumber: Int; let issuedAt: Date }
            let rows = try await kernel.database.read(for: VendorScope(vendorId: shop.vendorId, platformId: UUID(), role: .vendorOwner,
                                                                       subscription: try #require(await kernel.features.subscription(platform: Fixtures.platform("oms", kernel: kernel).id, vendor: shop.vendorId)))) {
                try await $0.sql.raw("SELECT sequence_number, issued_at FROM invoicing_invoices WHERE vendor_id = \(bind: shop.vendorId) ORDER BY sequence_number").rows(Row.self)
            }
            #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.issuedAt <= $1.issuedAt })
        }
    }

    @Test func theDatabaseRefusesChangesToIssuedInvoices() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let draft = try shop.detail(try await shop.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine)).invoice.id
            let other = try shop.detail(try await shop.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine)).invoice.id
            #expect(try await shop.call(.post, "/vendor/invoices/\(draft)/issue", "{}").status == .ok)
            let db = kernel.database
            await #expect(throws: (any Error).self) {
                try await db.transaction(forVendor: shop.vendorId) { try await $0.sql.raw("UPDATE invoicing_invoices SET net_total_minor = 1 WHERE id = \(bind: draft)").run() }
            }
            await #expect(throws: (any Error).self) {
                try await db.transaction(forVendor: shop.vendorId) { try await $0.sql.raw("UPDATE invoicing_invoices SET number = 'F-999' WHERE id = \(bind: draft)").run() }
            }
            await #expect(throws: (any Error).self) {
                try await db.transaction(forVendor: shop.vendorId) { try await $0.sql.raw("DELETE FROM invoicing_invoices WHERE id = \(bind: draft)").run() }
            }
            await #expect(throws: (any Error).self) {
                try await db.transaction(forVendor: shop.vendorId) { try await $0.sql.raw("UPDATE invoicing_invoice_lines SET net_minor = 1 WHERE invoice_id = \(bind: draft)").run() }
            }
            await #expect(throws: (any Error).self) {
                try await db.transaction(forVendor: shop.vendorId) { try await $0.sql.raw("DELETE FROM invoicing_vat_breakdown WHERE invoice_id = \(bind: draft)").run() }
            }
            // Nor can a line or a VAT row be added to it.
            await #expect(throws: (any Error).self) {
                try await db.transaction(forVendor: shop.vendorId) {
                    try await $0.sql.raw("""
                        INSERT INTO invoicing_invoice_lines (id, vendor_id, invoice_id, position, description, quantity_milli, unit_price_ten_thousandths,
                            net_unit_price_ten_thousandths, vat_rate_class, category, basis_points, net_minor)
                        VALUES (\(bind: UUID()), \(bind: shop.vendorId), \(bind: draft), 9, 'Slipped in', 1000, 10000, 10000, 'standard', 'S', 1700, 100)
                        """).run()
                }
            }
            await #expect(throws: (any Error).self) {
                try await db.transaction(forVendor: shop.vendorId) {
                    try await $0.sql.raw("""
                        INSERT INTO invoicing_vat_breakdown (id, vendor_id, invoice_id, category, basis_points, taxable_minor, tax_minor)
                        VALUES (\(bind: UUID()), \(bind: shop.vendorId), \(bind: draft), 'S', 1700, 100, 17)
                        """).run()
                }
            }
            // Settlement columns still move, and drafts stay free.
            try await db.transaction(forVendor: shop.vendorId) { try await $0.sql.raw("UPDATE invoicing_invoices SET status = 'paid', paid_minor = 1 WHERE id = \(bind: draft)").run() }
            try await db.transaction(forVendor: shop.vendorId) { try await $0.sql.raw("UPDATE invoicing_invoices SET note = 'x' WHERE id = \(bind: other)").run() }

            guard TestDatabases.kind == .postgres else { return }
            struct Table: Decodable { let relname: String; let relrowsecurity: Bool; let relforcerowsecurity: Bool }
            let tables = try await db.read {
                try await $0.sql.raw("""
                    SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname LIKE 'invoicing\\_%' AND c.relname <> 'invoicing_vat_rates'
                    """).rows(Table.self)
            }
            #expect(tables.count == 7)
            for table in tables { #expect(table.relrowsecurity && table.relforcerowsecurity, "\(table.relname)") }
            struct Id: Decodable { let id: UUID }
            let seen = try await db.transaction(forVendor: UUID()) { try await $0.sql.raw("SELECT id FROM invoicing_invoices").rows(Id.self) }
            #expect(seen.isEmpty)
        }
    }

    @Test func seedingIsIdempotentAndPaymentsHonourAnIdempotencyKey() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let now = Date()
            let first = try await kernel.database.transaction { try await VATRateStore.seed(now: now, on: $0) }
            let again = try await kernel.database.transaction { try await VATRateStore.seed(now: now, on: $0) }
            #expect(first == VATRateTable.seed.rates.count)
            #expect(again == 0)

            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let draft = try shop.detail(try await shop.draft(buyer: InvoicingClient.luConsumer, lines: InvoicingClient.oneLine)).invoice.id
            #expect(try await shop.call(.post, "/vendor/invoices/\(draft)/issue", "{}").status == .ok)
            var headers = Fixtures.headers(shop.credential)
            headers[Idempotency.header] = "pay-1"
            let body = #"{"amount_minor": 100, "method": "cash"}"#
            let paid = try await client.execute(uri: "/oms/api/v1/vendor/invoices/\(draft)/payments", method: .post, headers: headers, body: Fixtures.json(body))
            let retried = try await client.execute(uri: "/oms/api/v1/vendor/invoices/\(draft)/payments", method: .post, headers: headers, body: Fixtures.json(body))
            #expect(paid.status == .created)
            #expect(retried.status == .created)
            #expect(retried.headers[Idempotency.replayedHeader] == "true")
            #expect(try shop.detail(try await shop.call(.get, "/vendor/invoices/\(draft)")).payments.count == 1)
            let other = try await client.execute(uri: "/oms/api/v1/vendor/invoices/\(draft)/payments", method: .post, headers: headers,
                                                 body: Fixtures.json(#"{"amount_minor": 200, "method": "cash"}"#))
            #expect(other.status == .unprocessableContent)
        }
    }

    @Test func creditNotesCancelTheInvoiceAndRefundTheOrderThroughEvents() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            struct CustomerBody: Decodable { let customer: Customer }
            struct OrderBody: Decodable { let order: Order }
            let customer = try Fixtures.decode(CustomerBody.self, from: try await shop.call(.post, "/vendor/customers",
                #"{"email": "resto@example.lu", "first_name": "Luc", "company_name": "Resto Luc SARL", "vat_number": "LU 150 274 42"}"#)).customer
            let order = try Fixtures.decode(OrderBody.self, from: try await shop.call(.post, "/vendor/orders", #"""
                {"channel": "manual", "customer_id": "\#(customer.id)", "billing_address": "Resto Luc SARL\n2, place d'Armes\nL-1136 Luxembourg\nLU",
                 "lines": [{"name": "Honey 500 g", "sku": "HONEY", "unit_price_minor": 650, "quantity_milli": 3000, "vat_rate_class": "super_reduced"},
                           {"name": "Basket", "sku": "BASKET", "unit_price_minor": 2000, "quantity_milli": 1000, "vat_rate_class": "standard"}]}
                """#)).order
            for status in ["confirmed", "shipped", "delivered"] {
                #expect(try await shop.call(.post, "/vendor/orders/\(order.id)/status", #"{"status": "\#(status)"}"#).status == .ok)
            }
            let draft = try shop.detail(try await shop.call(.post, "/vendor/orders/\(order.id)/invoice", "{}"))
            // A Luxembourg company buying from a Luxembourg seller: domestic, both numbers shown.
            #expect(draft.invoice.regime == .domestic)
            #expect(draft.invoice.buyerName == "Resto Luc SARL")
            #expect(draft.invoice.buyerIsBusiness)
            #expect(draft.invoice.buyerVatNumber == "LU15027442")
            // Credit notes need an issued invoice.
            #expect(try await shop.call(.post, "/vendor/invoices/\(draft.invoice.id)/credit-notes", "{}").status == .conflict)
            let invoice = try shop.detail(try await shop.call(.post, "/vendor/invoices/\(draft.invoice.id)/issue", "{}"))
            #expect(invoice.invoice.payableMinor == 3950)

            let honey = invoice.lines[0].id
            let tooMany = try await shop.call(.post, "/vendor/invoices/\(invoice.invoice.id)/credit-notes", #"{"lines": [{"line_id": "\#(honey)", "quantity_milli": 4000}]}"#)
            #expect(tooMany.status == .unprocessableContent)
            let partial = try await shop.call(.post, "/vendor/invoices/\(invoice.invoice.id)/credit-notes",
                                              #"{"lines": [{"line_id": "\#(honey)", "quantity_milli": 1000}], "reason": "One jar broken"}"#)
            #expect(partial.status == .created)
            let note = try shop.detail(partial)
            #expect(note.invoice.kind == .creditNote)
            #expect(note.invoice.number == "AV-000001")
            #expect(note.invoice.creditedNumber == "F-000001")
            #expect(note.invoice.creditedIssueDate == invoice.invoice.issueDate)
            #expect(note.invoice.payableMinor == 650)
            #expect(note.lines.map(\.creditedLineId) == [honey])
            #expect(note.lines[0].basisPoints == 300)
            let afterPartial = try shop.detail(try await shop.call(.get, "/vendor/invoices/\(invoice.invoice.id)"))
            #expect(afterPartial.invoice.status == .issued)
            #expect(afterPartial.balanceDueMinor == 3300)
            #expect(afterPartial.creditNotes.map(\.number) == ["AV-000001"])

            try await EventDispatcher(kernel: kernel).drain()
            #expect(try Fixtures.decode(OrderBody.self, from: try await shop.call(.get, "/vendor/orders/\(order.id)")).order.status == .partiallyRefunded)
            #expect(try Fixtures.decode(CustomerBody.self, from: try await shop.call(.get, "/vendor/customers/\(customer.id)")).customer.totalSpentMinor == 3950 - 650)

            let rest = try shop.detail(try await shop.call(.post, "/vendor/invoices/\(invoice.invoice.id)/credit-notes", "{}"))
            #expect(rest.invoice.number == "AV-000002")
            #expect(rest.invoice.payableMinor == 3300)
            #expect(rest.lines.map(\.quantityMilli) == [2000, 1000])
            let cancelled = try shop.detail(try await shop.call(.get, "/vendor/invoices/\(invoice.invoice.id)"))
            #expect(cancelled.invoice.status == .cancelled)
            #expect(cancelled.balanceDueMinor == 0)
            #expect(try await shop.call(.post, "/vendor/invoices/\(invoice.invoice.id)/credit-notes", "{}").status == .conflict)
            #expect(try await shop.call(.post, "/vendor/invoices/\(invoice.invoice.id)/payments", #"{"amount_minor": 1, "method": "cash"}"#).status == .conflict)

            try await EventDispatcher(kernel: kernel).drain()
            try await EventDispatcher(kernel: kernel).drain()
            #expect(try Fixtures.decode(OrderBody.self, from: try await shop.call(.get, "/vendor/orders/\(order.id)")).order.status == .refunded)
            #expect(try Fixtures.decode(CustomerBody.self, from: try await shop.call(.get, "/vendor/customers/\(customer.id)")).customer.totalSpentMinor == 0)
        }
    }

    @Test func theSaleThatCrossesTheDistanceSaleThresholdIsTaxedAtDestination() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("roaster", tier: "professional", client: client, kernel: kernel)
            try await shop.saveSettings()
            let consumer = #"{"name": "Jean Dupont", "address": "3 rue Neuve\n57000 Metz\nFR", "country": "FR"}"#
            func issue(euros: Int) async throws -> InvoicingClient.Detail {
                let draft = try shop.detail(try await shop.draft(buyer: consumer, lines: #"[{"description": "Coffee", "quantity_milli": 1000, "unit_price_minor": \#(euros * 100)}]"#,
                                                                 extra: #", "prices_include_vat": false"#))
                return try shop.detail(try await shop.call(.post, "/vendor/invoices/\(draft.invoice.id)/issue", "{}"))
            }
            let first = try await issue(euros: 9_000)
            #expect(first.invoice.regime == .distanceSaleOrigin)
            #expect(first.lines[0].basisPoints == 1700)
            #expect(first.invoice.distanceSaleEurCents == 900_000)
            // 9,000 + 1,000 = 10,000: still at the threshold.
            let second = try await issue(euros: 1_000)
            #expect(second.invoice.regime == .distanceSaleOrigin)
            let third = try await issue(euros: 1)
            #expect(third.invoice.regime == .distanceSaleDestinationOSS)
            #expect(third.lines[0].basisPoints == 2000)
            #expect(third.lines[0].rateCountry == "FR")
            #expect(third.invoice.taxTotalMinor == 20)
        }
    }

    @Test func vatRatesAreReadByDayAndExtendedBySuperAdmins() async throws {
        try await TestKernel.withClient(modules: Self.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            struct Rates: Decodable { let items: [VATRateRow] }
            func standard(_ day: String) async throws -> Int? {
                try Fixtures.decode(Rates.self, from: try await shop.call(.get, "/vat-rates?country=LU&date=\(day)")).items.first { $0.rateClass == .standard }?.basisPoints
            }
            #expect(try await standard("2023-06-01") == 1600)
            #expect(try await standard("2024-01-01") == 1700)
            #expect(try await client.execute(uri: "/oms/api/v1/vat-rates", method: .get).status == .unauthorized)
            #expect(try await shop.call(.get, "/vat-rates?date=2024-02-30").status == .badRequest)

            let body = #"{"country": "LU", "rate_class": "standard", "basis_points": 1800, "effective_from": "2027-01-01"}"#
            #expect(try await shop.call(.post, "/admin/vat-rates", body).status == .forbidden)
            let admin = try await Fixtures.loginAsSuperAdmin(client)
            let added = try await client.execute(uri: "/oms/api/v1/admin/vat-rates", method: .post, headers: Fixtures.headers(admin), body: Fixtures.json(body))
            #expect(added.status == .created)
            #expect(try await client.execute(uri: "/oms/api/v1/admin/vat-rates", method: .post, headers: Fixtures.headers(admin), body: Fixtures.json(body)).status == .conflict)
            #expect(try await client.execute(uri: "/oms/api/v1/admin/vat-rates", method: .post, headers: Fixtures.headers(admin),
                                             body: Fixtures.json(#"{"country": "US", "rate_class": "standard", "basis_points": 99999, "effective_from": "x"}"#)).status == .unprocessableContent)
            #expect(try await standard("2026-12-31") == 1700)
            #expect(try await standard("2027-01-01") == 1800)
            // The engine reads the table: an invoice for goods supplied in 2027 uses the new rate.
            let draft = try shop.detail(try await shop.draft(buyer: InvoicingClient.luConsumer,
                                                             lines: #"[{"description": "Basket", "quantity_milli": 1000, "unit_price_minor": 1000}]"#,
                                                             extra: #", "supply_date": "2027-03-01""#))
            #expect(draft.lines[0].basisPoints == 1800)
        }
    }
}
