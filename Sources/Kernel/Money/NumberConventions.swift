/// How a locale writes numbers and amounts of money, after CLDR (the Unicode Common Locale
/// Data Repository) for the languages of the shops Agora serves: French, German, Luxembourgish,
/// Italian, Dutch, Spanish and English, with their Luxembourg, Swiss and Austrian variants.
/// Any other language writes them the English way.
///
/// Decisions (CLDR's, written down so tests and people agree):
/// - a currency written after the number is preceded by U+00A0 NO-BREAK SPACE (`12,40 €`);
/// - French groups thousands with U+202F NARROW NO-BREAK SPACE (`1 234,50 €`), as CLDR has
///   since version 34 and French typography asks, except French in Luxembourg, which groups
///   with a point like German (`1.234,50 €`); Swiss variants group with U+2019 (`CHF 1’234.50`);
/// - Italian and Spanish group only from five digits (`1234,50 €`, `12.345,50 €`);
/// - the minus sign is ASCII `-`, placed where CLDR puts it: `-12,40 €`, `-€12.40`,
///   `€ -12,40` (Dutch), `CHF-12.40` (Swiss German and Italian).
/// Kept as a table rather than read from the system's ICU so the output never changes under
/// a toolchain upgrade; `MoneyFormatTests` pins it.
public struct NumberConventions: Sendable, Equatable {
    /// Where the currency goes.
    public enum SymbolPosition: Sendable, Equatable {
        case before, after
    }

    /// Where the minus sign of a negative amount goes.
    public enum NegativeStyle: Sendable, Equatable {
        /// Before everything: `-12,40 €`, `-€12.40`.
        case leading
        /// Between the symbol and the number, after the space: `€ -12,40`.
        case afterSymbol
        /// Right after the symbol, without the space: `CHF-12.40`.
        case afterSymbolJoined
    }

    static let noBreakSpace = "\u{00A0}"
    static let narrowNoBreakSpace = "\u{202F}"

    public var decimalSeparator: String
    public var groupingSeparator: String
    /// Thousands are grouped once the whole part has 3 + this many digits: 1 for most, 2 for
    /// Italian and Spanish, which write `1234,50 €` and `12.345,50 €`.
    public var minimumGroupingDigits: Int
    public var symbolPosition: SymbolPosition
    /// Whether a symbol in front is set apart by a no-break space (`€ 12,40`, not `€12.40`).
    /// Alphabetic symbols (`CHF`) always are.
    public var symbolSpaced: Bool
    public var negative: NegativeStyle

    /// The conventions of a BCP 47 locale (`fr-LU`, `de_CH`, `en`); case and `_` do not matter.
    public init(locale: String) {
        let parts = locale.replacingOccurrences(of: "_", with: "-").lowercased().split(separator: "-")
        let language = parts.first.map(String.init) ?? "en"
        let region = parts.dropFirst().first { $0.count == 2 }.map(String.init)
        let swiss = region == "ch" || region == "li"
        let pointGrouped = NumberConventions(",", ".", symbol: .after)
        let swissFront = NumberConventions(".", "’", symbol: .before, spaced: true, negative: .afterSymbolJoined)
        switch language {
        case "fr" where swiss:
            self.init(",", Self.narrowNoBreakSpace, symbol: .before, spaced: true, negative: .afterSymbol)
        case "fr":
            self = region == "lu" ? pointGrouped : NumberConventions(",", Self.narrowNoBreakSpace, symbol: .after)
        case "de" where swiss:
            self = swissFront
        case "de":
            self = region == "at" ? NumberConventions(",", ".", symbol: .before, spaced: true) : pointGrouped
        case "lb":
            self = pointGrouped
        case "it" where swiss:
            self = swissFront
            minimumGroupingDigits = 2
        case "it", "es":
            self.init(",", ".", minimumGrouping: 2, symbol: .after)
        case "nl":
            self.init(",", ".", symbol: .before, spaced: true, negative: .afterSymbol)
        default:
            self = .english
        }
    }

    init(_ decimal: String, _ grouping: String, minimumGrouping: Int = 1, symbol: SymbolPosition, spaced: Bool = false, negative: NegativeStyle = .leading) {
        decimalSeparator = decimal
        groupingSeparator = grouping
        minimumGroupingDigits = minimumGrouping
        symbolPosition = symbol
        symbolSpaced = spaced
        self.negative = negative
    }

    /// `€12.40`, `-€12.40`, `€1,234.50`.
    static let english = NumberConventions(".", ",", symbol: .before)
    /// No grouping, a point for decimals: amounts in logs and plain texts (`EUR 1234.50`).
    static let plain = NumberConventions(".", "", minimumGrouping: 99, symbol: .before, spaced: true)

    /// `digits` (an unsigned whole number) with thousands grouped.
    func grouped(_ digits: String) -> String {
        guard !groupingSeparator.isEmpty, digits.count >= 3 + minimumGroupingDigits else { return digits }
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result += groupingSeparator }
            result.append(digit)
        }
        return result
    }
}
