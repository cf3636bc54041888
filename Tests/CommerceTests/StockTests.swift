import AgoraTesting
@testable import Commerce
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Kernel
import Testing

@Suite("Stock")
struct StockTests {
    @Test("movements change on hand and reserved", arguments: [
        (StockMovement.receipt, 5, 5, 0), (.transferIn, 5, 5, 0), (.return, 5, 5, 0), (.transferOut, 5, -5, 0),
        (.reservation, 5, 0, 5), (.release, 5, 0, -5), (.sale, 5, -5, -5), (.adjustment, -5, -5, 0), (.adjustment, 5, 5, 0),
    ])
    func effects(_ movement: StockMovement, _ quantity: Int, _ onHand: Int, _ reserved: Int) {
        let effect = movement.effect(quantity: quantity)
        #expect(effect.onHand == onHand)
        #expect(effect.reserved == reserved)
    }

    struct Setup {
        let scope: VendorScope
        let variant: UUID
        let warehouse: UUID
        let stall: UUID
    }

    /// A vendor with one product variant and two locations.
    func setup(_ kernel: KernelServices) async throws -> Setup {
        let oms = try await Fixtures.platform("oms", kernel: kernel)
        let now = Date()
        let vendorId = try await kernel.database.transaction { tx -> UUID in
            let company = Company(id: UUID.v7(), name: "Stock", legalName: nil, addressLine1: nil, addressLine2: nil, postalCode: nil, city: nil,
                                  country: "LU", vatNumber: nil, email: nil, homePlatformId: oms.id, createdAt: now, updatedAt: now)
            try await TenancyStore.save(company, isNew: true, on: tx)
            let vendor = Vendor(id: UUID.v7(), companyId: company.id, slug: "stock-\(UUID().uuidString.prefix(6).lowercased())", name: "Stock",
                                country: "LU", currency: "EUR", locale: "fr-LU", isActive: true, createdAt: now, updatedAt: now)
            try await TenancyStore.save(vendor, isNew: true, on: tx)
            _ = try await AdminTenantRoutes.join(vendor: vendor.id, platform: oms.id, tierCode: "essential", now: now, on: tx)
            return vendor.id
        }
        let subscription = try await kernel.database.read { try await TenancyStore.subscription(vendor: vendorId, platform: oms.id, on: $0)! }
        let scope = VendorScope(vendorId: vendorId, platformId: oms.id, role: .vendorOwner, subscription: subscription)
        let product = Product(id: UUID.v7(), vendorId: vendorId, name: "Honey", description: "", status: .active, currency: "EUR", pricesIncludeVat: true,
                              vatRateClass: .reduced, weight: nil, variants: [Variant(id: UUID.v7(), sku: "HONEY", barcode: nil, title: "", priceMinor: 900, position: 0)],
                              images: [], createdAt: now, updatedAt: now)
        let warehouse = UUID.v7(), stall = UUID.v7()
        try await kernel.database.transaction(for: scope) { tx in
            try await CatalogStore.insert(product, on: tx)
            for (id, name, kind) in [(warehouse, "Barn", "warehouse"), (stall, "Saturday market", "market_stall")] {
                try await tx.sql.raw("""
                    INSERT INTO commerce_locations (id, vendor_id, name, kind, is_active, created_at)
                    VALUES (\(bind: id), \(bind: vendorId), \(bind: name), \(bind: kind), \(bind: true), \(bind: now))
                    """).run()
            }
        }
        return Setup(scope: scope, variant: product.variants[0].id, warehouse: warehouse, stall: stall)
    }

    struct Sums: Decodable { let onHand: Int; let reserved: Int }

    /// The ledger must always add up to the levels.
    func expectLedgerMatchesLevels(_ kernel: KernelServices, _ setup: Setup) async throws {
        for location in [setup.warehouse, setup.stall] {
            let (sums, levels) = try await kernel.database.read(for: setup.scope) { tx in
                (try await tx.sql.raw("""
                    SELECT CAST(COALESCE(SUM(on_hand_delta), 0) AS BIGINT) AS on_hand, CAST(COALESCE(SUM(reserved_delta), 0) AS BIGINT) AS reserved
                    FROM commerce_stock_entries WHERE variant_id = \(bind: setup.variant) AND location_id = \(bind: location)
                    """).row(Sums.self)!,
                 try await StockQueries.levels(vendor: setup.scope.vendorId, variant: setup.variant, on: tx).first { $0.locationId == location })
            }
            #expect(sums.onHand == (levels?.onHandMilli ?? 0))
            #expect(sums.reserved == (levels?.reservedMilli ?? 0))
        }
    }

