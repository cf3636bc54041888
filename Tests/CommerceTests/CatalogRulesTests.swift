@testable import Commerce
import Testing

@Suite("Catalog rules")
struct CatalogRulesTests {
    @Test("GTIN check digits", arguments: [
        ("4006381333931", true), ("4006381333932", false),    // EAN-13
        ("036000291452", true), ("036000291453", false),      // UPC-A
        ("96385074", true), ("96385075", false),              // EAN-8
        ("00012345600012", true), ("00012345600013", false),  // GTIN-14
        ("12345678905", false),                               // 11 digits: no such GTIN
        ("40063813339A1", false), ("", false), ("4006 381333931", false),
    ])
    func gtin(_ code: String, _ valid: Bool) {
        #expect(GTIN.isValid(code) == valid)
    }

    @Test("weight prices round half up to the cent", arguments: [
        (1250, 2400, 3000),   // 1.25 kg at 24.00 €/kg
        (333, 1000, 333),     // 333 g at 10.00 €/kg
        (1, 499, 0),          // 0.499 cent rounds down
        (1, 500, 1),          // 0.5 cent rounds up
        (0, 2400, 0),
    ])
    func weightPrices(_ milli: Int, _ perKg: Int, _ expected: Int) {
        #expect(WeightPricing.price(forMilli: milli, pricePerUnitMinor: perKg) == expected)
    }

    @Test func minimumsStepsTareAndEstimates() {
        let cheese = WeightPricing(unit: .kg, minimumMilli: 200, stepMilli: 50, averageUnitWeightMilli: 450, tareMilli: 15)
        #expect(cheese.problem(with: 150) != nil)
        #expect(cheese.problem(with: 200) == nil)
        #expect(cheese.problem(with: 250) == nil)
        #expect(cheese.problem(with: 260) != nil)
        #expect(cheese.net(grossMilli: 465) == 450)
        #expect(cheese.net(grossMilli: 10) == 0)
        #expect(cheese.estimatedPrice(pieces: 2, pricePerUnitMinor: 3200) == 2880)  // 0.9 kg at 32 €/kg
        #expect(WeightPricing(unit: .lb, minimumMilli: 0, stepMilli: 0).problems().map(\.field) == ["weight.minimum_milli", "weight.step_milli"])
    }
}
