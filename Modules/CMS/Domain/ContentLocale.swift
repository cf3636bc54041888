/// A BCP 47 language tag reduced to what page matching needs: `fr`, `fr-LU`, `de-CH`, `en`.
///
/// Parsing is lenient about spelling (`fr_lu`, `FR-lu`, ` fr-LU ` are all `fr-LU`) and strict
/// about shape: the first subtag must be a two- or three-letter language, or there is no locale.
public struct ContentLocale: Hashable, Sendable, CustomStringConvertible {
    /// Canonical tag: language lowercased, region uppercased, script titlecased (`zh-Hant-TW`).
    public let tag: String
    /// The language subtag alone (`fr` for `fr-LU`).
    public let language: String

    public init?(_ raw: String) {
        let subtags = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            .split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "_" })
            .map(String.init)
        guard let first = subtags.first, (2...3).contains(first.count),
              first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        let language = first.lowercased()
        var parts = [language]
        for subtag in subtags.dropFirst() {
            guard (1...8).contains(subtag.count), subtag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
            switch subtag.count {
            case 2 where subtag.allSatisfy(\.isLetter): parts.append(subtag.uppercased())
            case 4 where subtag.allSatisfy(\.isLetter): parts.append(subtag.prefix(1).uppercased() + subtag.dropFirst().lowercased())
            default: parts.append(subtag.lowercased())
            }
        }
        self.tag = parts.joined(separator: "-")
        self.language = language
    }

    /// The bare language as a locale (`fr-LU` → `fr`); itself when it has no subtags.
    public var languageOnly: ContentLocale { ContentLocale(language)! }

    public var description: String { tag }
}

/// One step of the locale fallback: a page in exactly this locale, or in any variant of a language.
public enum LocaleStep: Hashable, Sendable {
    /// A page whose locale is exactly this tag (`fr-LU`, or bare `fr`).
    case exact(ContentLocale)
    /// A page in any regional variant of this language (`fr-BE` for a `fr-LU` visitor).
    case anyVariant(of: String)

    /// Whether a page's locale satisfies this step; an unparseable page locale never does.
    public func matches(_ pageLocale: String) -> Bool {
        guard let locale = ContentLocale(pageLocale) else { return false }
        switch self {
        case .exact(let wanted): return locale == wanted
        case .anyVariant(let language): return locale.language == language
        }
    }

    /// The steps for a request, in order: the requested locale, then the vendor's, then the
    /// platform's default language; each as its exact tag, then its bare language, then any
    /// regional variant of that language. Before "any variant", a later source's regional form
    /// of the same language goes first (a `fr` visitor of an `fr-LU` shop gets `fr-LU` before
    /// `fr-BE`). Repeats are dropped; unparseable tags are skipped.
    ///
    /// `fr-LU` requested, vendor `de-LU`, platform `en` gives
    /// `fr-LU, fr, fr-*, de-LU, de, de-*, en, en-*`.
    public static func fallbackChain(requested: String?, vendor: String?, platform: String?) -> [LocaleStep] {
        let sources = [requested, vendor, platform].compactMap { $0.flatMap(ContentLocale.init) }
        var steps: [LocaleStep] = []
        for (position, locale) in sources.enumerated() {
            let sameLanguageLater = sources.dropFirst(position + 1).filter { $0.language == locale.language }
            let candidates = [LocaleStep.exact(locale), .exact(locale.languageOnly)]
                + sameLanguageLater.map { LocaleStep.exact($0) } + [.anyVariant(of: locale.language)]
            for step in candidates where !steps.contains(step) {
                steps.append(step)
            }
        }
        return steps
    }
}
