import AgoraTesting
@testable import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

@Suite("Purchase orders")
struct PurchaseOrderTests {
    struct Detail: Decodable { let purchaseOrder: PurchaseOrder; let lines: [PurchaseOrderLine] }
    struct PageBody: Decodable { let items: [PurchaseOrder]; let nextCursor: String? }
    struct OnOrderBody: Decodable { let items: [OnOrderQuantity] }
    struct LevelsBody: Decodable { let items: [StockLevel] }
    struct ProblemBody: Decodable { let code: String; let errors: [FieldError]? }

    static let allowed: [PurchaseOrderStatus: Set<PurchaseOrderStatus>] = [
        .draft: [.ordered, .cancelled], .ordered: [.partiallyReceived, .received, .cancelled],
        .partiallyReceived: [.partiallyReceived, .received, .cancelled], .received: [], .cancelled: [],
    ]

    @Test("only allowed transitions pass", arguments: PurchaseOrderStatus.allCases)
    func transitions(_ from: PurchaseOrderStatus) {
        for to in PurchaseOrderStatus.allCases {
            #expect(from.canMove(to: to) == Self.allowed[from]!.contains(to), "\(from) → \(to)")
        }
        #expect(from.isOpen == [.ordered, .partiallyReceived].contains(from))
    }

    @Test("a receipt leaves the status received only when nothing is open", arguments: [
        ([0, 0], PurchaseOrderStatus.received), ([0, 1000], .partiallyReceived), ([500], .partiallyReceived), ([], .received),
    ])
    func statusAfterReceipt(_ open: [Int], _ expected: PurchaseOrderStatus) {
        #expect(PurchaseOrderStatus.afterReceipt(openMilli: open) == expected)
    }

    @Test("expected dates are real calendar days", arguments: [("2026-03-01", true), ("2028-02-29", true), ("2026-02-30", false),
                                                               ("2026-3-1", false), ("tomorrow", false), ("2026-03-01T00:00:00Z", false)])
    func days(_ text: String, _ valid: Bool) {
        #expect(PurchaseOrderRoutes.isDay(text) == valid)
    }

    struct Shop {
        let scope: VendorScope
        let owner: Fixtures.Credential
        let honey: UUID
        let cheese: UUID
        let barn: UUID
    }

    /// A vendor with honey (pieces), cheese (by weight) and a barn, and its signed-in owner.
    func shop(_ slug: String, tier: String, _ client: some TestClientProtocol, _ kernel: KernelServices) async throws -> Shop {
        let scope = try await ShopFixtures.vendor(slug, company: try await ShopFixtures.company(slug, kernel: kernel), tier: tier, kernel: kernel)
        let now = Date()
        func product(_ name: String, _ sku: String, weight: WeightPricing?) -> Product {
            Product(id: UUID.v7(), vendorId: scope.vendorId, name: name, description: "", status: .active, currency: "EUR", pricesIncludeVat: true,
                    vatRateClass: .reduced, weight: weight, variants: [Variant(id: UUID.v7(), sku: sku, barcode: nil, title: "", priceMinor: 900, position: 0)],
                    images: [], createdAt: now, updatedAt: now)
        }
        let honey = product("Honey", "HONEY", weight: nil)
        let cheese = product("Cheese", "CHEESE", weight: WeightPricing(unit: .kg, minimumMilli: 200, stepMilli: 50))
        let barn = UUID.v7()
        try await kernel.database.transaction(for: scope) { tx in
            try await CatalogStore.insert(honey, on: tx)
            try await CatalogStore.insert(cheese, on: tx)
            try await tx.sql.raw("""
                INSERT INTO commerce_locations (id, vendor_id, name, kind, is_active, created_at)
                VALUES (\(bind: barn), \(bind: scope.vendorId), 'Barn', 'warehouse', \(bind: true), \(bind: now))
                """).run()
        }
        try await Fixtures.user("owner@\(slug).test", membership: Membership(id: UUID.v7(), role: .vendorOwner, vendorId: scope.vendorId), kernel: kernel)
        let owner = try await Fixtures.login(client, email: "owner@\(slug).test", password: Fixtures.password)
        return Shop(scope: scope, owner: owner, honey: honey.variants[0].id, cheese: cheese.variants[0].id, barn: barn)
    }

