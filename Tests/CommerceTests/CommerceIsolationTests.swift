import AgoraTesting
@testable import Commerce
import Foundation
@testable import Kernel
import Testing

@Suite("Commerce isolation")
struct CommerceIsolationTests {
    @Test(.enabled(if: TestDatabases.kind == .postgres, "row-level security is a PostgreSQL feature"))
    func everyCommerceTableHidesOtherVendorsRows() async throws {
        try await TestKernel.with(modules: [CommerceModule()]) { kernel in
            struct Row: Decodable { let tablename: String; let rowsecurity: Bool; let forced: Bool }
            let tables = try await kernel.database.read { db in
                try await db.sql.raw("""
                    SELECT c.relname AS tablename, c.relrowsecurity AS rowsecurity, c.relforcerowsecurity AS forced
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname LIKE 'commerce\\_%'
                    """).rows(Row.self)
            }
            #expect(tables.count >= 12)
            for table in tables {
                #expect(table.rowsecurity && table.forced, "\(table.tablename) is not behind forced row-level security")
            }
            // An unfiltered query in vendor A's transaction sees none of vendor B's customers.
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            var ids: [UUID] = []
            for slug in ["iso-a", "iso-b"] {
                let vendor = try await kernel.database.transaction { tx -> UUID in
                    let now = Date()
                    let company = Company(id: UUID.v7(), name: slug, legalName: nil, addressLine1: nil, addressLine2: nil, postalCode: nil, city: nil,
                                          country: "LU", vatNumber: nil, email: nil, homePlatformId: oms.id, createdAt: now, updatedAt: now)
                    try await TenancyStore.save(company, isNew: true, on: tx)
                    let vendor = Vendor(id: UUID.v7(), companyId: company.id, slug: slug, name: slug, country: "LU", currency: "EUR", locale: "fr-LU",
                                        isActive: true, createdAt: now, updatedAt: now)
                    try await TenancyStore.save(vendor, isNew: true, on: tx)
                    try await CustomerStore.insert(Customer(id: UUID.v7(), vendorId: vendor.id, email: "x@\(slug).lu", firstName: "", lastName: "", phone: nil,
                                                            language: "fr", marketingConsent: false, marketingConsentAt: nil, companyName: nil, vatNumber: nil,
                                                            orderCount: 0, totalSpentMinor: 0, firstOrderAt: nil, lastOrderAt: nil, createdAt: now, updatedAt: now), on: tx)
                    return vendor.id
                }
                ids.append(vendor)
            }
            struct Email: Decodable { let email: String }
            let seen = try await kernel.database.transaction(forVendor: ids[0]) { try await $0.sql.raw("SELECT email FROM commerce_customers").rows(Email.self) }
            #expect(seen.map(\.email) == ["x@iso-a.lu"])
        }
    }
}
