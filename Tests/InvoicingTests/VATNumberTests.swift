import Foundation
@testable import Invoicing
import Testing

/// Real numbers from python-stdnum's test suite and docstrings (tests/test_eu_vat.doctest,
/// stdnum/<country>/…), and the same numbers with a check digit changed.
@Suite("VAT numbers")
struct VATNumberTests {
    static let valid: [(input: String, normalized: String)] = [
        ("ATU13585627", "ATU13585627"), ("ATU 142 43 102", "ATU14243102"), ("ATU46080404", "ATU46080404"),
        ("BE0428759497", "BE0428759497"), ("BE 0402 918 402", "BE0402918402"), ("BE697449992", "BE0697449992"),
        ("BG175074752", "BG175074752"), ("BG 103873594", "BG103873594"),
        ("BG7523169263", "BG7523169263"),  // a person's EGN
        ("BG7111042925", "BG7111042925"),  // a foreigner's PNF
        ("CY-10259033P", "CY10259033P"), ("CY 10246672X", "CY10246672X"),
        ("CZ 25123891", "CZ25123891"), ("CZ 640903926", "CZ640903926"),  // company; person without birth number
        ("CZ7103192745", "CZ7103192745"), ("CZ 736028/5163", "CZ7360285163"),  // birth numbers
        ("DE136695976", "DE136695976"), ("DE 811 363 057", "DE811363057"),
        ("DK 13585628", "DK13585628"), ("DK: 21599336", "DK21599336"),
        ("EE100594102", "EE100594102"), ("EE 100 931 558", "EE100931558"),
        ("EL 094259216", "EL094259216"), ("EL 94051189", "EL094051189"), ("GR 094259216", "EL094259216"),
        ("ES B64717838", "ESB64717838"), ("ES 54362315K", "ES54362315K"), ("ES X-5253868-R", "ESX5253868R"),
        ("ES Q-2818015-F", "ESQ2818015F"), ("ESA78109592", "ESA78109592"),
        ("FI 20774740", "FI20774740"), ("FI 0982651-1", "FI09826511"),
        ("FR 40 303 265 045", "FR40303265045"), ("FR K 7399859412", "FRK7399859412"), ("FR4Z123456782", "FR4Z123456782"),
        ("FR32000000330", "FR32000000330"),  // Monaco: no SIREN
        ("HR33392005961", "HR33392005961"),
        ("HU-12892312", "HU12892312"), ("HU 10672101", "HU10672101"),
        ("IE 6433435F", "IE6433435F"), ("IE8D79739I", "IE8D79739I"), ("IE6433435IH", "IE6433435IH"), ("IE 9Y71814N", "IE9Y71814N"),
        ("IT 00743110157", "IT00743110157"), ("IT 01413270396", "IT01413270396"),
        ("LT119511515", "LT119511515"), ("LT 100001919017", "LT100001919017"), ("LT100004801610", "LT100004801610"),
        ("LU 150 274 42", "LU15027442"), ("LU 10059929", "LU10059929"),
        ("LV 4000 3521 600", "LV40003521600"), ("LV161175-19997", "LV16117519997"),  // company; person
        ("MT 1167-9112", "MT11679112"), ("MT 20630321", "MT20630321"),
        ("NL004495445B01", "NL004495445B01"), ("NL4495445B01", "NL004495445B01"),
        ("NL002455799B11", "NL002455799B11"),  // sole trader, MOD 97-10
        ("PL 8567346215", "PL8567346215"), ("PL 584-030-44-72", "PL5840304472"),
        ("PT 501 964 843", "PT501964843"), ("PT 502448911", "PT502448911"),
        ("RO 185 472 90", "RO18547290"), ("RO 573768", "RO573768"), ("RO 1630615123457", "RO1630615123457"),
        ("SE 123456789701", "SE123456789701"), ("SE 556058115801", "SE556058115801"),
        ("SI 5022 3054", "SI50223054"), ("SI 26808498", "SI26808498"),
        ("SK 202 274 96 19", "SK2022749619"), ("SK 1078449064", "SK1078449064"),
        ("XI 980 7806 84", "XI980780684"), ("XI340804329", "XI340804329"), ("XIGD001", "XIGD001"), ("XIHA500", "XIHA500"),
        ("EU 372022452", "EU372022452"),
    ]

