/// A VAT identification number that passed the offline format and check-digit rules of its
/// country: `LU15027442`, `EL094259216`, `XI980780684`, `EU372022452`.
///
/// Passing offline says the number is well formed, not that it is registered: only VIES
/// (online) knows that, and the product must never depend on it.
public struct VATNumber: Sendable, Hashable, CustomStringConvertible {
    /// The two-letter prefix: an EU member state's VAT prefix (`EL` for Greece), `XI` for
    /// Northern Ireland or `EU` for a One-Stop-Shop identification number.
    public let prefix: String
    /// The national part, without separators (`U13585627` for `ATU13585627`).
    public let national: String

    /// Prefix and national part together, as printed on invoices and sent to VIES.
    public var normalized: String { prefix + national }
    public var description: String { normalized }

    /// The number in `raw` when it is valid, else nil. `country` (ISO 3166 or VAT prefix) is
    /// the prefix assumed when `raw` has none.
    public init?(_ raw: String, country: String? = nil) {
        guard let number = VATNumber.check(raw, country: country).number else { return nil }
        self = number
    }

    init(prefix: String, national: String) {
        self.prefix = prefix
        self.national = national
    }

    /// Whether the number identifies a trader in an EU member state or Northern Ireland: what
    /// an exempt intra-Community supply needs. `EU` OSS numbers identify non-EU sellers of
    /// services and do not qualify.
    public var identifiesTraderForGoods: Bool { prefix != "EU" }

    /// Normalises `raw` and checks it against its country's rules. `country` is an ISO 3166
    /// code or VAT prefix (`GR` and `EL` both mean Greece) used when `raw` carries no prefix.
    public static func check(_ raw: String, country: String? = nil) -> VATNumberCheck {
        let cleaned = clean(raw)
        let hint = country.map { VATCountry.vatPrefix(forCountry: $0) }
        guard let (prefix, national) = split(cleaned, countryHint: hint) else {
            let reason = if cleaned.count >= 2, cleaned.prefix(2).allSatisfy(\.isLetter) {
                "unknown country prefix \(cleaned.prefix(2))"
            } else if let hint {
                "unknown country prefix \(hint)"
            } else {
                "missing country prefix"
            }
            return VATNumberCheck(normalized: cleaned, prefix: nil, reason: reason)
        }
        let rule = VATNumberRules.byPrefix[prefix]!
        let padded = rule.pad?(national) ?? national
        let normalized = prefix + padded
        if let problem = rule.check(padded) {
            return VATNumberCheck(normalized: normalized, prefix: prefix, reason: problem.reason(prefix: prefix, shape: rule.shape))
        }
        return VATNumberCheck(normalized: normalized, prefix: prefix, reason: nil)
    }

    /// Upper case without the separators people type or paste: spaces, dots, dashes, slashes,
    /// colons, commas; Belgium's `(0)` becomes `0`.
    static func clean(_ raw: String) -> String {
        let separators: Set<Character> = [" ", ".", "-", "/", ":", ",", "\u{00A0}", "\t", "\u{2010}", "\u{2013}", "\u{2014}"]
        return raw.uppercased()
            .replacingOccurrences(of: "(0)", with: "0")
            .filter { !separators.contains($0) }
    }

    /// Prefix and national part. A known prefix in the text wins over the hint, so a German
    /// number typed by a buyer living in France stays German; `GR` is read as `EL`.
    private static func split(_ cleaned: String, countryHint: String?) -> (String, String)? {
        let head = String(cleaned.prefix(2))
        let tail = String(cleaned.dropFirst(2))
        if head == "GR" { return ("EL", tail) }
        if VATNumberRules.byPrefix[head] != nil { return (head, tail) }
        if let hint = countryHint, VATNumberRules.byPrefix[hint] != nil { return (hint, cleaned) }
        return nil
    }
}

/// Coded as the normalised string; decoding checks it again, so a stored or posted number
/// cannot bypass the rules.
extension VATNumber: Codable {
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        let check = VATNumber.check(raw)
        guard let number = check.number else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: check.reason ?? "invalid VAT number"))
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(normalized)
    }
}

/// What checking a VAT number found: its normalised form, and why it is invalid when it is.
public struct VATNumberCheck: Sendable, Equatable {
    /// Upper case, separators removed, prefix added or fixed (`GR…` → `EL…`), short forms
    /// padded (Belgian 9 digits, Greek 8, Dutch RSIN). Best effort when invalid.
    public var normalized: String
    /// The prefix the number was read under, nil when none could be found.
    public var prefix: String?
    /// Why the number is invalid (`"wrong length for LU: expected 8 digits"`, `"check digit
    /// mismatch"`, `"unknown country prefix QQ"`); nil when it is valid.
    public var reason: String?

    /// Whether the number passed its country's offline rules.
    public var isValid: Bool { reason == nil }

    /// The valid number, or nil.
    public var number: VATNumber? {
        guard isValid, let prefix else { return nil }
        return VATNumber(prefix: prefix, national: String(normalized.dropFirst(prefix.count)))
    }
}

/// Country codes as VAT uses them.
public enum VATCountry {
    /// VAT prefixes of the 27 member states (Greece is `EL`, not its ISO code `GR`).
    public static let memberStates: Set<String> = [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE", "IT",
        "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    ]

    /// The VAT prefix for an ISO 3166 code or prefix: upper-cased, `GR` → `EL`.
    public static func vatPrefix(forCountry country: String) -> String {
        let code = country.uppercased()
        return code == "GR" ? "EL" : code
    }

    /// Whether goods delivered to `country` stay inside the EU VAT territory: the member
    /// states, and Northern Ireland (`XI`), which follows EU VAT rules for goods under the
    /// Windsor Framework. Great Britain (`GB`) is outside.
    public static func isInEUVATAreaForGoods(_ country: String) -> Bool {
        let prefix = vatPrefix(forCountry: country)
        return memberStates.contains(prefix) || prefix == "XI"
    }
}
