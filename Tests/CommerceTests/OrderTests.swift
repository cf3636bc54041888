import AgoraTesting
@testable import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

@Suite("Orders")
struct OrderTests {
    struct Detail: Decodable { let order: Order; let lines: [OrderLine]; let timeline: [OrderTimelineEntry] }
    struct PageBody: Decodable { let items: [Order] }
    struct ProductBody: Decodable { let product: Product }
    struct CustomerBody: Decodable { let customer: Customer }

    static let allowed: [OrderStatus: Set<OrderStatus>] = [
        .pending: [.confirmed, .cancelled], .confirmed: [.processing, .shipped, .cancelled], .processing: [.shipped, .cancelled],
        .shipped: [.delivered, .refunded, .partiallyRefunded], .delivered: [.refunded, .partiallyRefunded],
        .partiallyRefunded: [.refunded, .partiallyRefunded], .cancelled: [], .refunded: [],
    ]

    @Test("only allowed transitions pass", arguments: OrderStatus.allCases)
    func transitions(_ from: OrderStatus) {
        for to in OrderStatus.allCases {
            #expect(from.canMove(to: to) == (Self.allowed[from]!.contains(to)), "\(from) → \(to)")
        }
    }

    @Test("line totals round half up", arguments: [(450, 2000, 900), (2400, 1250, 3000), (999, 333, 333), (1, 500, 1), (1, 499, 0)])
    func lineTotals(_ price: Int, _ milli: Int, _ expected: Int) {
        #expect(OrderTotals.lineTotal(unitPriceMinor: price, quantityMilli: milli) == expected)
    }

    func vendorOwner(_ client: some TestClientProtocol, _ kernel: KernelServices) async throws -> Fixtures.Credential {
        let oms = try await Fixtures.platform("oms", kernel: kernel)
        let vendor = try await kernel.database.transaction { tx -> UUID in
            let now = Date()
            let company = Company(id: UUID.v7(), name: "Market", legalName: nil, addressLine1: nil, addressLine2: nil, postalCode: nil, city: nil,
                                  country: "LU", vatNumber: nil, email: nil, homePlatformId: oms.id, createdAt: now, updatedAt: now)
            try await TenancyStore.save(company, isNew: true, on: tx)
            let vendor = Vendor(id: UUID.v7(), companyId: company.id, slug: "market", name: "Market", country: "LU", currency: "EUR",
                                locale: "fr-LU", isActive: true, createdAt: now, updatedAt: now)
            try await TenancyStore.save(vendor, isNew: true, on: tx)
            _ = try await AdminTenantRoutes.join(vendor: vendor.id, platform: oms.id, tierCode: "essential", now: now, on: tx)
            return vendor.id
        }
        try await Fixtures.user("owner@market.test", membership: Membership(id: UUID.v7(), role: .vendorOwner, vendorId: vendor), kernel: kernel)
        return try await Fixtures.login(client, email: "owner@market.test", password: Fixtures.password)
    }

