/// EN 16931 VAT category codes (BT-118 / BT-151, UNTDID 5305 subset).
public enum VATCategory: String, Sendable, Codable, CaseIterable, Hashable {
    /// Taxed at a positive rate, standard or reduced.
    case standard = "S"
    /// Zero-rated goods.
    case zeroRated = "Z"
    /// Exempt from VAT (domestic exemptions).
    case exempt = "E"
    /// Reverse charge: the buyer accounts for the VAT (services, domestic reverse charge).
    case reverseCharge = "AE"
    /// Exempt intra-Community supply of goods (Art. 138).
    case intraCommunity = "K"
    /// Export outside the EU (Art. 146).
    case export = "G"
    /// Outside the scope of VAT.
    case outsideScope = "O"

    /// Whether invoices in this category carry VAT at a positive rate; every other category has
    /// rate 0 (BR-Z-05, BR-E-05, BR-AE-05, BR-IC-05, BR-G-05, BR-O-05).
    public var isTaxed: Bool { self == .standard }
}

/// The exemption reason an invoice must state (BT-120 text, BT-121 code from the CEF VATEX list).
public struct VATExemption: Sendable, Equatable {
    /// `VATEX-EU-IC`, `VATEX-EU-G`.
    public var code: String
    /// The code's name in the VATEX list.
    public var text: String
    /// The legal mention printed on the invoice (Art. 226(11)).
    public var mention: LegalMention

    /// Intra-Community supply of goods to a trader identified in another member state.
    public static let intraCommunitySupply = VATExemption(
        code: "VATEX-EU-IC", text: "Intra-Community supply",
        mention: LegalMention(
            english: "Exempt intra-Community supply — Art. 138 Directive 2006/112/EC",
            french: "Exonération de TVA, livraison intracommunautaire — article 138 de la directive 2006/112/CE",
            german: "Steuerfreie innergemeinschaftliche Lieferung — Art. 138 Richtlinie 2006/112/EG"))

    /// Goods dispatched outside the EU VAT territory.
    public static let export = VATExemption(
        code: "VATEX-EU-G", text: "Export outside the EU",
        mention: LegalMention(
            english: "Exempt export outside the EU — Art. 146 Directive 2006/112/EC",
            french: "Exonération de TVA, exportation hors de l'Union européenne — article 146 de la directive 2006/112/CE",
            german: "Steuerfreie Ausfuhrlieferung — Art. 146 Richtlinie 2006/112/EG"))
}

/// A sentence an invoice must carry, in the languages Agora's sellers invoice in.
public struct LegalMention: Sendable, Equatable {
    public var english: String
    public var french: String
    public var german: String

    /// The mention in `language` (an ISO 639-1 code or a locale such as `fr-LU`); English
    /// for languages without a translation.
    public func text(language: String) -> String {
        switch language.prefix(2).lowercased() {
        case "fr": french
        case "de": german
        default: english
        }
    }
}
