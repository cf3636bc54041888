@testable import Invoicing
import Testing

@Suite("Invoice totals (EN 16931)")
struct InvoiceTotalsTests {
    typealias Line = InvoiceTotals.Line

    /// `quantity` in milli-units, `price` in 1/10,000 of the currency unit.
    static func line(_ quantity: Int, _ price: Int, _ category: VATCategory, _ basisPoints: Int) -> Line {
        Line(quantityMilli: quantity, unitPrice: UnitPrice(tenThousandths: price), category: category, basisPoints: basisPoints)
    }

    /// A standard-rated (`S`) line.
    static func line(_ quantity: Int, _ price: Int, _ basisPoints: Int) -> Line {
        line(quantity, price, .standard, basisPoints)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var gross = false
        var lines: [Line]
        /// Expected line nets, groups (category, rate, taxable, VAT) and totals, in cents.
        var lineNets: [Int]
        var groups: [(VATCategory, Int, Int, Int)]
        var net: Int, tax: Int, total: Int
        var rounding = 0
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "one line at 17 %", lines: [line(3000, 199_900, 1700)], lineNets: [5997],
             groups: [(.standard, 1700, 5997, 1019)], net: 5997, tax: 1019, total: 7016),
        Case(name: "a unit price with four decimals", lines: [line(3000, 3333, 1700)], lineNets: [100],
             groups: [(.standard, 1700, 100, 17)], net: 100, tax: 17, total: 117),
        Case(name: "half a cent rounds away from zero", lines: [line(1000, 50, 1700)], lineNets: [1],
             groups: [(.standard, 1700, 1, 0)], net: 1, tax: 0, total: 1),
        Case(name: "just under half a cent rounds down", lines: [line(1000, 49, 1700)], lineNets: [0],
             groups: [(.standard, 1700, 0, 0)], net: 0, tax: 0, total: 0),
        Case(name: "by weight: 1.25 kg at 24.00/kg", lines: [line(1250, 240_000, 300)], lineNets: [3000],
             groups: [(.standard, 300, 3000, 90)], net: 3000, tax: 90, total: 3090),
        Case(name: "LU multi-rate invoice",
             lines: [line(2000, 100_000, 1700), line(1000, 55_000, 800), line(3000, 19_900, 300), line(1000, 40_000, .zeroRated, 0)],
             lineNets: [2000, 550, 597, 400],
             groups: [(.standard, 1700, 2000, 340), (.standard, 800, 550, 44), (.standard, 300, 597, 18), (.zeroRated, 0, 400, 0)],
             net: 3547, tax: 402, total: 3949),
        // Per line, 0.005 VAT rounds up three times (0.03); once over the group it is 0.015 → 0.02.
        Case(name: "VAT is rounded per group, not per line (BR-CO-17)",
             lines: [line(1000, 500, 1000), line(1000, 500, 1000), line(1000, 500, 1000)], lineNets: [5, 5, 5],
             groups: [(.standard, 1000, 15, 2)], net: 15, tax: 2, total: 17),
        Case(name: "lines of one rate anywhere in the invoice share a group",
             lines: [line(1000, 100_000, 2100), line(1000, 50_000, 600), line(1000, 100_050, 2100)], lineNets: [1000, 500, 1001],
             groups: [(.standard, 2100, 2001, 420), (.standard, 600, 500, 30)], net: 2501, tax: 450, total: 2951),
        Case(name: "exempt intra-Community lines carry no VAT", lines: [line(10_000, 1_000_000, .intraCommunity, 0)], lineNets: [100_000],
             groups: [(.intraCommunity, 0, 100_000, 0)], net: 100_000, tax: 0, total: 100_000),
        Case(name: "a credit note mirrors its invoice", lines: [line(-3000, 199_900, 1700)], lineNets: [-5997],
             groups: [(.standard, 1700, -5997, -1019)], net: -5997, tax: -1019, total: -7016),
        Case(name: "a discount line reduces its group", lines: [line(1000, 100_000, 2000), line(1000, -15_000, 2000)], lineNets: [1000, -150],
             groups: [(.standard, 2000, 850, 170)], net: 850, tax: 170, total: 1020),
        Case(name: "amounts beyond 64-bit intermediate products", lines: [line(2_000_000_000, 50_000_000_000, 1700)],
             lineNets: [1_000_000_000_000_000], groups: [(.standard, 1700, 1_000_000_000_000_000, 170_000_000_000_000)],
             net: 1_000_000_000_000_000, tax: 170_000_000_000_000, total: 1_170_000_000_000_000),
        Case(name: "empty invoice", lines: [], lineNets: [], groups: [], net: 0, tax: 0, total: 0),