    @Test func ordersSnapshotLinesMoveThroughTheirStatusesAndFeedCustomerStatistics() async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            let owner = try await vendorOwner(client, kernel)
            func call(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil) async throws -> TestResponse {
                try await client.execute(uri: "/oms/api/v1/vendor" + path, method: method, headers: Fixtures.headers(owner), body: body.map(Fixtures.json))
            }
            let cheese = try Fixtures.decode(ProductBody.self, from: try await call(.post, "/products", #"""
                {"name": "Gouda", "status": "active", "vat_rate_class": "reduced", "weight": {"unit": "kg", "minimum_milli": 200, "step_milli": 50},
                 "variants": [{"sku": "GOUDA", "price_minor": 2400}]}
                """#)).product
            let customer = try Fixtures.decode(CustomerBody.self, from: try await call(.post, "/customers", #"{"email": "anna@example.lu", "first_name": "Anna"}"#)).customer

            let badWeight = try await call(.post, "/orders", #"{"channel": "manual", "lines": [{"variant_id": "\#(cheese.variants[0].id)", "quantity_milli": 220}]}"#)
            #expect(badWeight.status == .unprocessableContent)

            let created = try await call(.post, "/orders", #"""
                {"channel": "manual", "customer_id": "\#(customer.id)", "shipping_minor": 490, "note": "Pick-up Saturday",
                 "lines": [{"variant_id": "\#(cheese.variants[0].id)", "quantity_milli": 1250},
                           {"name": "Gift wrap", "sku": "WRAP", "unit_price_minor": 150, "quantity_milli": 2000}]}
                """#)
            #expect(created.status == .created)
            let order = try Fixtures.decode(Detail.self, from: created)
            #expect(order.order.number == "000001")
            #expect(order.lines.map(\.totalMinor) == [3000, 300])
            #expect(order.lines[0].name == "Gouda")
            #expect(order.lines[0].vatRateClass == .reduced)
            #expect(order.order.totalMinor == 3790)
            #expect(order.order.customerEmail == "anna@example.lu")
            #expect(order.timeline.map(\.kind) == ["placed"])

            // The catalog can change; the order keeps what was sold.
            _ = try await call(.patch, "/products/\(cheese.id)", #"{"name": "Old Gouda", "variants": [{"sku": "GOUDA", "price_minor": 2900}]}"#)
            let reread = try Fixtures.decode(Detail.self, from: try await call(.get, "/orders/\(order.order.id)"))
            #expect(reread.lines[0].name == "Gouda")
            #expect(reread.lines[0].unitPriceMinor == 2400)

            let skip = try await call(.post, "/orders/\(order.order.id)/status", #"{"status": "delivered"}"#)
            #expect(skip.status == .conflict)
            #expect(String(buffer: skip.body).contains("transition_not_allowed"))
            for (status, tracking) in [("confirmed", nil), ("shipped", "LU123456789"), ("delivered", nil)] as [(String, String?)] {
                let body = tracking.map { #"{"status": "\#(status)", "tracking_number": "\#($0)"}"# } ?? #"{"status": "\#(status)"}"#
                #expect(try await call(.post, "/orders/\(order.order.id)/status", body).status == .ok, "\(status)")
            }
            #expect(try await call(.post, "/orders/\(order.order.id)/notes", #"{"note": "Customer happy"}"#).status == .created)
            let done = try Fixtures.decode(Detail.self, from: try await call(.get, "/orders/\(order.order.id)"))
            #expect(done.order.status == .delivered)
            #expect(done.order.trackingNumber == "LU123456789")
            #expect(done.timeline.map(\.kind) == ["placed", "status", "status", "status", "note"])

            // Customer statistics follow the order events.
            try await EventDispatcher(kernel: kernel).drain()
            let stats = try Fixtures.decode(CustomerBody.self, from: try await call(.get, "/customers/\(customer.id)")).customer
            #expect(stats.orderCount == 1)
            #expect(stats.totalSpentMinor == 3790)
            #expect(stats.firstOrderAt != nil)
        }
    }

    @Test func marketplaceImportsAreIdempotentAndTheMonthlyLimitHolds() async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            let owner = try await vendorOwner(client, kernel)
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            try await kernel.database.transaction { tx in
                var essential = try await TenancyStore.tiers(of: oms.id, on: tx).first { $0.code == "essential" }!
                #expect(essential.limits["commerce.orders_per_month"] == 100)
                essential.limits["commerce.orders_per_month"] = 2
                try await TenancyStore.upsert(essential, on: tx)
            }
            let importBody = #"{"channel": "marketplace", "external_reference": "LZ-42", "customer_email": "Bob@Example.LU", "lines": [{"name": "Coffee", "unit_price_minor": 890, "quantity_milli": 1000}]}"#
            let first = try await client.execute(uri: "/oms/api/v1/vendor/orders", method: .post, headers: Fixtures.headers(owner), body: Fixtures.json(importBody))
            let again = try await client.execute(uri: "/oms/api/v1/vendor/orders", method: .post, headers: Fixtures.headers(owner), body: Fixtures.json(importBody))
            #expect(first.status == .created)
            #expect(again.status == .ok)
            #expect(try Fixtures.decode(Detail.self, from: first).order.id == Fixtures.decode(Detail.self, from: again).order.id)

            let manual = #"{"channel": "manual", "lines": [{"name": "Tea", "unit_price_minor": 500, "quantity_milli": 1000}]}"#
            #expect(try await client.execute(uri: "/oms/api/v1/vendor/orders", method: .post, headers: Fixtures.headers(owner), body: Fixtures.json(manual)).status == .created)
            let over = try await client.execute(uri: "/oms/api/v1/vendor/orders", method: .post, headers: Fixtures.headers(owner), body: Fixtures.json(manual))
            #expect(over.status == .forbidden)
            #expect(String(buffer: over.body).contains("limit_reached"))

            for (query, count) in [("channel=marketplace", 1), ("channel=manual", 1), ("q=LZ-42", 1), ("q=bob@", 1), ("q=000002", 1),
                                   ("q=ob@example", 1), ("q=EXAMPLE.LU", 1), ("q=b", 1), ("q=bob@example.lux", 0), ("q=000003", 0),
                                   ("status=pending", 2), ("status=shipped", 0), ("from=2000-01-01T00:00:00Z", 2), ("to=2000-01-01T00:00:00Z", 0)] {
                let page = try Fixtures.decode(PageBody.self, from: try await client.execute(uri: "/oms/api/v1/vendor/orders?\(query)", method: .get, headers: Fixtures.headers(owner)))
                #expect(page.items.count == count, "\(query)")
            }
            #expect(try await client.execute(uri: "/oms/api/v1/vendor/orders?status=lost", method: .get, headers: Fixtures.headers(owner)).status == .badRequest)
            #expect(try await client.execute(uri: "/oms/api/v1/vendor/orders?from=yesterday", method: .get, headers: Fixtures.headers(owner)).status == .badRequest)
        }
    }
}
