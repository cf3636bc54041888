import AgoraTesting
@testable import Commerce
import Foundation
@testable import Kernel
import Testing

@Suite("Demo data")
struct DemoTests {
    @Test func theDemoSeedsALivingShopAndIsIdempotent() async throws {
        try await TestKernel.with(modules: [CommerceModule()]) { kernel in
            let logins = try await CommerceDemo.seed(kernel: kernel)
            _ = try await CommerceDemo.seed(kernel: kernel)
            #expect(logins == ["Ferme Schmit: owner@ferme-schmit.demo / demo-password-1", "Kaffi Roaster: owner@kaffi-roaster.demo / demo-password-1"])
            struct Count: Decodable { let count: Int }
            struct Status: Decodable { let status: String }
            let (products, orders, customers, byWeight) = try await kernel.database.read { db in
                (try await db.sql.raw("SELECT COUNT(*) AS count FROM commerce_products").row(Count.self)!.count,
                 try await db.sql.raw("SELECT status FROM commerce_orders").rows(Status.self).map(\.status),
                 try await db.sql.raw("SELECT COUNT(*) AS count FROM commerce_customers").row(Count.self)!.count,
                 try await db.sql.raw("SELECT COUNT(*) AS count FROM commerce_products WHERE weight_unit IS NOT NULL").row(Count.self)!.count)
            }
            #expect(products == 6)
            #expect(byWeight == 2)
            #expect(customers == 8)  // three per shop, and one shop customer each
            #expect(orders.count == 12)
            #expect(Set(orders) == ["pending", "confirmed", "shipped", "delivered", "cancelled"])
            let (webOrders, payments, purchaseOrders) = try await kernel.database.read { db in
                (try await db.sql.raw("SELECT COUNT(*) AS count FROM commerce_orders WHERE channel = 'web'").row(Count.self)!.count,
                 try await db.sql.raw("SELECT COUNT(*) AS count FROM commerce_payments WHERE status = 'pending'").row(Count.self)!.count,
                 try await db.sql.raw("SELECT status FROM commerce_purchase_orders").rows(Status.self).map(\.status))
            }
            #expect(webOrders == 2)
            #expect(payments == 2)
            #expect(purchaseOrders == ["ordered"])  // only the Professional shop has purchase orders
            _ = try await kernel.logins.login(email: "owner@ferme-schmit.demo", password: CommerceDemo.password, address: "test", userAgent: nil)
        }
    }
}
