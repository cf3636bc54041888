@testable import CMS
import Foundation
import Kernel
import Testing

@Suite("CMS tiers")
struct CMSTiersTests {
    static let defaults: Set<String> = ["about", "shipping", "returns", "terms"]

    @Test("an override of a default page is not custom; a new slug is", arguments: [
        ("about", false), ("About", false), ("/shipping/", false), (" returns ", false),
        ("faq", true), ("about-us", true), ("lookbook", true),
        ("privacy", true),  // a marketing page's slug is not a default offered to vendors
    ])
    func isCustom(_ slug: String, _ custom: Bool) {
        #expect(CustomPageRule.isCustom(slug: slug, vendorDefaults: Self.defaults) == custom)
        #expect(CustomPageRule.requiredFeature(slug: slug, vendorDefaults: Self.defaults)
                == (custom ? "cms.custom_pages" : "cms.basic"))
    }

    @Test("a platform without default pages makes every vendor page custom")
    func noDefaults() {
        #expect(CustomPageRule.isCustom(slug: "about", vendorDefaults: []))
    }

    @Test("defaults stored with another spelling still match")
    func defaultsSpelling() {
        #expect(!CustomPageRule.isCustom(slug: "about", vendorDefaults: ["/About"]))
    }

    @Test("the codes the manifests and the gate use")
    func codes() {
        #expect(CMSTiers.basicFeature == "cms.basic")
        #expect(CMSTiers.customPagesFeature == "cms.custom_pages")
        #expect(CMSTiers.customPagesLimit == "cms.custom_pages")
        #expect(CMSTiers.features.map(\.code) == ["cms.basic", "cms.custom_pages"])
        #expect(CMSTiers.limits == [LimitDeclaration(key: "cms.custom_pages", name: "Custom pages", period: .none)])
    }

    struct Manifest: Decodable {
        struct Tier: Decodable {
            var code: String
            var limits: [String: Int?]
            var features: [String]
        }
        var code: String
        var modules: [String]
        var tiers: [Tier]
    }

    /// The shipped platforms follow the rule: overrides on every tier, custom pages from the
    /// second tier (Professional, Growth) with a limit, and a limit of 0 where the feature is absent.
    @Test("every platform offering the CMS tiers it as the module expects", arguments: ["oms", "loyalty"])
    func manifests(_ code: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Platforms/\(code)/platform.json")
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: url))
        #expect(manifest.modules.contains("cms"))
        for (position, tier) in manifest.tiers.enumerated() {
            #expect(tier.features.contains(CMSTiers.basicFeature), "\(tier.code)")
            let offersCustom = tier.features.contains(CMSTiers.customPagesFeature)
            #expect(offersCustom == (position > 0), "\(tier.code)")
            let limit = try #require(tier.limits[CMSTiers.customPagesLimit], "\(tier.code) declares no cms.custom_pages limit")
            #expect(offersCustom ? (limit == nil || limit! > 0) : limit == 0, "\(tier.code)")
        }
    }
}