    @Test func receiptsTransfersAdjustmentsAndReservationsKeepTheLedgerAndLevelsTogether() async throws {
        try await TestKernel.with(modules: [CommerceModule()]) { kernel in
            let setup = try await setup(kernel)
            let ledger = StockLedger(vendor: setup.scope, actor: "test", now: Date())
            try await kernel.database.transaction(for: setup.scope) { tx in
                _ = try await ledger.receive(10_000, variant: setup.variant, at: setup.warehouse, reference: "delivery 1", on: tx)
                _ = try await ledger.transfer(3_000, variant: setup.variant, from: setup.warehouse, to: setup.stall, on: tx)
                _ = try await ledger.adjust(by: -1_000, variant: setup.variant, at: setup.warehouse, reason: "broken jar", on: tx)
            }
            // Taking more than is there is refused and changes nothing.
            await #expect(throws: Problem.self) {
                try await kernel.database.transaction(for: setup.scope) { tx in
                    _ = try await ledger.adjust(by: -7_000, variant: setup.variant, at: setup.warehouse, reason: "too much", on: tx)
                }
            }
            let reservation = try await kernel.database.transaction(for: setup.scope) { tx in
                try await ledger.reserve(2_000, variant: setup.variant, at: setup.stall, until: Date().addingTimeInterval(900), reference: "cart", on: tx)
            }
            // Reserved stock cannot be adjusted away or transferred.
            await #expect(throws: Problem.self) {
                try await kernel.database.transaction(for: setup.scope) { tx in
                    _ = try await ledger.transfer(2_000, variant: setup.variant, from: setup.stall, to: setup.warehouse, on: tx)
                }
            }
            let (first, second) = try await kernel.database.transaction(for: setup.scope) { tx in
                (try await ledger.finish(reservation: reservation, sold: true, on: tx),
                 try await ledger.finish(reservation: reservation, sold: true, on: tx))
            }
            #expect(first)
            #expect(!second)  // a reservation is sold only once
            let levels = try await kernel.database.read(for: setup.scope) { try await StockQueries.levels(vendor: setup.scope.vendorId, variant: setup.variant, on: $0) }
            let warehouse = try #require(levels.first { $0.locationId == setup.warehouse })
            let stall = try #require(levels.first { $0.locationId == setup.stall })
            #expect((warehouse.onHandMilli, warehouse.reservedMilli) == (6_000, 0))
            #expect((stall.onHandMilli, stall.reservedMilli, stall.availableMilli) == (1_000, 0, 1_000))
            try await expectLedgerMatchesLevels(kernel, setup)
            let backlog = try await kernel.database.read { try await EventStore.backlog(on: $0) }
            // One commerce.stock.changed per movement that happened: receipt, transfer out and in, adjustment, reservation, sale.
            #expect(backlog.unfannedEvents == 6)
        }
    }

    @Test func fiftyConcurrentReservationsForTenAvailableYieldExactlyTen() async throws {
        try await TestKernel.with(modules: [CommerceModule()]) { kernel in
            let setup = try await setup(kernel)
            try await kernel.database.transaction(for: setup.scope) { tx in
                _ = try await StockLedger(vendor: setup.scope, actor: "test", now: Date()).receive(10_000, variant: setup.variant, at: setup.stall, on: tx)
            }
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        do {
                            _ = try await kernel.database.transaction(for: setup.scope) { tx in
                                try await StockLedger(vendor: setup.scope, actor: "test", now: Date())
                                    .reserve(1_000, variant: setup.variant, at: setup.stall, until: Date().addingTimeInterval(600), reference: "checkout \(index)", on: tx)
                            }
                            return true
                        } catch let problem as Problem where problem.code == "insufficient_stock" {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 10)
            let level = try await kernel.database.read(for: setup.scope) { try await StockQueries.levels(vendor: setup.scope.vendorId, variant: setup.variant, on: $0) }.first!
            #expect((level.onHandMilli, level.reservedMilli, level.availableMilli) == (10_000, 10_000, 0))
            try await expectLedgerMatchesLevels(kernel, setup)

            // Abandoned checkouts: the expiry job gives the stock back.
            let released = try await ReservationExpiry(kernel: kernel, interval: .seconds(30)).releaseExpired(now: Date().addingTimeInterval(601))
            #expect(released == 10)
            let after = try await kernel.database.read(for: setup.scope) { try await StockQueries.levels(vendor: setup.scope.vendorId, variant: setup.variant, on: $0) }.first!
            #expect(after.availableMilli == 10_000)
            try await expectLedgerMatchesLevels(kernel, setup)
        }
    }

    @Test func theStockAPIRecordsMovementsAndNamesBadInput() async throws {
        try await TestKernel.withClient(modules: [CommerceModule()]) { client, kernel in
            let setup = try await setup(kernel)
            try await Fixtures.user("owner@stock.test", membership: Membership(id: UUID.v7(), role: .vendorOwner, vendorId: setup.scope.vendorId), kernel: kernel)
            let owner = try await Fixtures.login(client, email: "owner@stock.test", password: Fixtures.password)
            let receipt = try await client.execute(uri: "/oms/api/v1/vendor/stock/movements", method: .post, headers: Fixtures.headers(owner),
                                                   body: Fixtures.json(#"{"kind": "receipt", "variant_id": "\#(setup.variant)", "location_id": "\#(setup.warehouse)", "quantity_milli": 24000}"#))
            #expect(receipt.status == .created)
            let noReason = try await client.execute(uri: "/oms/api/v1/vendor/stock/movements", method: .post, headers: Fixtures.headers(owner),
                                                    body: Fixtures.json(#"{"kind": "adjustment", "variant_id": "\#(setup.variant)", "location_id": "\#(setup.warehouse)", "quantity_milli": -1000}"#))
            #expect(noReason.status == .unprocessableContent)
            #expect(String(buffer: noReason.body).contains(#""field":"reason""#))
            let tooMuch = try await client.execute(uri: "/oms/api/v1/vendor/stock/movements", method: .post, headers: Fixtures.headers(owner),
                                                   body: Fixtures.json(#"{"kind": "transfer", "variant_id": "\#(setup.variant)", "location_id": "\#(setup.warehouse)", "to_location_id": "\#(setup.stall)", "quantity_milli": 99000}"#))
            #expect(tooMuch.status == .conflict)
            #expect(String(buffer: tooMuch.body).contains("insufficient_stock"))
            let unknown = try await client.execute(uri: "/oms/api/v1/vendor/stock/movements", method: .post, headers: Fixtures.headers(owner),
                                                   body: Fixtures.json(#"{"kind": "receipt", "variant_id": "\#(UUID())", "location_id": "\#(setup.warehouse)", "quantity_milli": 1000}"#))
            #expect(unknown.status == .notFound)
            let threshold = try await client.execute(uri: "/oms/api/v1/vendor/stock/levels/\(setup.variant)/\(setup.warehouse)/threshold", method: .put,
                                                     headers: Fixtures.headers(owner), body: Fixtures.json(#"{"low_stock_threshold_milli": 30000}"#))
            #expect(threshold.status == .ok)
            #expect(String(buffer: threshold.body).contains(#""is_low":true"#))
            let levels = try await client.execute(uri: "/oms/api/v1/vendor/stock/levels?variant_id=\(setup.variant)", method: .get, headers: Fixtures.headers(owner))
            #expect(String(buffer: levels.body).contains(#""available_milli":24000"#))
            let entries = try await client.execute(uri: "/oms/api/v1/vendor/stock/entries", method: .get, headers: Fixtures.headers(owner))
            #expect(String(buffer: entries.body).contains(#""kind":"receipt""#))
            #expect(String(buffer: entries.body).contains("owner@stock.test"))
        }
    }
}
