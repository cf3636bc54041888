import Commerce
import Foundation
import Kernel

/// What a vendor's invoices say about the seller and how they are numbered and paid.
public struct InvoiceSettings: Codable, Sendable, Equatable {
    public var legalName: String
    /// Street lines, one per line (`\n`).
    public var addressLines: String
    public var postalCode: String
    public var city: String
    /// ISO 3166-1 alpha-2 of the place of establishment.
    public var country: String
    /// Normalised (`LU26375245`); nil until given.
    public var vatNumber: String?
    /// Registered for the One-Stop-Shop.
    public var ossRegistered: Bool
    /// Opted in to destination taxation below the EUR 10,000 threshold (needs OSS registration).
    public var ossOptIn: Bool
    /// Prefix of the invoice series (`INV-`); numbers follow it, six digits.
    public var invoicePrefix: String
    /// Prefix of the credit-note series (`CN-`), a series of its own.
    public var creditNotePrefix: String
    public var paymentTermsDays: Int
    public var iban: String?
    public var bic: String?
    public var footer: String?
    public var language: DocumentLanguage

    /// What a vendor that never saved settings has: nothing to invoice with yet.
    public static func initial(country: String) -> InvoiceSettings {
        InvoiceSettings(legalName: "", addressLines: "", postalCode: "", city: "", country: country, vatNumber: nil, ossRegistered: false,
                        ossOptIn: false, invoicePrefix: "INV-", creditNotePrefix: "CN-", paymentTermsDays: 30, iban: nil, bic: nil,
                        footer: nil, language: .fr)
    }

    /// Whether the seller can issue invoices with these settings.
    public var isComplete: Bool { !legalName.isEmpty && !addressLines.isEmpty && !city.isEmpty }

    /// The seller's address as printed: street lines, postal code and city, country.
    public var addressText: String {
        [addressLines, "\(postalCode) \(city)".trimmingCharacters(in: .whitespaces), country].filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// The input as the API takes it (every field, as PUT replaces the settings).
    public struct Input: Decodable, Sendable {
        public var legalName: String
        public var addressLines: [String]
        public var postalCode: String
        public var city: String
        public var country: String
        public var vatNumber: String?
        public var ossRegistered: Bool?
        public var ossOptIn: Bool?
        public var invoicePrefix: String?
        public var creditNotePrefix: String?
        public var paymentTermsDays: Int?
        public var iban: String?
        public var bic: String?
        public var footer: String?
        public var language: DocumentLanguage?
    }

    /// Checks `input` (422 with every field error) and returns the settings to store.
    public static func validate(_ input: Input) throws -> InvoiceSettings {
        var validation = Validation()
        validation.requireText(input.legalName, "legal_name")
        validation.check((1...4).contains(input.addressLines.count), "address_lines", "invalid", "give 1 to 4 lines")
        for (index, line) in input.addressLines.enumerated() {
            validation.requireText(line, "address_lines[\(index)]", maxLength: 200)
        }
        validation.requireText(input.postalCode, "postal_code", maxLength: 20)
        validation.requireText(input.city, "city", maxLength: 100)
        let country = input.country.uppercased()
        validation.check(country.count == 2 && country.allSatisfy { $0.isASCII && $0.isLetter }, "country", "invalid", "must be an ISO 3166 country code such as LU")
        validation.check(country.count != 2 || VATCountry.isInEUVATAreaForGoods(VATCountry.vatPrefix(forCountry: country)), "country", "not_supported",
                         "the seller must be established in the EU (or Northern Ireland)")
        var vatNumber: String?
        if let raw = input.vatNumber, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            let check = VATNumber.check(raw, country: country.count == 2 ? country : nil)
            if let number = check.number {
                vatNumber = number.normalized
            } else {
                validation.check(false, "vat_number", "invalid", check.reason ?? "is not a valid VAT number")
            }
        }
        let ossOptIn = input.ossOptIn ?? false
        validation.check(!ossOptIn || input.ossRegistered == true, "oss_opt_in", "invalid", "opting in to destination taxation needs OSS registration")
        let invoicePrefix = input.invoicePrefix ?? "INV-"
        let creditNotePrefix = input.creditNotePrefix ?? "CN-"
        for (field, prefix) in [("invoice_prefix", invoicePrefix), ("credit_note_prefix", creditNotePrefix)] {
            validation.check((1...12).contains(prefix.count) && prefix.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_/.".contains($0)) },
                             field, "invalid", "must be 1 to 12 letters, digits or - _ / .")
        }
        validation.check(invoicePrefix.uppercased() != creditNotePrefix.uppercased(), "credit_note_prefix", "invalid",
                         "must differ from the invoice prefix: credit notes have their own series")
        let terms = input.paymentTermsDays ?? 30
        validation.check((0...365).contains(terms), "payment_terms_days", "invalid", "must be 0 to 365 days")
        let iban = input.iban.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        let normalizedIBAN = iban.flatMap(IBAN.normalized)
        validation.check(iban == nil || normalizedIBAN != nil, "iban", "invalid", "is not a valid IBAN (check digits)")
        let bic = input.bic.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces).uppercased() }
        validation.check(bic.map { [8, 11].contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } } ?? true,
                         "bic", "invalid", "must be 8 or 11 letters and digits")
        validation.check((input.footer ?? "").count <= 1000, "footer", "too_long", "must be at most 1000 characters")
        try validation.throwIfInvalid()
        return InvoiceSettings(legalName: input.legalName.trimmingCharacters(in: .whitespaces),
                               addressLines: input.addressLines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n"),
                               postalCode: input.postalCode.trimmingCharacters(in: .whitespaces), city: input.city.trimmingCharacters(in: .whitespaces),
                               country: country, vatNumber: vatNumber, ossRegistered: input.ossRegistered ?? false, ossOptIn: ossOptIn,
                               invoicePrefix: invoicePrefix, creditNotePrefix: creditNotePrefix, paymentTermsDays: terms, iban: normalizedIBAN, bic: bic,
                               footer: input.footer.flatMap { $0.isEmpty ? nil : $0 }, language: input.language ?? .fr)
    }
}
