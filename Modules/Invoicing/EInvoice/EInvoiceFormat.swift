import Kernel

/// How an e-invoice writes Agora's integers: exact decimals built from the digits, never
/// through a floating-point number, so `1.005` stays `1.005`.
enum EInvoiceFormat {
    /// `value` ÷ 10^`scale` as a plain decimal (`-` sign, `.` point, no grouping), with trailing
    /// zeros dropped down to `minimumDecimals`: `(1500, 3, 0)` → `1.5`, `(650, 2, 2)` → `6.50`.
    static func decimal(_ value: Int, scale: Int, minimumDecimals: Int = 0) -> String {
        var digits = String(value.magnitude)
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        var whole = String(digits.dropLast(scale))
        var fraction = String(digits.suffix(scale))
        while fraction.count > minimumDecimals, fraction.hasSuffix("0") { fraction.removeLast() }
        if whole.isEmpty { whole = "0" }
        let sign = value < 0 ? "-" : ""
        return sign + whole + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// An amount in minor units with its currency's decimals: `1234, EUR` → `12.34`.
    static func amount(_ minor: Int, currency: String) -> String { Money.decimal(minor, currency: currency) }

    /// A quantity in milli-units: `1500` → `1.5`, `2000` → `2`.
    static func quantity(_ milli: Int) -> String { decimal(milli, scale: 3) }

    /// A rate in basis points as a percentage: `1700` → `17`, `550` → `5.5`, `0` → `0`.
    static func percent(_ basisPoints: Int) -> String { decimal(basisPoints, scale: 2) }

    /// A unit price in 1/10,000 of the currency unit, with at least the currency's decimals
    /// and up to four: `65000` → `6.50`, `123456` → `12.3456`.
    static func unitPrice(_ tenThousandths: Int, currency: String) -> String {
        decimal(tenThousandths, scale: 4, minimumDecimals: min(4, Money.minorDigits(currency)))
    }

    /// `2026-03-01` → `20260301` (UN/CEFACT date format 102).
    static func cefactDate(_ day: String) -> String { day.replacingOccurrences(of: "-", with: "") }

    /// The UNTDID 4461 payment means of a bank transfer to the seller's IBAN: `58` (SEPA credit
    /// transfer) in euro, `30` (credit transfer) in any other currency.
    static func creditTransferCode(currency: String) -> String { currency == "EUR" ? "58" : "30" }

    /// UN/ECE Recommendation 20 unit of Agora's quantities: `C62` ("one"). Agora records no
    /// unit of measure per line (milli-units of pieces or kilograms alike), so a line says
    /// how many, as the PDF does.
    static let unitCode = "C62"
}

/// A postal address split into EN 16931's fields (BG-5 / BG-8) from Agora's multi-line text.
///
/// The text is what a person typed or the settings composed: street lines, then a line that
/// starts with a postcode (`L-1234 Luxembourg`, `10115 Berlin`, `1234 AB Amsterdam`), and
/// maybe a last line that is only the country code. The country always comes from the
/// invoice's own field, never from the text.
struct PostalAddress: Sendable, Equatable {
    /// BT-35 / BT-50.
    var street: String?
    /// BT-36 / BT-51.
    var additionalStreet: String?
    /// BT-162 / BT-163: what is left of the street lines.
    var extraLine: String?
    /// BT-37 / BT-52.
    var city: String?
    /// BT-38 / BT-53.
    var postcode: String?
    /// BT-40 / BT-55, ISO 3166-1 alpha-2.
    var country: String

}

extension PostalAddress {
    /// Splits `text` (lines separated by line breaks); `country` is the invoice's.
    init(text: String?, country: String) {
        self.country = country.uppercased()
        var lines = (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let last = lines.last, last.count == 2, last.allSatisfy({ $0.isASCII && $0.isLetter }) { lines.removeLast() }
        if let last = lines.last, let (postcode, city) = Self.postcodeAndCity(last) {
            self.postcode = postcode
            self.city = city
            lines.removeLast()
        } else if lines.count >= 2 {
            // No postcode in sight: the last line is the town.
            self.city = lines.removeLast()
        }
        street = lines.first
        additionalStreet = lines.count > 1 ? lines[1] : nil
        extraLine = lines.count > 2 ? lines[2...].joined(separator: ", ") : nil
    }

    /// `L-1234 Luxembourg` → (`L-1234`, `Luxembourg`); `1234 AB Amsterdam` → (`1234 AB`,
    /// `Amsterdam`); nil when the line does not start with a token holding a digit.
    static func postcodeAndCity(_ line: String) -> (String, String)? {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard words.count >= 2, words[0].contains(where: \.isNumber) else { return nil }
        // A street line such as "12, rue du Marché" starts with a number and a comma.
        guard !words[0].hasSuffix(","), !line.contains(",") else { return nil }
        // Dutch postcodes: four digits, then two capital letters.
        if words.count >= 3, words[0].count == 4, words[0].allSatisfy(\.isNumber),
           words[1].count == 2, words[1].allSatisfy({ $0.isASCII && $0.isUppercase }) {
            return (words[0] + " " + words[1], words[2...].joined(separator: " "))
        }
        return (words[0], words[1...].joined(separator: " "))
    }
}
