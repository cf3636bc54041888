import AgoraTesting
@testable import Commerce
import Foundation
@testable import Kernel
import SQLKit
import Testing

/// Orders read their rows and write their JSON by hand (for the order list); both must give
/// exactly what the `Codable` forms give, or the API would change under its clients.
@Suite("Order coding")
struct OrderCodingTests {
    static func sample(_ variant: Int) -> Order {
        let hostile = "Rue \"du\" Marché / 12\nL-1234 \\ Luxembourg\u{1}"
        return Order(id: UUID.v7(), number: String(format: "%06d", variant), channel: variant == 0 ? .web : .marketplace,
                     externalReference: variant == 0 ? nil : "LZ-\(variant)", customerId: variant == 0 ? nil : UUID.v7(),
                     customerEmail: variant == 0 ? nil : "anna@example.lu", accountId: variant == 2 ? UUID.v7() : nil,
                     paymentMethod: variant == 0 ? nil : .bankTransfer, status: variant == 0 ? .pending : .partiallyRefunded,
                     currency: "EUR", pricesIncludeVat: variant != 1, subtotalMinor: 1234 * variant, shippingMinor: -variant, totalMinor: Int.max - variant,
                     billingAddress: variant == 0 ? nil : hostile, shippingAddress: hostile, trackingNumber: variant == 2 ? "TR/1" : nil,
                     placedAt: Date(timeIntervalSince1970: variant == 3 ? -2_300_000_000 : 1_763_000_000.75), updatedAt: Date(timeIntervalSince1970: 1_763_000_999),
                     netTotalMinor: variant == 2 ? 1000 : nil, taxTotalMinor: variant == 2 ? 170 : nil, vatRegime: variant == 2 ? "domestic" : nil)
    }

    /// Sample `variant` stored as the vendor's order, with its VAT totals.
    static func stored(_ variant: Int, vendor: VendorScope, kernel: KernelServices) async throws -> Order {
        var order = sample(variant)
        // Customers and shop accounts are rows of their own; these orders have none.
        order.customerId = nil
        order.accountId = nil
        try await kernel.database.transaction(for: vendor) { [order] tx in
            try await OrderStore.insert(order, vendor: vendor.vendorId, platform: vendor.platformId, lines: [], on: tx)
            try await tx.sql.raw("""
                UPDATE commerce_orders SET net_total_minor = \(bind: order.netTotalMinor), tax_total_minor = \(bind: order.taxTotalMinor),
                    vat_regime = \(bind: order.vatRegime) WHERE id = \(bind: order.id)
                """).run()
        }
        return order
    }

    @Test(arguments: [0, 1, 2, 3])  // 3: a date before 1900, which Foundation writes itself
    func handWrittenJSONIsFoundationsJSON(_ variant: Int) throws {
        let order = Self.sample(variant)
        let expected = String(decoding: try AgoraJSON.encoder().encode(order), as: UTF8.self)
        #expect(String(decoding: try ResponseJSON.encode(order), as: UTF8.self) == expected)
        #expect(String(decoding: try ResponseJSON.encode([order, order]), as: UTF8.self) == "[\(expected),\(expected)]")
    }

    @Test func handReadRowsAreCodableRows() async throws {
        try await TestKernel.with(modules: [CommerceModule()]) { kernel in
            let vendor = try await ShopFixtures.vendor("coding", company: try await ShopFixtures.company("Coding", kernel: kernel), tier: "business", kernel: kernel)
            for variant in [0, 1, 2] {
                let order = try await Self.stored(variant, vendor: vendor, kernel: kernel)
                try await kernel.database.read(for: vendor) { db in
                    let query = db.sql.raw("SELECT * FROM commerce_orders WHERE id = \(bind: order.id)")
                    let byHand = try #require(try await query.row(Order.self))
                    let byCodable = try #require(try await query.first().map { try Order(from: RowDecoder(row: $0)) })
                    #expect(byHand == byCodable)
                    #expect(byHand.id == order.id && byHand.billingAddress == order.billingAddress && byHand.vatRegime == order.vatRegime)
                }
            }
        }
    }

    @Test func theOrderListWrittenFromRowsIsTheOrdersJSON() async throws {
        try await TestKernel.with(modules: [CommerceModule()]) { kernel in
            let vendor = try await ShopFixtures.vendor("listjson", company: try await ShopFixtures.company("List JSON", kernel: kernel), tier: "business", kernel: kernel)
            for variant in [0, 1, 2, 3] { _ = try await Self.stored(variant, vendor: vendor, kernel: kernel) }
            let page = PageRequest(limit: 3)
            for filter in [OrderFilter(), OrderFilter(status: .partiallyRefunded), OrderFilter(from: Date(timeIntervalSince1970: 0))] {
                let (models, rows) = try await kernel.database.read(for: vendor) { db in
                    (try await OrderStore.list(vendor: vendor.vendorId, filter: filter, page: page, on: db),
                     try await OrderStore.listJSON(vendor: vendor.vendorId, filter: filter, page: page, on: db))
                }
                #expect(!models.isEmpty)
                #expect(rows.map(\.id) == models.map(\.id))
                #expect(String(decoding: try ResponseJSON.encode(page.page(rows, id: \.id)), as: UTF8.self)
                        == String(decoding: try ResponseJSON.encode(page.page(models, id: \.id)), as: UTF8.self))
            }
        }
    }
}
