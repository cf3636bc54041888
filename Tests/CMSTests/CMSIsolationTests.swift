import AgoraTesting
@testable import CMS
import Commerce
import Foundation
@testable import Kernel
import Testing

@Suite("CMS pages in the database: uniqueness with no vendor, row-level security")
struct CMSIsolationTests {
    static func vendor(_ slug: String, platform: UUID, kernel: KernelServices) async throws -> UUID {
        try await Fixtures.vendor(slug, platform: platform, kernel: kernel)
    }

    static func page(_ platform: UUID, vendor: UUID?, slug: String, locale: String = "fr", marketing: Bool = false) -> ContentPage {
        ContentPage(id: UUID.v7(), platformId: platform, vendorId: vendor, slug: slug, locale: locale, title: slug, isPlatformPage: marketing, updatedAt: Date())
    }

    @Test func onePagePerSlugLocaleAndOwnerEvenWithoutAVendor() async throws {
        try await TestKernel.with(modules: [CommerceModule(), CMSModule()]) { kernel in
            let oms = try await Fixtures.platform("oms", kernel: kernel).id
            let loyalty = try await Fixtures.platform("loyalty", kernel: kernel).id
            let a = try await Self.vendor("uniq-a", platform: oms, kernel: kernel)
            let b = try await Self.vendor("uniq-b", platform: oms, kernel: kernel)
            let db = kernel.database
            let now = Date()
            // Allowed side by side: a default, a marketing page, two vendors' overrides, another locale, another platform.
            for page in [Self.page(oms, vendor: nil, slug: "about"), Self.page(oms, vendor: nil, slug: "about", marketing: true),
                         Self.page(oms, vendor: a, slug: "about"), Self.page(oms, vendor: b, slug: "about"),
                         Self.page(oms, vendor: nil, slug: "about", locale: "de"), Self.page(loyalty, vendor: nil, slug: "about")] {
                try await db.transaction { try await PageStore.insert(page, now: now, on: $0) }
            }
            // Refused: a second default, a second marketing page, a second override of one vendor.
            for page in [Self.page(oms, vendor: nil, slug: "about"), Self.page(oms, vendor: nil, slug: "about", marketing: true),
                         Self.page(oms, vendor: a, slug: "about")] {
                await #expect(throws: Kernel.Problem.self) {
                    try await db.transaction { try await PageStore.insert(page, now: now, on: $0) }
                }
            }
            // A row claiming a vendor and a platform page is refused by the table itself.
            await #expect(throws: (any Error).self) {
                try await db.transaction { try await PageStore.insert(Self.page(oms, vendor: a, slug: "odd", marketing: true), now: now, on: $0) }
            }
        }
    }

    @Test(.enabled(if: TestDatabases.kind == .postgres, "row-level security is a PostgreSQL feature"))
    func aVendorReadsItsPagesAndThePlatformsButWritesOnlyItsOwn() async throws {
        try await TestKernel.with(modules: [CommerceModule(), CMSModule()]) { kernel in
            struct Table: Decodable { let relrowsecurity: Bool; let relforcerowsecurity: Bool }
            let db = kernel.database
            let table = try await db.read {
                try await $0.sql.raw("SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = 'cms_pages' AND relkind = 'r'").row(Table.self)
            }
            #expect(table?.relrowsecurity == true && table?.relforcerowsecurity == true)

            let oms = try await Fixtures.platform("oms", kernel: kernel).id
            let a = try await Self.vendor("iso-a", platform: oms, kernel: kernel)
            let b = try await Self.vendor("iso-b", platform: oms, kernel: kernel)
            let now = Date()
            let platformPage = Self.page(oms, vendor: nil, slug: "shipping")
            try await db.transaction { tx in
                for page in [platformPage, Self.page(oms, vendor: nil, slug: "home", marketing: true),
                             Self.page(oms, vendor: a, slug: "a-story"), Self.page(oms, vendor: b, slug: "b-story")] {
                    try await PageStore.insert(page, now: now, on: tx)
                }
            }
            struct Slug: Decodable { let slug: String }
            // An unfiltered query in A's transaction: A's pages and the platform's, never B's.
            let seen = try await db.transaction(forVendor: a) { try await $0.sql.raw("SELECT slug FROM cms_pages ORDER BY slug").rows(Slug.self) }
            #expect(seen.map(\.slug) == ["a-story", "home", "shipping"])
            // A cannot change or delete the platform's pages, nor write a page for B.
            try await db.transaction(forVendor: a) { tx in
                try await tx.sql.raw("UPDATE cms_pages SET title = 'hacked' WHERE vendor_id IS NULL").run()
                try await tx.sql.raw("DELETE FROM cms_pages WHERE vendor_id IS NULL").run()
            }
            let still = try await db.read { try await PageStore.platformPages(oms, on: $0) }
            #expect(still.count == 2)
            #expect(still.allSatisfy { $0.title != "hacked" })
            await #expect(throws: (any Error).self) {
                try await db.transaction(forVendor: a) { try await PageStore.insert(Self.page(oms, vendor: b, slug: "forged"), now: now, on: $0) }
            }
            await #expect(throws: (any Error).self) {
                try await db.transaction(forVendor: a) { try await PageStore.insert(Self.page(oms, vendor: nil, slug: "forged"), now: now, on: $0) }
            }
        }
    }
}