    @Test("known-valid numbers pass and normalise", arguments: valid)
    func validNumber(_ input: String, _ normalized: String) {
        let check = VATNumber.check(input)
        #expect(check.reason == nil)
        #expect(check.normalized == normalized)
        #expect(VATNumber(input)?.normalized == normalized)
    }

    @Test("every member state, XI and EU has a known-valid number")
    func everyCountryCovered() {
        let covered = Set(Self.valid.compactMap { VATNumber($0.input)?.prefix })
        #expect(covered == VATCountry.memberStates.union(["XI", "EU"]))
    }

    /// The numbers above (or their siblings) with one digit changed.
    @Test("a changed check digit fails", arguments: [
        "ATU13585626", "ATU 143 43 102", "ATU46080904",
        "BE0428759496", "BE 0406.139.583", "BE697449982", "BE431150351",
        "BG175074751", "BG 131 172 009", "BG 200940556", "BG7523169264",
        "CY-10259033Z", "CY 10246672F",
        "CZ25123890", "CZ 640913926", "CZ7103192746", "CZ 8058018314",
        "DE136695978", "DE 125014855",
        "DK 13585627", "DK10159817",
        "EE100594103", "EE101256754",
        "EL 123456781", "EL 094013834", "GR 094259217",
        "ES B64717839", "ES 54362315Z", "ES-x-2322300w", "ES K-2814015-F", "ES Q-2818015-G",
        "FI 20774741", "FI 0982651-2",
        "FR 84 323 140 391", "FR K 7399859312", "FR 04409414264", "FR4Z123456783",
        "HR33392005962",
        "HU-12892313", "HU 10672102",
        "IE 6433435E", "IE 4731823H", "IE8D79729I", "IE6433435IG",
        "IT 00743110158", "IT 01413270395",
        "LT100001919018", "LT119511516",
        "LU 150 274 43", "LU 10059928",
        "LV 40003521601", "LV 40003189715", "LV16117519998",
        "MT 1167-9113", "MT 20630322",
        "NL123456789B90", "NL004495446B01",
        "PL 8567346216", "PL 584-030-44-73",
        "PT 501 964 842", "PT 502448912",
        "RO 185 472 91", "RO 573769", "RO1630615123458",
        "SE 123456789101", "SE 556058115901",
        "SI 50223055", "SI 26808499",
        "SK 202 274 96 18", "SK 1078449164",
        "XI980780685", "XI802311781",
    ])
    func changedCheckDigit(_ input: String) {
        #expect(VATNumber.check(input).reason == "check digit mismatch")
        #expect(VATNumber(input) == nil)
    }

