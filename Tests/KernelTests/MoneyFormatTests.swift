@testable import Kernel
import Testing

/// Amounts in the shop's locale and currency, as CLDR writes them (`NumberConventions`).
/// `␣` stands for U+00A0 NO-BREAK SPACE and `·` for U+202F NARROW NO-BREAK SPACE, so the
/// separators are visible in the table.
@Suite("Money in a locale")
struct MoneyFormatTests {
    static func visible(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{00A0}", with: "␣").replacingOccurrences(of: "\u{202F}", with: "·")
    }

    @Test("amounts", arguments: [
        // French: the symbol after a no-break space; France groups with a narrow no-break space,
        // Luxembourg with a point.
        (1240, "EUR", "fr-LU", "12,40␣€"), (1240, "EUR", "fr-FR", "12,40␣€"), (1240, "EUR", "fr", "12,40␣€"),
        (123_450, "EUR", "fr-FR", "1·234,50␣€"), (123_450, "EUR", "fr-LU", "1.234,50␣€"), (-1240, "EUR", "fr-FR", "-12,40␣€"),
        (123_456_789, "EUR", "fr-FR", "1·234·567,89␣€"), (0, "EUR", "fr-LU", "0,00␣€"), (5, "EUR", "fr-LU", "0,05␣€"),
        (1240, "CHF", "fr-CH", "CHF␣12,40"), (-1240, "CHF", "fr-CH", "CHF␣-12,40"), (123_450, "CHF", "fr-CH", "CHF␣1·234,50"),
        // German and Luxembourgish.
        (1240, "EUR", "de-LU", "12,40␣€"), (1240, "EUR", "de-DE", "12,40␣€"), (123_450, "EUR", "de-DE", "1.234,50␣€"),
        (-1240, "EUR", "de-LU", "-12,40␣€"), (123_450, "EUR", "lb-LU", "1.234,50␣€"),
        (1240, "EUR", "de-AT", "€␣12,40"), (-1240, "EUR", "de-AT", "-€␣12,40"),
        // Swiss German: the currency first, an apostrophe between thousands, the minus against the code.
        (1240, "CHF", "de-CH", "CHF␣12.40"), (123_450, "CHF", "de-CH", "CHF␣1’234.50"), (-1240, "CHF", "de-CH", "CHF-12.40"),
        (1240, "EUR", "de-CH", "€␣12.40"),
        // English: the symbol first and close, an alphabetic code set apart.
        (1240, "EUR", "en-IE", "€12.40"), (1240, "EUR", "en", "€12.40"), (123_450, "EUR", "en-GB", "€1,234.50"),
        (-1240, "EUR", "en-IE", "-€12.40"), (1240, "CHF", "en", "CHF␣12.40"), (-1240, "CHF", "en", "-CHF␣12.40"),
        (999, "GBP", "en-GB", "£9.99"), (1240, "USD", "en", "USD␣12.40"),
        // Italian and Spanish group from five digits.
        (123_450, "EUR", "it-IT", "1234,50␣€"), (1_234_550, "EUR", "it-IT", "12.345,50␣€"), (123_450, "EUR", "es-ES", "1234,50␣€"),
        (123_450, "CHF", "it-CH", "CHF␣1234.50"), (-1240, "CHF", "it-CH", "CHF-12.40"),
        // Dutch: the symbol first, the minus after it.
        (123_450, "EUR", "nl-NL", "€␣1.234,50"), (-1240, "EUR", "nl-BE", "€␣-12,40"),
        // Zero-decimal and three-decimal currencies.
        (1234, "ISK", "fr-FR", "1·234␣ISK"), (1234, "ISK", "en", "ISK␣1,234"), (-12, "ISK", "de-CH", "ISK-12"), (1234, "JPY", "de-DE", "1.234␣JPY"),
        (12_345, "KWD", "en", "KWD␣12.345"),
        // Spelling of the tag does not matter; unknown languages write like English.
        (1240, "EUR", "fr_lu", "12,40␣€"), (1240, "EUR", "FR-lu", "12,40␣€"), (1240, "EUR", "pl-PL", "€12.40"), (1240, "EUR", "", "€12.40"),
    ] as [(Int, String, String, String)])
    func amounts(_ minor: Int, _ currency: String, _ locale: String, _ expected: String) {
        #expect(Self.visible(Money.format(minor, currency: currency, locale: locale)) == expected)
    }

    @Test("prices per unit keep the unit on the price's line", arguments: [
        (1240, "EUR", "fr-LU", "12,40␣€␣/␣kg"), (1240, "EUR", "en-IE", "€12.40␣/␣kg"), (1240, "CHF", "de-CH", "CHF␣12.40␣/␣kg"),
    ] as [(Int, String, String, String)])
    func perUnit(_ minor: Int, _ currency: String, _ locale: String, _ expected: String) {
        #expect(Self.visible(Money.format(minor, currency: currency, locale: locale, per: "kg")) == expected)
    }

    @Test("numbers without the currency", arguments: [
        (123_450, "EUR", "fr-FR", "1·234,50"), (123_450, "EUR", "en", "1,234.50"), (-5, "EUR", "de-DE", "-0,05"), (1234, "ISK", "de-DE", "1.234"),
    ] as [(Int, String, String, String)])
    func numbers(_ minor: Int, _ currency: String, _ locale: String, _ expected: String) {
        #expect(Self.visible(Money.number(minor, currency: currency, locale: locale)) == expected)
    }

    @Test func thePlainFormStaysAsLogsAndTextsHaveIt() {
        #expect(Money.format(123_450, currency: "EUR") == "EUR 1234.50")
        #expect(Money.format(-5, currency: "EUR") == "EUR -0.05")
        #expect(Money.format(1234, currency: "ISK") == "ISK 1234")
        #expect(Money.amount(-5) == "-0.05")
        #expect(Money.minorDigits("EUR") == 2 && Money.minorDigits("ISK") == 0 && Money.minorDigits("TND") == 3)
    }
}
