import Foundation

/// Amounts for people. Money is an integer count of minor units with an ISO 4217 currency
/// (ARCHITECTURE.md, "Database"); this is where it becomes text.
public enum Money {
    /// `1234, "EUR"` → `EUR 12.34`: the plain form for logs, audit summaries and texts that
    /// do not know their reader's locale.
    public static func format(_ minor: Int, currency: String) -> String {
        "\(currency) \(number(minor, currency: currency, conventions: .plain))"
    }

    /// `1234` → `12.34`, `-5` → `-0.05` (two decimals, no currency).
    public static func amount(_ minor: Int) -> String {
        (minor < 0 ? "-" : "") + "\(abs(minor) / 100).\(String(format: "%02d", abs(minor) % 100))"
    }

    /// The amount as machines read it, with the currency's decimals: `123450, "EUR"` →
    /// `1234.50`, `-5, "EUR"` → `-0.05`, `1200, "JPY"` → `1200`. For CSV and XML.
    public static func decimal(_ minor: Int, currency: String) -> String {
        number(minor, currency: currency, conventions: .plain)
    }

    /// The amount as `locale` writes numbers, without the currency: `123450, "EUR", "fr"` →
    /// `1 234,50`, `"en"` → `1,234.50`; negative amounts start with `-`.
    public static func number(_ minor: Int, currency: String, locale: String) -> String {
        number(minor, currency: currency, conventions: NumberConventions(locale: locale))
    }

    /// The amount the way `locale` writes money: `1240, "EUR", "fr-LU"` → `12,40 €`,
    /// `"en-IE"` → `€12.40`, `"de-CH"` with CHF → `CHF 12.40`. See ``NumberConventions`` for
    /// the separators and spaces.
    public static func format(_ minor: Int, currency: String, locale: String) -> String {
        let conventions = NumberConventions(locale: locale)
        let number = digits(minor, currency: currency, conventions: conventions)
        let symbol = self.symbol(currency)
        // An alphabetic symbol (CHF) never touches the digits; € and £ do where the locale
        // writes them in front (€12.40).
        let space = conventions.symbolSpaced || symbol.last?.isLetter == true ? NumberConventions.noBreakSpace : ""
        let sign = minor < 0 ? "-" : ""
        if conventions.symbolPosition == .after {
            return sign + number + NumberConventions.noBreakSpace + symbol
        }
        switch conventions.negative {
        case .leading: return sign + symbol + space + number
        case .afterSymbol: return symbol + space + sign + number
        case .afterSymbolJoined: return minor < 0 ? symbol + sign + number : symbol + space + number
        }
    }

    /// A price per unit: `1240, "EUR", "fr-LU", per: "kg"` → `12,40 € / kg`. The spaces around
    /// the slash are no-break spaces, so the unit never wraps onto a line of its own.
    public static func format(_ minor: Int, currency: String, locale: String, per unit: String) -> String {
        let space = NumberConventions.noBreakSpace
        return format(minor, currency: currency, locale: locale) + space + "/" + space + unit
    }

    /// How many decimals the currency's minor unit has (ISO 4217): 2 for most, 0 for ISK, JPY,
    /// KRW and others, 3 for BHD, KWD, TND and others.
    public static func minorDigits(_ currency: String) -> Int {
        if zeroDecimal.contains(currency) { return 0 }
        if threeDecimal.contains(currency) { return 3 }
        return 2
    }

    /// The sign people read: € and £; other currencies by their ISO code, which is unambiguous
    /// in every locale ($ alone would not be).
    public static func symbol(_ currency: String) -> String {
        switch currency {
        case "EUR": return "€"
        case "GBP": return "£"
        default: return currency
        }
    }

    private static let zeroDecimal: Set<String> = ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"]
    private static let threeDecimal: Set<String> = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]

    private static func number(_ minor: Int, currency: String, conventions: NumberConventions) -> String {
        (minor < 0 ? "-" : "") + digits(minor, currency: currency, conventions: conventions)
    }

    /// The unsigned number with the currency's decimals: `123450` → `1 234,50` (fr).
    private static func digits(_ minor: Int, currency: String, conventions: NumberConventions) -> String {
        let decimals = minorDigits(currency)
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let magnitude = minor.magnitude
        let whole = conventions.grouped(String(magnitude / UInt(scale)))
        guard decimals > 0 else { return whole }
        let fraction = String(magnitude % UInt(scale))
        return whole + conventions.decimalSeparator + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
