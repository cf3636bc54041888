import Foundation
import Kernel
import SQLKit

/// SQL for a vendor's invoice settings.
enum InvoiceSettingsStore {
    struct Row: Decodable {
        var legalName: String
        var addressLines: String
        var postalCode: String
        var city: String
        var country: String
        var vatNumber: String?
        var ossRegistered: Bool
        var ossOptIn: Bool
        var invoicePrefix: String
        var creditNotePrefix: String
        var paymentTermsDays: Int
        var iban: String?
        var bic: String?
        var footer: String?
        var language: String
    }

    /// The saved settings, or nil when the vendor never saved any.
    static func settings(vendor: UUID, on db: DatabaseSession) async throws -> InvoiceSettings? {
        guard let row = try await db.sql.raw("""
            SELECT legal_name, address_lines, postal_code, city, country, vat_number, oss_registered, oss_opt_in, invoice_prefix, credit_note_prefix,
                payment_terms_days, iban, bic, footer, language
            FROM invoicing_settings WHERE vendor_id = \(bind: vendor)
            """).row(Row.self) else { return nil }
        return InvoiceSettings(legalName: row.legalName, addressLines: row.addressLines, postalCode: row.postalCode, city: row.city, country: row.country,
                               vatNumber: row.vatNumber, ossRegistered: row.ossRegistered, ossOptIn: row.ossOptIn, invoicePrefix: row.invoicePrefix,
                               creditNotePrefix: row.creditNotePrefix, paymentTermsDays: row.paymentTermsDays, iban: row.iban, bic: row.bic,
                               footer: row.footer, language: DocumentLanguage(rawValue: row.language) ?? .fr)
    }

    static func save(_ s: InvoiceSettings, vendor: UUID, now: Date, on db: DatabaseSession) async throws {
        try await db.sql.raw("""
            INSERT INTO invoicing_settings (vendor_id, legal_name, address_lines, postal_code, city, country, vat_number, oss_registered, oss_opt_in,
                invoice_prefix, credit_note_prefix, payment_terms_days, iban, bic, footer, language, updated_at)
            VALUES (\(bind: vendor), \(bind: s.legalName), \(bind: s.addressLines), \(bind: s.postalCode), \(bind: s.city), \(bind: s.country),
                \(bind: s.vatNumber), \(bind: s.ossRegistered), \(bind: s.ossOptIn), \(bind: s.invoicePrefix), \(bind: s.creditNotePrefix),
                \(bind: s.paymentTermsDays), \(bind: s.iban), \(bind: s.bic), \(bind: s.footer), \(bind: s.language.rawValue), \(bind: now))
            ON CONFLICT (vendor_id) DO UPDATE SET legal_name = excluded.legal_name, address_lines = excluded.address_lines,
                postal_code = excluded.postal_code, city = excluded.city, country = excluded.country, vat_number = excluded.vat_number,
                oss_registered = excluded.oss_registered, oss_opt_in = excluded.oss_opt_in, invoice_prefix = excluded.invoice_prefix,
                credit_note_prefix = excluded.credit_note_prefix, payment_terms_days = excluded.payment_terms_days, iban = excluded.iban,
                bic = excluded.bic, footer = excluded.footer, language = excluded.language, updated_at = excluded.updated_at
            """).run()
    }
}
