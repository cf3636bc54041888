import Foundation
import Kernel
import Testing

@Suite("Feature rules")
struct FeatureRulesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let inputs: FeatureInputs
        let expected: FeatureDecision
        var testDescription: String { name }
    }

    static let base = FeatureInputs(offeredModules: ["invoicing"], tierFeatures: ["invoicing.basic"])

    static func with(_ change: (inout FeatureInputs) -> Void) -> FeatureInputs {
        var inputs = base
        change(&inputs)
        return inputs
    }

    @Test("decides invoicing.eu_vat", arguments: [
        Case(name: "not in tier", inputs: base, expected: .notInTier),
        Case(name: "in tier", inputs: with { $0.tierFeatures.insert("invoicing.eu_vat") }, expected: .available),
        Case(name: "granted outside the tier", inputs: with { $0.grants = ["invoicing.eu_vat"] }, expected: .available),
        Case(name: "in tier but revoked", inputs: with { $0.tierFeatures.insert("invoicing.eu_vat"); $0.revokes = ["invoicing.eu_vat"] }, expected: .revoked),
        Case(name: "granted and revoked: revoke wins", inputs: with { $0.grants = ["invoicing.eu_vat"]; $0.revokes = ["invoicing.eu_vat"] }, expected: .revoked),
        Case(name: "switched off by the platform", inputs: with { $0.tierFeatures.insert("invoicing.eu_vat"); $0.switchedOff = ["invoicing.eu_vat"] }, expected: .switchedOff),
        Case(name: "switched off beats a grant", inputs: with { $0.grants = ["invoicing.eu_vat"]; $0.switchedOff = ["invoicing.eu_vat"] }, expected: .switchedOff),
        Case(name: "module not offered", inputs: with { $0.offeredModules = ["commerce"]; $0.tierFeatures.insert("invoicing.eu_vat") }, expected: .moduleNotOffered),
        Case(name: "cancelled subscription", inputs: with { $0.tierFeatures.insert("invoicing.eu_vat"); $0.subscriptionActive = false }, expected: .subscriptionInactive),
    ])
    func decides(_ c: Case) {
        #expect(FeatureRules.decide("invoicing.eu_vat", c.inputs) == c.expected)
    }

    @Test func modulesOfFeatureCodes() {
        #expect(FeatureRules.module(of: "invoicing.eu_vat") == "invoicing")
        #expect(FeatureRules.module(of: "pos") == "pos")
        #expect(FeatureRules.module(of: "cms.custom_pages") == "cms")
    }

    @Test("monthly periods are calendar months in UTC", arguments: [
        ("2026-11-21T10:00:00Z", "2026-11", "2026-12-01T00:00:00Z"),
        ("2026-12-31T23:59:59Z", "2026-12", "2027-01-01T00:00:00Z"),
        ("2028-02-29T12:00:00Z", "2028-02", "2028-03-01T00:00:00Z"),
    ])
    func monthlyPeriods(_ now: String, _ key: String, _ end: String) throws {
        let formatter = ISO8601DateFormatter()
        let period = UsageMeter.period(.month, at: try #require(formatter.date(from: now)))
        #expect(period.key == key)
        #expect(period.end == formatter.date(from: end))
        #expect(UsageMeter.period(.none, at: Date()).key == "all")
    }
}