    func call(_ client: some TestClientProtocol, _ shop: Shop, _ method: HTTPRequest.Method, _ path: String, _ body: String? = nil) async throws -> TestResponse {
        try await client.execute(uri: "/oms/api/v1/vendor" + path, method: method, headers: Fixtures.headers(shop.owner), body: body.map(Fixtures.json))
    }

    func create(_ client: some TestClientProtocol, _ shop: Shop) async throws -> Detail {
        let response = try await call(client, shop, .post, "/purchase-orders", #"""
            {"supplier_name": "Apiculteurs réunis", "supplier_email": "Orders@Bees.LU", "location_id": "\#(shop.barn)", "expected_date": "2026-03-01",
             "lines": [{"variant_id": "\#(shop.honey)", "quantity_milli": 12000, "unit_cost_minor": 450},
                       {"variant_id": "\#(shop.cheese)", "quantity_milli": 5500}]}
            """#)
        #expect(response.status == .created, "\(String(buffer: response.body))")
        return try Fixtures.decode(Detail.self, from: response)
    }

    func levels(_ client: some TestClientProtocol, _ shop: Shop, _ variant: UUID) async throws -> [StockLevel] {
        try Fixtures.decode(LevelsBody.self, from: try await call(client, shop, .get, "/stock/levels?variant_id=\(variant)")).items
    }

    @Test func createOrderReceivePartlyThenFullyAndTheLedgerAndLevelsAgree() async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            let shop = try await shop("bees", tier: "professional", client, kernel)
            let created = try await create(client, shop)
            #expect(created.purchaseOrder.number == "PO-000001")
            #expect(created.purchaseOrder.status == .draft)
            #expect(created.purchaseOrder.supplierEmail == "orders@bees.lu")
            #expect(created.purchaseOrder.totalCostMinor == 5400)
            #expect(created.lines.map(\.sku) == ["HONEY", "CHEESE"])
            let id = created.purchaseOrder.id

            // A draft can be changed; its lines are replaced.
            let edited = try Fixtures.decode(Detail.self, from: try await call(client, shop, .patch, "/purchase-orders/\(id)", #"""
                {"supplier_reference": "BEE-77", "lines": [{"variant_id": "\#(shop.honey)", "quantity_milli": 10000, "unit_cost_minor": 450},
                                                           {"variant_id": "\#(shop.cheese)", "quantity_milli": 5500, "unit_cost_minor": 1800}]}
                """#))
            #expect(edited.purchaseOrder.supplierReference == "BEE-77")
            #expect(edited.purchaseOrder.totalCostMinor == 4500 + 9900)
            #expect(edited.lines.map(\.quantityMilli) == [10000, 5500])
            // Nothing is on order while it is a draft.
            #expect(try Fixtures.decode(OnOrderBody.self, from: try await call(client, shop, .get, "/stock/on-order")).items.isEmpty)

            let ordered = try Fixtures.decode(Detail.self, from: try await call(client, shop, .post, "/purchase-orders/\(id)/status", #"{"status": "ordered"}"#))
            #expect(ordered.purchaseOrder.status == .ordered)
            #expect(ordered.purchaseOrder.orderedAt != nil)
            let locked = try await call(client, shop, .patch, "/purchase-orders/\(id)", #"{"note": "too late"}"#)
            #expect(locked.status == .conflict)
            #expect(String(buffer: locked.body).contains("purchase_order_not_editable"))

            var onOrder = try Fixtures.decode(OnOrderBody.self, from: try await call(client, shop, .get, "/stock/on-order")).items
            #expect(Set(onOrder.map { [$0.variantId: $0.onOrderMilli] }) == [[shop.honey: 10000], [shop.cheese: 5500]])
            #expect(onOrder.allSatisfy { $0.locationId == shop.barn })

            let honeyLine = ordered.lines[0].id, cheeseLine = ordered.lines[1].id
            let partial = try await call(client, shop, .post, "/purchase-orders/\(id)/receive", #"{"lines": [{"line_id": "\#(honeyLine)", "quantity_milli": 4000}]}"#)
            #expect(partial.status == .ok)
            let afterPartial = try Fixtures.decode(Detail.self, from: partial)
            #expect(afterPartial.purchaseOrder.status == .partiallyReceived)
            #expect(afterPartial.lines.map(\.openMilli) == [6000, 5500])
            #expect(try await levels(client, shop, shop.honey).first?.onHandMilli == 4000)
            onOrder = try Fixtures.decode(OnOrderBody.self, from: try await call(client, shop, .get, "/stock/on-order?variant_id=\(shop.honey)")).items
            #expect(onOrder.map(\.onOrderMilli) == [6000])
            // The function the stock page will call says the same.
            let direct = try await kernel.database.read(for: shop.scope) { try await StockQueries.onOrder(vendor: shop.scope.vendorId, variant: shop.honey, on: $0) }
            #expect(direct == onOrder)

            let full = try Fixtures.decode(Detail.self, from: try await call(client, shop, .post, "/purchase-orders/\(id)/receive", #"""
                {"lines": [{"line_id": "\#(honeyLine)", "quantity_milli": 6000}, {"line_id": "\#(cheeseLine)", "quantity_milli": 5500}]}
                """#))
            #expect(full.purchaseOrder.status == .received)
            #expect(full.purchaseOrder.receivedAt != nil)
            #expect(full.lines.map(\.receivedMilli) == [10000, 5500])
            #expect(try await levels(client, shop, shop.honey).first?.onHandMilli == 10000)
            #expect(try await levels(client, shop, shop.cheese).first?.onHandMilli == 5500)
            #expect(try Fixtures.decode(OnOrderBody.self, from: try await call(client, shop, .get, "/stock/on-order")).items.isEmpty)

            // The ledger holds one receipt per line received, referencing the PO, and sums to the levels.
            struct Sum: Decodable { let variantId: UUID; let receipts: Int; let onHand: Int }
            let sums = try await kernel.database.read(for: shop.scope) { tx in
                try await tx.sql.raw("""
                    SELECT variant_id, CAST(COUNT(*) AS BIGINT) AS receipts, CAST(SUM(on_hand_delta) AS BIGINT) AS on_hand FROM commerce_stock_entries
                    WHERE reference = 'po:PO-000001' AND kind = 'receipt' GROUP BY variant_id
                    """).rows(Sum.self)
            }
            #expect(Set(sums.map { "\($0.variantId):\($0.receipts):\($0.onHand)" }) == ["\(shop.honey):2:10000", "\(shop.cheese):1:5500"])

            struct Count: Decodable { let count: Int }
            let events = try await kernel.database.read {
                try await $0.sql.raw("SELECT COUNT(*) AS count FROM outbox_events WHERE name = \(bind: PurchaseOrderReceived.name)").row(Count.self)!.count
            }
            #expect(events == 2)
        }
    }

    @Test func receivingMoreThanIsOpenOrOnTheWrongStatusIsRefusedAndChangesNothing() async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            let shop = try await shop("refusals", tier: "professional", client, kernel)
            let draft = try await create(client, shop)
            let id = draft.purchaseOrder.id
            let honeyLine = draft.lines[0].id, cheeseLine = draft.lines[1].id
            let receipt = #"{"lines": [{"line_id": "\#(honeyLine)", "quantity_milli": 1000}]}"#

            let onDraft = try await call(client, shop, .post, "/purchase-orders/\(id)/receive", receipt)
            #expect(onDraft.status == .conflict)
            #expect(try Fixtures.decode(ProblemBody.self, from: onDraft).code == "receipt_not_allowed")
            let byHand = try await call(client, shop, .post, "/purchase-orders/\(id)/status", #"{"status": "received"}"#)
            #expect(byHand.status == .unprocessableContent)

            _ = try await call(client, shop, .post, "/purchase-orders/\(id)/status", #"{"status": "ordered"}"#)
            // One line fits, the other asks for more than was ordered: all or nothing.
            let over = try await call(client, shop, .post, "/purchase-orders/\(id)/receive", #"""
                {"lines": [{"line_id": "\#(honeyLine)", "quantity_milli": 2000}, {"line_id": "\#(cheeseLine)", "quantity_milli": 6000}]}
                """#)
            #expect(over.status == .conflict)
            #expect(over.headers[.contentType] == "application/problem+json")
            #expect(try Fixtures.decode(ProblemBody.self, from: over).code == "receipt_exceeds_open_quantity")
            #expect(try await levels(client, shop, shop.honey).isEmpty)
            let unchanged = try Fixtures.decode(Detail.self, from: try await call(client, shop, .get, "/purchase-orders/\(id)"))
            #expect(unchanged.purchaseOrder.status == .ordered)
            #expect(unchanged.lines.map(\.receivedMilli) == [0, 0])

            // Cancelling a partially received PO stops further receipts and takes it off order.
            #expect(try await call(client, shop, .post, "/purchase-orders/\(id)/receive", receipt).status == .ok)
            let cancelled = try Fixtures.decode(Detail.self, from: try await call(client, shop, .post, "/purchase-orders/\(id)/status", #"{"status": "cancelled"}"#))
            #expect(cancelled.purchaseOrder.status == .cancelled)
            #expect(cancelled.purchaseOrder.cancelledAt != nil)
            let afterCancel = try await call(client, shop, .post, "/purchase-orders/\(id)/receive", receipt)
            #expect(afterCancel.status == .conflict)
            #expect(try Fixtures.decode(ProblemBody.self, from: afterCancel).code == "receipt_not_allowed")
            let reopen = try await call(client, shop, .post, "/purchase-orders/\(id)/status", #"{"status": "ordered"}"#)
            #expect(reopen.status == .conflict)
            #expect(try Fixtures.decode(ProblemBody.self, from: reopen).code == "transition_not_allowed")
            #expect(try Fixtures.decode(OnOrderBody.self, from: try await call(client, shop, .get, "/stock/on-order")).items.isEmpty)
            #expect(try await levels(client, shop, shop.honey).first?.onHandMilli == 1000)

            // A fully received PO takes nothing more either.
            let second = try await create(client, shop)
            _ = try await call(client, shop, .post, "/purchase-orders/\(second.purchaseOrder.id)/status", #"{"status": "ordered"}"#)
            let all = #"{"lines": [{"line_id": "\#(second.lines[0].id)", "quantity_milli": 12000}, {"line_id": "\#(second.lines[1].id)", "quantity_milli": 5500}]}"#
            #expect(try await call(client, shop, .post, "/purchase-orders/\(second.purchaseOrder.id)/receive", all).status == .ok)
            let again = try await call(client, shop, .post, "/purchase-orders/\(second.purchaseOrder.id)/receive", all)
            #expect(try Fixtures.decode(ProblemBody.self, from: again).code == "receipt_not_allowed")
            #expect(second.purchaseOrder.number == "PO-000002")

            // The status filter and the cursor.
            let received = try Fixtures.decode(PageBody.self, from: try await call(client, shop, .get, "/purchase-orders?status=received"))
            #expect(received.items.map(\.id) == [second.purchaseOrder.id])
            let first = try Fixtures.decode(PageBody.self, from: try await call(client, shop, .get, "/purchase-orders?limit=1"))
            let next = try Fixtures.decode(PageBody.self, from: try await call(client, shop, .get, "/purchase-orders?limit=1&cursor=\(try #require(first.nextCursor))"))
            #expect(first.items.map(\.id) + next.items.map(\.id) == [id, second.purchaseOrder.id])
            #expect(try await call(client, shop, .get, "/purchase-orders?status=lost").status == .badRequest)
        }
    }

    @Test func tenConcurrentReceiptsOfTwoAgainstTenOpenGiveExactlyFive() async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            let shop = try await shop("rush", tier: "professional", client, kernel)
            let draft = try Fixtures.decode(Detail.self, from: try await call(client, shop, .post, "/purchase-orders", #"""
                {"supplier_name": "S", "location_id": "\#(shop.barn)", "lines": [{"variant_id": "\#(shop.honey)", "quantity_milli": 10000}]}
                """#))
            _ = try await call(client, shop, .post, "/purchase-orders/\(draft.purchaseOrder.id)/status", #"{"status": "ordered"}"#)
            let line = PurchaseOrderRoutes.ReceiptLineInput(lineId: draft.lines[0].id, quantityMilli: 2000)
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        do {
                            _ = try await kernel.database.transaction(for: shop.scope) { tx in
                                try await PurchaseOrderRoutes.receive([line], against: draft.purchaseOrder.id, vendor: shop.scope, actor: "test", now: Date(), on: tx)
                            }
                            return "received"
                        } catch let problem as Problem {
                            return problem.code
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "received" }.count == 5)
            // Once all ten have arrived the PO is received; a receipt that got there first was refused for the line.
            #expect(outcomes.allSatisfy { ["received", "receipt_not_allowed", "receipt_exceeds_open_quantity"].contains($0) }, "\(outcomes)")
            #expect(try await levels(client, shop, shop.honey).first?.onHandMilli == 10000)
            let done = try Fixtures.decode(Detail.self, from: try await call(client, shop, .get, "/purchase-orders/\(draft.purchaseOrder.id)"))
            #expect(done.purchaseOrder.status == .received)
            #expect(done.lines[0].receivedMilli == 10000)
        }
    }

    @Test func anEssentialVendorIsRefusedTheFeatureAndAnotherVendorsPurchaseOrderIsNotFound() async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            let essential = try await shop("small", tier: "essential", client, kernel)
            let refused = try await call(client, essential, .get, "/purchase-orders")
            #expect(refused.status == .forbidden)
            let body = String(buffer: refused.body)
            #expect(body.contains("feature_not_available"))
            #expect(body.contains(#""code":"professional""#))
            #expect(try await call(client, essential, .get, "/stock/on-order").status == .forbidden)

            let owner = try await shop("owner-a", tier: "professional", client, kernel)
            let other = try await shop("owner-b", tier: "business", client, kernel)
            let theirs = try await create(client, other)
            let id = theirs.purchaseOrder.id
            for (method, path, body) in [(HTTPRequest.Method.get, "", nil), (.patch, "", #"{"note": "mine now"}"#), (.post, "/status", #"{"status": "cancelled"}"#),
                                         (.post, "/receive", #"{"lines": [{"line_id": "\#(theirs.lines[0].id)", "quantity_milli": 1000}]}"#)] as [(HTTPRequest.Method, String, String?)] {
                let response = try await call(client, owner, method, "/purchase-orders/\(id)\(path)", body)
                #expect(response.status == .notFound, "\(method) \(path)")
            }
            #expect(try Fixtures.decode(PageBody.self, from: try await call(client, owner, .get, "/purchase-orders")).items.isEmpty)
            // Another vendor's variant or location cannot be put on one's own purchase order.
            let borrowed = try await call(client, owner, .post, "/purchase-orders", #"""
                {"supplier_name": "X", "location_id": "\#(other.barn)", "lines": [{"variant_id": "\#(other.honey)", "quantity_milli": 1000}]}
                """#)
            #expect(borrowed.status == .unprocessableContent)
            let untouched = try Fixtures.decode(Detail.self, from: try await call(client, other, .get, "/purchase-orders/\(id)"))
            #expect(untouched.purchaseOrder.status == .draft)
            #expect(untouched.purchaseOrder.note == nil)
        }
    }

    @Test func malformedInputIsAProblemWithFieldErrors() async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            let shop = try await shop("typos", tier: "professional", client, kernel)
            func fields(_ response: TestResponse) throws -> Set<String> {
                #expect(response.headers[.contentType] == "application/problem+json")
                return Set(try Fixtures.decode(ProblemBody.self, from: response).errors?.map(\.field) ?? [])
            }
            let empty = try await call(client, shop, .post, "/purchase-orders", "{}")
            #expect(empty.status == .unprocessableContent)
            #expect(try fields(empty) == ["supplier_name", "location_id", "lines"])

            let bad = try await call(client, shop, .post, "/purchase-orders", #"""
                {"supplier_name": " ", "supplier_email": "not-an-email", "location_id": "\#(shop.barn)", "expected_date": "2026-02-30",
                 "lines": [{"variant_id": "\#(shop.honey)", "quantity_milli": 0}, {"variant_id": "\#(shop.cheese)", "quantity_milli": 1000, "unit_cost_minor": -5}]}
                """#)
            #expect(bad.status == .unprocessableContent)
            #expect(try fields(bad) == ["supplier_name", "supplier_email", "expected_date", "lines[0].quantity_milli", "lines[1].unit_cost_minor"])

            let catalog = try await call(client, shop, .post, "/purchase-orders", #"""
                {"supplier_name": "S", "location_id": "\#(UUID())", "lines": [{"variant_id": "\#(UUID())", "quantity_milli": 1000}]}
                """#)
            #expect(catalog.status == .unprocessableContent)
            #expect(try fields(catalog) == ["location_id"])
            let pieces = try await call(client, shop, .post, "/purchase-orders", #"""
                {"supplier_name": "S", "location_id": "\#(shop.barn)", "lines": [{"variant_id": "\#(UUID())", "quantity_milli": 1000}, {"variant_id": "\#(shop.honey)", "quantity_milli": 1500}]}
                """#)
            #expect(try fields(pieces) == ["lines[0].variant_id", "lines[1].quantity_milli"])

            let wrongType = try await call(client, shop, .post, "/purchase-orders", #"{"supplier_name": "S", "location_id": "\#(shop.barn)", "lines": [{"variant_id": "\#(shop.honey)", "quantity_milli": "many"}]}"#)
            #expect(wrongType.status.code >= 400 && wrongType.status.code < 500)
            #expect(wrongType.headers[.contentType] == "application/problem+json")
            #expect(try await call(client, shop, .post, "/purchase-orders", #"{"supplier_name": "#).status == .badRequest)

            let draft = try await create(client, shop)
            _ = try await call(client, shop, .post, "/purchase-orders/\(draft.purchaseOrder.id)/status", #"{"status": "ordered"}"#)
            let receipt = try await call(client, shop, .post, "/purchase-orders/\(draft.purchaseOrder.id)/receive", #"""
                {"lines": [{"line_id": "\#(draft.lines[0].id)", "quantity_milli": 0}, {"line_id": "\#(draft.lines[0].id)", "quantity_milli": 1000}]}
                """#)
            #expect(receipt.status == .unprocessableContent)
            #expect(try fields(receipt) == ["lines[0].quantity_milli", "lines[1].line_id"])
            let stranger = try await call(client, shop, .post, "/purchase-orders/\(draft.purchaseOrder.id)/receive", #"{"lines": [{"line_id": "\#(UUID())", "quantity_milli": 1000}]}"#)
            #expect(try fields(stranger) == ["lines[0].line_id"])
            let unknownStatus = try await call(client, shop, .post, "/purchase-orders/\(draft.purchaseOrder.id)/status", #"{"status": "lost"}"#)
            #expect(unknownStatus.status.code >= 400 && unknownStatus.status.code < 500)
            #expect(try await call(client, shop, .get, "/purchase-orders/not-an-id").status == .notFound)
        }
    }
}