        // Prices that include VAT.
        Case(name: "gross: 11.70 at 17 % is 10.00 + 1.70", gross: true, lines: [line(1000, 117_000, 1700)], lineNets: [1000],
             groups: [(.standard, 1700, 1000, 170)], net: 1000, tax: 170, total: 1170),
        Case(name: "gross: three lines share the group's net, adding up", gross: true,
             lines: [line(1000, 10_000, 2100), line(1000, 10_000, 2100), line(1000, 10_000, 2100)], lineNets: [82, 83, 83],
             groups: [(.standard, 2100, 248, 52)], net: 248, tax: 52, total: 300),
        Case(name: "gross: FR multi-rate basket", gross: true, lines: [line(2000, 59_900, 2000), line(1000, 34_900, 550)],
             lineNets: [998, 331], groups: [(.standard, 2000, 998, 200), (.standard, 550, 331, 18)], net: 1329, tax: 218, total: 1547),
        // No net amount n has n + round(n × 20 %) = 9 cents (7 → 8, 8 → 10): BT-114 keeps the amount due at 0.09.
        Case(name: "gross: an unreachable total goes to the rounding amount", gross: true, lines: [line(1000, 900, 2000)], lineNets: [8],
             groups: [(.standard, 2000, 8, 2)], net: 8, tax: 2, total: 10, rounding: -1),
        Case(name: "gross: zero-rated lines are their own net", gross: true, lines: [line(2000, 12_345, .zeroRated, 0)], lineNets: [247],
             groups: [(.zeroRated, 0, 247, 0)], net: 247, tax: 0, total: 247),
        Case(name: "gross: by weight at 25.5 %", gross: true, lines: [line(333, 100_000, 2550)], lineNets: [265],
             groups: [(.standard, 2550, 265, 68)], net: 265, tax: 68, total: 333),
    ]

    @Test("totals", arguments: cases)
    func totals(_ testCase: Case) throws {
        let totals = try InvoiceTotals(lines: testCase.lines, pricesIncludeVAT: testCase.gross)
        #expect(totals.lines.map(\.netCents) == testCase.lineNets)
        #expect(totals.vatGroups.map { "\($0.category.rawValue) \($0.basisPoints) \($0.taxableCents) \($0.taxCents)" }
                == testCase.groups.map { "\($0.0.rawValue) \($0.1) \($0.2) \($0.3)" })
        #expect(totals.netTotalCents == testCase.net)
        #expect(totals.taxTotalCents == testCase.tax)
        #expect(totals.grossTotalCents == testCase.total)
        #expect(totals.roundingCents == testCase.rounding)
        // BR-CO-10, BR-CO-14, BR-CO-15, BT-115; and, with VAT-inclusive prices, what the shop showed is what is due.
        #expect(totals.lines.map(\.netCents).reduce(0, +) == totals.netTotalCents)
        #expect(totals.vatGroups.map(\.taxableCents).reduce(0, +) == totals.netTotalCents)
        #expect(totals.vatGroups.map(\.taxCents).reduce(0, +) == totals.taxTotalCents)
        #expect(totals.grossTotalCents == totals.netTotalCents + totals.taxTotalCents)
        #expect(totals.payableCents == totals.grossTotalCents + totals.roundingCents)
        if testCase.gross {
            #expect(totals.payableCents == totals.lines.compactMap(\.grossCents).reduce(0, +))
        }
    }

    /// Every gross basket of 1 to 3 lines from 0.01 to 2.00 at common rates: line nets add up,
    /// VAT is BR-CO-17 exact, and the rounding amount is at most a cent.
    @Test("gross prices never drift more than a cent", arguments: [2000, 2100, 1700, 550, 2550, 300])
    func grossSweep(_ basisPoints: Int) throws {
        for first in stride(from: 1, through: 200, by: 1) {
            for second in [0, 1, 7, 99, 150] {
                let lines = [first, second].filter { $0 > 0 }.map { Self.line(1000, $0 * 100, basisPoints) }
                let totals = try InvoiceTotals(lines: lines, pricesIncludeVAT: true)
                let group = try #require(totals.vatGroups.first)
                #expect(group.taxCents == Rounding.tax(on: group.taxableCents, basisPoints: basisPoints))
                #expect(totals.lines.map(\.netCents).reduce(0, +) == group.taxableCents)
                #expect(abs(totals.roundingCents) <= 1)
                #expect(totals.payableCents == first + second)
            }
        }
    }

    @Test func grossPricesGiveNetUnitPrices() throws {
        let totals = try InvoiceTotals(lines: [Self.line(1000, 117_000, 1700), Self.line(1000, 19_990, 2000)], pricesIncludeVAT: true)
        #expect(totals.lines.map(\.netUnitPrice.tenThousandths) == [100_000, 16_658])  // 11.70 / 1.17; 1.999 / 1.2 = 1.66583…
        #expect(totals.lines.map(\.grossCents) == [1170, 200])
    }

    @Test("inconsistent lines are refused", arguments: [
        (line(1000, 100, .standard, 0), "line 1: category S needs a rate above 0 (use Z for zero-rated goods)"),
        (line(1000, 100, .intraCommunity, 1700), "line 1: category K has rate 0, not 1700 basis points"),
        (line(1000, 100, .export, 2000), "line 1: category G has rate 0, not 2000 basis points"),
        (line(1000, 100, .standard, 10_000), "line 1: rate 10000 basis points is not between 0 and 100 %"),
        (line(1000, 100, .standard, -5), "line 1: rate -5 basis points is not between 0 and 100 %"),
    ])
    func refused(_ line: Line, _ message: String) {
        #expect(throws: (any Error).self) { try InvoiceTotals(lines: [line], pricesIncludeVAT: false) }
        do {
            _ = try InvoiceTotals(lines: [line], pricesIncludeVAT: false)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("half away from zero, both signs", arguments: [
        (15, 10, 2), (-15, 10, -2), (14, 10, 1), (-14, 10, -1), (5, 10, 1), (-5, 10, -1), (0, 7, 0),
    ] as [(Int, Int, Int)])
    func rounding(_ numerator: Int, _ denominator: Int, _ expected: Int) {
        #expect(Rounding.divide(Int128(numerator), by: Int128(denominator)) == expected)
    }

    @Test func unitPricesFromMinorUnits() {
        #expect(UnitPrice(minor: 1999).tenThousandths == 199_900)
    }
}