    @Test("refusals say why", arguments: [
        ("LU 1502744", nil, "wrong length for LU: expected 8 digits"),
        ("LU150274423", nil, "wrong length for LU: expected 8 digits"),
        ("LU1502744A", nil, "invalid format for LU: expected 8 digits"),
        ("ATX13585627", nil, "invalid format for AT: expected U followed by 8 digits"),
        ("ATU151592092", nil, "wrong length for AT: expected U followed by 8 digits"),
        ("QQ 124567", nil, "unknown country prefix QQ"),
        ("GB980780684", nil, "unknown country prefix GB"),
        ("980780684", "GB", "unknown country prefix GB"),
        ("15027442", nil, "missing country prefix"),
        ("", nil, "missing country prefix"),
        ("NL001241643801", nil, "invalid format for NL: expected 9 digits, B and 2 digits"),
        ("NL009122746B00", nil, "invalid format for NL: expected 9 digits, B and 2 digits"),
        ("SE556058115802", nil, "invalid format for SE: expected 12 digits ending in 01"),
        ("DE011125440", nil, "invalid format for DE: expected 9 digits"),
        ("CY-12259033P", nil, "invalid CY number: numbers starting with 12 do not exist"),
        ("CZ 95123891", nil, "invalid CZ number: 8-digit numbers do not start with 9"),
        ("IT 00687129980", nil, "invalid IT number: unknown tax office 998"),
        ("LT 100001509922", nil, "invalid LT number: second-to-last digit must be 1"),
        ("SK 012 274 96 19", nil, "invalid format for SK: expected 10 digits"),
        ("SK 2010 237 945", nil, "invalid SK number: third digit must be 2, 3, 4, 7, 8 or 9"),
        ("XIGD500", nil, "invalid XI number: government departments are GD000–GD499, health authorities HA500–HA999"),
        ("EU999022452", nil, "invalid EU number: 999 is not a member state of identification"),
        ("EU37202245", nil, "wrong length for EU: expected 9 digits"),
        ("ES I1234567J", nil, "invalid format for ES: expected 9 characters: a letter or digit, 7 digits, a letter or digit"),
        ("FR IO334175221", nil, "invalid format for FR: expected 2 check characters followed by the 9-digit SIREN"),
    ] as [(String, String?, String)])
    func refusal(_ input: String, _ country: String?, _ reason: String) {
        #expect(VATNumber.check(input, country: country).reason == reason)
    }

    @Test("normalisation: case, separators, prefixes", arguments: [
        (" lu 150.274-42 ", nil, "LU15027442"),
        ("15027442", "LU", "LU15027442"),
        ("15027442", "lu", "LU15027442"),
        ("094259216", "GR", "EL094259216"),   // Greece's ISO code gives the EL prefix
        ("gr094259216", nil, "EL094259216"),
        ("el 94051189", nil, "EL094051189"),  // old 8-digit form
        ("BE (0)468.561.072", nil, "BE0468561072"),
        ("468561072", "BE", "BE0468561072"),
        ("nl 4495445 b01", nil, "NL004495445B01"),
        ("DE136695976", "FR", "DE136695976"),  // a prefix in the number wins over the buyer's country
        ("U13585627", "AT", "ATU13585627"),
        ("CZ 640229/4448", nil, "CZ6402294448"),
        ("DK: 21599336", nil, "DK21599336"),
        ("Es-a58951310", nil, "ESA58951310"),
        ("LU\u{00A0}15027442", nil, "LU15027442"),
    ] as [(String, String?, String)])
    func normalisation(_ input: String, _ country: String?, _ normalized: String) {
        let check = VATNumber.check(input, country: country)
        #expect(check.normalized == normalized)
        #expect(check.isValid)
    }

    @Test func oneStopShopNumbersDoNotIdentifyTraders() {
        #expect(VATNumber("EU372022452")?.identifiesTraderForGoods == false)
        #expect(VATNumber("LU15027442")?.identifiesTraderForGoods == true)
        #expect(VATNumber("XI980780684")?.identifiesTraderForGoods == true)
    }
}

@Suite("VAT numbers as JSON")
struct VATNumberCodingTests {
    @Test func codedAsTheNormalisedString() throws {
        let data = try JSONEncoder().encode([VATNumber("lu 150 274 42")!])
        #expect(String(decoding: data, as: UTF8.self) == #"["LU15027442"]"#)
        #expect(try JSONDecoder().decode([VATNumber].self, from: Data(#"["gr 094259216"]"#.utf8)) == [VATNumber("EL094259216")!])
    }

    @Test func decodingRefusesAnInvalidNumber() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([VATNumber].self, from: Data(#"["LU15027443"]"#.utf8)) }
    }
}
