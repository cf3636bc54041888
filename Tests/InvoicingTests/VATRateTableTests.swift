import Commerce
import Foundation
@testable import Invoicing
import Testing

@Suite("VAT rate table")
struct VATRateTableTests {
    static func day(_ text: String) -> Date { VATDay.parse(text)! }

    @Test("standard-rate changes by date (VAT.md)", arguments: [
        ("LU", "2023-12-31", 1600), ("LU", "2024-01-01", 1700), ("LU", "2026-11-21", 1700),
        ("EE", "2023-12-31", 2000), ("EE", "2024-01-01", 2200), ("EE", "2025-06-30", 2200),
        ("EE", "2025-07-01", 2400),
        ("FI", "2024-08-31", 2400), ("FI", "2024-09-01", 2550),
        ("SK", "2024-12-31", 2000), ("SK", "2025-01-01", 2300),
        ("RO", "2025-07-31", 1900), ("RO", "2025-08-01", 2100),
        ("DE", "2024-01-01", 1900), ("HU", "2026-11-21", 2700), ("DK", "2025-03-15", 2500),
        ("EL", "2025-03-15", 2400), ("GR", "2025-03-15", 2400),  // Greece by ISO code too
    ])
    func standardRateHistory(_ country: String, _ date: String, _ basisPoints: Int) {
        #expect(VATRateTable.seed.rate(country: country, class: .standard, on: Self.day(date))?.basisPoints == basisPoints)
    }

    /// First reduced = reduced; parking, else the second reduced = intermediate.
    @Test("classes from the CSV columns", arguments: [
        ("LU", VATRateClass.reduced, 800), ("LU", .intermediate, 1400), ("LU", .superReduced, 300),
        ("FI", .reduced, 1000), ("FI", .intermediate, 1350),
        ("FR", .reduced, 550), ("FR", .intermediate, 1000), ("FR", .superReduced, 210),
        ("AT", .reduced, 1000), ("AT", .intermediate, 1300),
        ("IE", .reduced, 900), ("IE", .intermediate, 1350), ("IE", .superReduced, 480),
        ("MT", .reduced, 500), ("MT", .intermediate, 700),
        ("DE", .reduced, 700), ("SI", .intermediate, 950),
        ("XI", .standard, 2000), ("XI", .reduced, 500),
        ("DK", .zero, 0), ("LU", .zero, 0), ("XI", .zero, 0),
    ])
    func classes(_ country: String, _ rateClass: VATRateClass, _ basisPoints: Int) {
        #expect(VATRateTable.seed.rate(country: country, class: rateClass, on: Self.day("2026-11-21"))?.basisPoints == basisPoints)
    }

    @Test("no rate: a class the country lacks, a day before the table, an unknown country", arguments: [
        ("DK", VATRateClass.reduced, "2026-11-21"), ("DE", .superReduced, "2026-11-21"), ("DE", .intermediate, "2026-11-21"),
        ("DE", .standard, "2023-12-31"), ("US", .standard, "2026-11-21"),
    ])
    func noRate(_ country: String, _ rateClass: VATRateClass, _ date: String) {
        #expect(VATRateTable.seed.rate(country: country, class: rateClass, on: Self.day(date)) == nil)
    }

    @Test func everyMemberStateHasAStandardRate() {
        for country in VATCountry.memberStates {
            #expect(VATRateTable.seed.rate(country: country, class: .standard, on: Self.day("2026-11-21")) != nil, "\(country)")
        }
    }

    @Test("rates parse to basis points", arguments: [
        ("17", 1700, nil), ("25.5", 2550, nil), ("5.5", 550, nil), ("2.1", 210, nil), ("13.50", 1350, nil), ("0", 0, nil),
        ("4.9(from 2026-07-01 basic foods)", 490, "2026-07-01"),
    ] as [(String, Int, String?)])
    func parseRate(_ text: String, _ basisPoints: Int, _ starts: String?) {
        let parsed = VATRateTable.parseRate(text[...])
        #expect(parsed?.0 == basisPoints)
        #expect(parsed?.1 == starts.map(Self.day))
    }

    @Test("unreadable rates are refused", arguments: ["", "abc", "17.555", "1.2.3", "-5", "101"])
    func badRate(_ text: String) {
        #expect(VATRateTable.parseRate(text[...]) == nil)
    }

    @Test func csvErrorsNameTheLine() {
        let header = "cc,standard,reduced,super_reduced,parking,changes,notes,confidence\n"
        #expect(throws: VATRateTableError(line: 2, message: "LU standard rate \"seventeen\" is not a percentage")) {
            try VATRateTable.parse(csv: header + "LU,seventeen,8,3,14,,,high\n", from: Self.day("2024-01-01"))
        }
        #expect(throws: VATRateTableError(line: 2, message: "7 fields, expected 8")) {
            try VATRateTable.parse(csv: header + "LU,17,8,3,14,,\n", from: Self.day("2024-01-01"))
        }
        #expect(throws: VATRateTableError(line: 1, message: "no parking column")) {
            try VATRateTable.parse(csv: "cc,standard,reduced,super_reduced\n", from: Self.day("2024-01-01"))
        }
        // The CSV and the history must agree on today's standard rate.
        #expect(throws: VATRateTableError(line: 0, message: "LU standard rate 16 % disagrees with its history (17 %)")) {
            try VATRateTable.seed(csv: header + "LU,16,8,3,14,,,high\nEE,24,,,,,,\nFI,25.5,,,,,,\nSK,23,,,,,,\nRO,21,,,,,,\n")
        }
    }

    @Test func quotedFieldsKeepTheirCommas() {
        #expect(VATRateTable.splitCSVLine(#"EE,24,9;13,,,"20->22, then 24","say ""hi""",high"#)
                == ["EE", "24", "9;13", "", "", "20->22, then 24", #"say "hi""#, "high"])
    }

    @Test func addingARateClosesThePreviousOne() {
        let table = VATRateTable.seed.adding(VATRate(country: "LU", rateClass: .standard, basisPoints: 1800, effectiveFrom: Self.day("2027-01-01")))
        #expect(table.rate(country: "LU", class: .standard, on: Self.day("2026-12-31"))?.basisPoints == 1700)
        #expect(table.rate(country: "LU", class: .standard, on: Self.day("2027-01-01"))?.basisPoints == 1800)
        #expect(table.rate(country: "LU", class: .standard, on: Self.day("2026-12-31"))?.effectiveUntil == Self.day("2027-01-01"))
    }

    @Test("percent text", arguments: [(1700, "17"), (2550, "25.5"), (210, "2.1"), (1350, "13.5"), (0, "0"), (1234, "12.34")])
    func percent(_ basisPoints: Int, _ text: String) {
        #expect(VATRate(country: "LU", rateClass: .standard, basisPoints: basisPoints, effectiveFrom: Self.day("2024-01-01")).percent == text)
    }

    @Test("days are midnight UTC", arguments: [
        ("1970-01-01", 0.0), ("2024-01-01", 1_704_067_200.0), ("2024-02-29", 1_709_164_800.0),
    ])
    func days(_ text: String, _ seconds: Double) {
        #expect(VATDay.parse(text)?.timeIntervalSince1970 == seconds)
    }

    @Test("impossible days are refused", arguments: ["2023-02-29", "2024-13-01", "2024-1-01", "24-01-01", "2024-01-32"])
    func badDays(_ text: String) {
        #expect(VATDay.parse(text) == nil)
    }
}
