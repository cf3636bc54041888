import AgoraTesting
@testable import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

@Suite("Company view")
struct CompanyViewTests {
    struct SalesBody: Decodable { let vendors: [VendorSales]; let totals: SalesTotals }
    struct Row: Decodable { let vendorId: UUID; let order: Order }
    struct OrdersBody: Decodable { let items: [Row]; let nextCursor: String? }

    @Test func totalsAddUpPerCurrencyAndNeverAcrossCurrencies() {
        let a = UUID(), b = UUID()
        let totals = SalesTotals(summing: [
            VendorSales(vendorId: a, name: "A", orderCount: 3, revenue: [CurrencyAmount(currency: "EUR", amountMinor: 1000), CurrencyAmount(currency: "CHF", amountMinor: 5)]),
            VendorSales(vendorId: b, name: "B", orderCount: 1, revenue: [CurrencyAmount(currency: "EUR", amountMinor: 250)]),
            VendorSales(vendorId: b, name: "C", orderCount: 0, revenue: []),
        ])
        #expect(totals.orderCount == 4)
        #expect(totals.revenue == [CurrencyAmount(currency: "CHF", amountMinor: 5), CurrencyAmount(currency: "EUR", amountMinor: 1250)])
    }

    /// Places a manual order of one free line at `priceMinor`, optionally cancelling it.
    func order(_ scope: VendorScope, _ priceMinor: Int, cancelled: Bool = false, _ kernel: KernelServices) async throws {
        let input = OrderRoutes.OrderInput(channel: .manual, externalReference: nil, customerId: nil, customerEmail: nil,
                                           lines: [OrderRoutes.LineInput(variantId: nil, quantityMilli: 1000, name: "Basket", sku: "B", unitPriceMinor: priceMinor, vatRateClass: nil)],
                                           shippingMinor: nil, billingAddress: nil, shippingAddress: nil, note: nil)
        try await kernel.database.transaction(for: scope) { tx in
            let (placed, _) = try await OrderRoutes.place(input, vendor: scope, actor: "test", now: Date(), kernel: kernel, on: tx)
            if cancelled {
                _ = try await OrderRoutes.changeStatus(of: placed.order.id, to: .cancelled, note: nil, tracking: nil, vendor: scope, actor: "test", now: Date(), on: tx)
            }
        }
    }

    func owner(_ email: String, company: UUID, _ client: some TestClientProtocol, _ kernel: KernelServices) async throws -> Fixtures.Credential {
        try await Fixtures.user(email, membership: Membership(id: UUID.v7(), role: .companyOwner, companyId: company), kernel: kernel)
        return try await Fixtures.login(client, email: email, password: Fixtures.password)
    }

    func get(_ client: some TestClientProtocol, _ credential: Fixtures.Credential, _ path: String) async throws -> TestResponse {
        try await client.execute(uri: "/oms/api/v1/company" + path, method: .get, headers: Fixtures.headers(credential))
    }

    @Test func anOwnerSeesTheSalesAndOrdersOfTheCompanysVendorsThatHaveTheFeature() async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            // Company A: two Business vendors (one selling in CHF) and an Essential one, which does not count.
            let companyA = try await ShopFixtures.company("Group A", kernel: kernel)
            let farm = try await ShopFixtures.vendor("a-farm", company: companyA, tier: "business", kernel: kernel)
            let alps = try await ShopFixtures.vendor("a-alps", company: companyA, tier: "enterprise", currency: "CHF", kernel: kernel)
            let kiosk = try await ShopFixtures.vendor("a-kiosk", company: companyA, tier: "essential", kernel: kernel)
            // Company B: one Business vendor.
            let companyB = try await ShopFixtures.company("Group B", kernel: kernel)
            let rival = try await ShopFixtures.vendor("b-rival", company: companyB, tier: "business", kernel: kernel)

            try await order(farm, 1000, kernel)
            try await order(farm, 2500, kernel)
            try await order(farm, 9999, cancelled: true, kernel)
            try await order(alps, 700, kernel)
            try await order(kiosk, 5000, kernel)
            try await order(rival, 12345, kernel)

