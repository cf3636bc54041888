import AgoraTesting
import Foundation
@testable import Kernel
import Testing

@Suite("Platforms as folders")
struct PlatformSyncTests {
    @Test func theRepositoryManifestsLoad() throws {
        let manifests = try PlatformManifest.loadAll(from: TestDatabases.root.appendingPathComponent("Platforms"))
        #expect(manifests.map(\.code) == ["loyalty", "oms"])
        let oms = try #require(manifests.last)
        #expect(oms.tiers.map(\.name) == ["Essential", "Professional", "Business", "Enterprise"])
        #expect(oms.tiers[0].monthlyPriceMinor == 4900)
        #expect(oms.tiers[0].limits["commerce.orders_per_month"] == 100)
        #expect(oms.tiers[0].limits["commerce.products"] == 200)
        #expect(oms.tiers[1].limits["commerce.orders_per_month"] == 500)
        #expect(oms.tiers[3].monthlyPriceMinor == nil)
    }

    @Test func syncIsIdempotentAndFirstStartKeepsAdminEdits() async throws {
        try await TestKernel.with { kernel in
            let manifests = try PlatformManifest.loadAll(from: TestDatabases.root.appendingPathComponent("Platforms"))
            let sync = PlatformSync(database: kernel.database, directory: kernel.platforms)
            // Boot already created both platforms; applying the same manifests changes nothing.
            #expect(try await sync.sync(manifests, mode: .apply) == PlatformSync.Report(created: [], updated: [], unchanged: ["loyalty", "oms"]))
            let tiers = try await kernel.database.read { try await TenancyStore.tiers(of: try await TenancyStore.platform(code: "oms", on: $0)!.id, on: $0) }
            #expect(tiers.map(\.code) == ["essential", "professional", "business", "enterprise"])
            #expect(tiers[1].limits["commerce.products"] == .some(nil))  // unlimited
            #expect(tiers[0].features.contains("invoicing.basic"))

            // An admin renames the platform: first start leaves it, an explicit sync restores the manifest.
            try await kernel.database.transaction { try await $0.sql.raw("UPDATE platforms SET name = 'Renamed' WHERE code = 'oms'").run() }
            #expect(try await sync.sync(manifests, mode: .createMissing).unchanged == ["loyalty", "oms"])
            #expect(try await Fixtures.platform("oms", kernel: kernel).name == "Renamed")
            #expect(try await sync.sync(manifests, mode: .apply).updated == ["oms"])
            #expect(try await Fixtures.platform("oms", kernel: kernel).name == "Agora OMS")
        }
    }

    @Test func invalidManifestsSayWhatIsWrong() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("platforms-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("market"), withIntermediateDirectories: true)
        try #"""
        {"code": "market", "name": "Market", "branding": {"primary_color": "red", "accent_color": "#000000"},
         "default_locale": "fr-LU", "default_currency": "EUR", "domains": [], "modules": [], "tiers": []}
        """#.write(to: folder.appendingPathComponent("market/platform.json"), atomically: true, encoding: .utf8)
        do {
            _ = try PlatformManifest.loadAll(from: folder)
            Issue.record("expected a manifest error")
        } catch let error as ManifestError {
            #expect(error.description.contains("primary_color"))
            #expect(error.description.contains("tiers is empty"))
        }
    }
}
