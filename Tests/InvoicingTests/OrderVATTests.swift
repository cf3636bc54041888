import AgoraTesting
import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Invoicing
@testable import Kernel
import Testing

/// An order carries the VAT its invoice will carry: the engine prices it when it is placed,
/// and the issued invoice's figures replace those.
@Suite("Order VAT")
struct OrderVATTests {
    struct OrderBody: Decodable { let order: Order }

    static let order = #"""
        {"channel": "manual", "customer_email": "anna@example.lu", "billing_address": "Anna Muller\n1, rue Haute\nL-9999 Wiltz\nLU", "shipping_minor": 500,
         "lines": [{"name": "Honey 500 g", "sku": "HONEY", "unit_price_minor": 650, "quantity_milli": 3000, "vat_rate_class": "super_reduced"},
                   {"name": "Basket", "sku": "BASKET", "unit_price_minor": 2000, "quantity_milli": 1000, "vat_rate_class": "standard"}]}
        """#

    @Test func ordersCarryTheVATOfTheirInvoice() async throws {
        try await TestKernel.withClient(modules: InvoiceAPITests.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("ferme", tier: "essential", client: client, kernel: kernel)
            try await shop.saveSettings()
            let placed = try Fixtures.decode(OrderBody.self, from: try await shop.call(.post, "/vendor/orders", Self.order)).order
            #expect(placed.taxTotalMinor == nil)  // the engine prices it after the order is placed
            try await EventDispatcher(kernel: kernel).drain()
            let priced = try Fixtures.decode(OrderBody.self, from: try await shop.call(.get, "/vendor/orders/\(placed.id)")).order
            // VAT-inclusive prices in Luxembourg: 19.50 € at 3 %, 20.00 € + 5.00 € shipping at 17 %.
            // 1950 / 1.03 = 1893.20 → 1893, VAT 57; 2500 / 1.17 = 2136.75 → 2137, VAT 363.
            #expect(priced.vatRegime == "domestic")
            #expect(priced.netTotalMinor == 1893 + 2137)
            #expect(priced.taxTotalMinor == 57 + 363)
            #expect(priced.netTotalMinor! + priced.taxTotalMinor! == priced.totalMinor)

            let draft = try shop.detail(try await shop.call(.post, "/vendor/orders/\(placed.id)/invoice", "{}"))
            let issued = try shop.detail(try await shop.call(.post, "/vendor/invoices/\(draft.invoice.id)/issue", "{}"))
            try await EventDispatcher(kernel: kernel).drain()
            let invoiced = try Fixtures.decode(OrderBody.self, from: try await shop.call(.get, "/vendor/orders/\(placed.id)")).order
            #expect(invoiced.netTotalMinor == issued.invoice.netTotalMinor)
            #expect(invoiced.taxTotalMinor == issued.invoice.taxTotalMinor)
            #expect(invoiced.vatRegime == issued.invoice.regime.rawValue)
        }
    }

    @Test func withoutInvoiceSettingsOrdersAreLeftAlone() async throws {
        try await TestKernel.withClient(modules: InvoiceAPITests.modules) { client, kernel in
            let shop = try await InvoicingClient.vendor("kaffi", tier: "essential", client: client, kernel: kernel)
            let placed = try Fixtures.decode(OrderBody.self, from: try await shop.call(.post, "/vendor/orders", Self.order)).order
            try await EventDispatcher(kernel: kernel).drain()
            let order = try Fixtures.decode(OrderBody.self, from: try await shop.call(.get, "/vendor/orders/\(placed.id)")).order
            #expect(order.netTotalMinor == nil && order.taxTotalMinor == nil && order.vatRegime == nil)
        }
    }
}