            let ownerA = try await owner("owner@group-a.test", company: companyA, client, kernel)
            let sales = try Fixtures.decode(SalesBody.self, from: try await get(client, ownerA, "/sales"))
            #expect(Set(sales.vendors.map(\.vendorId)) == [farm.vendorId, alps.vendorId])
            let farmSales = try #require(sales.vendors.first { $0.vendorId == farm.vendorId })
            #expect(farmSales.name == "a-farm")
            #expect(farmSales.orderCount == 2)
            #expect(farmSales.revenue == [CurrencyAmount(currency: "EUR", amountMinor: 3500)])
            #expect(sales.totals.orderCount == 3)
            #expect(sales.totals.revenue == [CurrencyAmount(currency: "CHF", amountMinor: 700), CurrencyAmount(currency: "EUR", amountMinor: 3500)])
            let future = try Fixtures.decode(SalesBody.self, from: try await get(client, ownerA, "/sales?from=2999-01-01T00:00:00Z"))
            #expect(future.totals.orderCount == 0)
            #expect(try await get(client, ownerA, "/sales?from=last-week").status == .badRequest)
            #expect(try await get(client, ownerA, "/sales?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z").status == .badRequest)

            // Orders of both counted vendors (the cancelled one too, it is an order), page by page.
            let all = try Fixtures.decode(OrdersBody.self, from: try await get(client, ownerA, "/orders"))
            #expect(all.items.count == 4)
            #expect(all.items.filter { $0.vendorId == farm.vendorId }.count == 3)
            #expect(Set(all.items.map(\.vendorId)) == [farm.vendorId, alps.vendorId])
            let first = try Fixtures.decode(OrdersBody.self, from: try await get(client, ownerA, "/orders?limit=3"))
            let rest = try Fixtures.decode(OrdersBody.self, from: try await get(client, ownerA, "/orders?limit=3&cursor=\(try #require(first.nextCursor))"))
            #expect((first.items + rest.items).map(\.order.id) == all.items.map(\.order.id))
            #expect(rest.nextCursor == nil)
            let cancelled = try Fixtures.decode(OrdersBody.self, from: try await get(client, ownerA, "/orders?status=cancelled"))
            #expect(cancelled.items.map(\.order.totalMinor) == [9999])
            #expect(try await get(client, ownerA, "/orders?status=lost").status == .badRequest)

            // Company B's owner sees only B, and company A does not exist for them.
            let ownerB = try await owner("owner@group-b.test", company: companyB, client, kernel)
            let salesB = try Fixtures.decode(SalesBody.self, from: try await get(client, ownerB, "/sales"))
            #expect(salesB.vendors.map(\.vendorId) == [rival.vendorId])
            #expect(salesB.totals.revenue == [CurrencyAmount(currency: "EUR", amountMinor: 12345)])
            #expect(try Fixtures.decode(OrdersBody.self, from: try await get(client, ownerB, "/orders")).items.map(\.vendorId) == [rival.vendorId])
            #expect(try await get(client, ownerB, "/sales?company_id=\(companyA)").status == .notFound)
            #expect(try await get(client, ownerB, "/orders?company_id=\(companyA)").status == .notFound)
            #expect(try await get(client, ownerA, "/sales?company_id=\(companyA)").status == .ok)
        }
    }

    @Test func staffAndOwnersWithoutTheFeatureAreRefused() async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            let small = try await ShopFixtures.company("Small group", kernel: kernel)
            let shop = try await ShopFixtures.vendor("small-shop", company: small, tier: "professional", kernel: kernel)
            try await order(shop, 1000, kernel)
            let owner = try await owner("owner@small.test", company: small, client, kernel)
            for path in ["/sales", "/orders"] {
                let refused = try await get(client, owner, path)
                #expect(refused.status == .forbidden)
                let body = String(buffer: refused.body)
                #expect(body.contains("feature_not_available"))
                #expect(body.contains(#""code":"business""#))
            }

            try await Fixtures.user("staff@small.test", membership: Membership(id: UUID.v7(), role: .vendorStaff, vendorId: shop.vendorId), kernel: kernel)
            let staff = try await Fixtures.login(client, email: "staff@small.test", password: Fixtures.password)
            #expect(try await get(client, staff, "/sales").status == .forbidden)
            #expect(try await get(client, staff, "/orders").status == .forbidden)
            #expect(try await client.execute(uri: "/oms/api/v1/company/sales", method: .get).status == .unauthorized)
        }
    }
}
