import Foundation

/// The words of an invoice PDF in its document language (French, German, English), and how
/// that language writes dates, quantities and rates.
struct InvoicePDFLabels: Sendable {
    var language: DocumentLanguage
    var invoice: String
    var creditNote: String
    var number: String
    var issueDate: String
    var supplyDate: String
    var dueDate: String
    var seller: String
    var buyer: String
    var vatNumber: String
    var description: String
    var reference: String
    var quantity: String
    var unitPrice: String
    var vatRate: String
    var netAmount: String
    var vatBreakdown: String
    var taxableAmount: String
    var vat: String
    var totalNet: String
    var totalVAT: String
    var totalGross: String
    var rounding: String
    var amountDue: String
    var amountCredited: String
    var paymentTerms: String
    var bankDetails: String
    var page: String
    var draft: String
    var draftNotice: String
    var months: [String]
    /// "Payable within 30 days" / on receipt.
    var payableWithin: @Sendable (Int) -> String
    /// "Credit note for invoice F-000001 of …".
    var corrects: @Sendable (_ number: String, _ date: String) -> String

    static func of(_ language: DocumentLanguage) -> InvoicePDFLabels {
        switch language {
        case .fr: french
        case .de: german
        case .en: english
        }
    }

    static let english = InvoicePDFLabels(
        language: .en, invoice: "Invoice", creditNote: "Credit note", number: "Number", issueDate: "Issue date", supplyDate: "Date of supply",
        dueDate: "Due date", seller: "Seller", buyer: "Bill to", vatNumber: "VAT number", description: "Description", reference: "Ref.",
        quantity: "Qty", unitPrice: "Unit price excl. VAT", vatRate: "VAT", netAmount: "Net amount", vatBreakdown: "VAT breakdown",
        taxableAmount: "Taxable amount", vat: "VAT", totalNet: "Total excl. VAT", totalVAT: "Total VAT", totalGross: "Total incl. VAT",
        rounding: "Rounding", amountDue: "Amount due", amountCredited: "Amount credited", paymentTerms: "Payment terms", bankDetails: "Bank details",
        page: "Page", draft: "DRAFT", draftNotice: "Draft — not a valid invoice. It gets its number when it is issued.",
        months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        payableWithin: { $0 == 0 ? "Payable on receipt" : "Payable within \($0) days" },
        corrects: { "Credit note for invoice \($0) of \($1)" })

    static let french = InvoicePDFLabels(
        language: .fr, invoice: "Facture", creditNote: "Avoir", number: "N°", issueDate: "Date d'émission", supplyDate: "Date de livraison",
        dueDate: "Échéance", seller: "Vendeur", buyer: "Client", vatNumber: "N° TVA", description: "Désignation", reference: "Réf.",
        quantity: "Qté", unitPrice: "Prix unitaire HT", vatRate: "TVA", netAmount: "Montant HT", vatBreakdown: "Récapitulatif TVA",
        taxableAmount: "Base HT", vat: "TVA", totalNet: "Total HT", totalVAT: "Total TVA", totalGross: "Total TTC", rounding: "Arrondi",
        amountDue: "Net à payer", amountCredited: "Montant de l'avoir", paymentTerms: "Conditions de paiement", bankDetails: "Coordonnées bancaires",
        page: "Page", draft: "BROUILLON", draftNotice: "Brouillon — ne vaut pas facture. Le numéro est attribué à l'émission.",
        months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        payableWithin: { $0 == 0 ? "Payable à réception" : "Payable à \($0) jours" },
        corrects: { "Avoir sur la facture \($0) du \($1)" })

    static let german = InvoicePDFLabels(
        language: .de, invoice: "Rechnung", creditNote: "Gutschrift", number: "Nr.", issueDate: "Rechnungsdatum", supplyDate: "Lieferdatum",
        dueDate: "Fällig am", seller: "Verkäufer", buyer: "Rechnungsempfänger", vatNumber: "USt-IdNr.", description: "Beschreibung", reference: "Art.-Nr.",
        quantity: "Menge", unitPrice: "Einzelpreis netto", vatRate: "USt.", netAmount: "Nettobetrag", vatBreakdown: "Umsatzsteuer",
        taxableAmount: "Bemessungsgrundlage", vat: "USt.", totalNet: "Summe netto", totalVAT: "Summe USt.", totalGross: "Gesamtbetrag brutto",
        rounding: "Rundung", amountDue: "Zahlbetrag", amountCredited: "Gutschriftsbetrag", paymentTerms: "Zahlungsbedingungen", bankDetails: "Bankverbindung",
        page: "Seite", draft: "ENTWURF", draftNotice: "Entwurf — keine gültige Rechnung. Die Nummer wird bei der Ausstellung vergeben.",
        months: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
        payableWithin: { $0 == 0 ? "Zahlbar sofort nach Erhalt" : "Zahlbar innerhalb von \($0) Tagen" },
        corrects: { "Gutschrift zur Rechnung \($0) vom \($1)" })

    /// The locale the kernel's ``Money`` formats amounts for.
    var locale: String { language.rawValue }

    /// `2026-03-01` → `01/03/2026` (fr), `01.03.2026` (de), `1 March 2026` (en); other text as is.
    func date(_ day: String) -> String {
        let parts = day.split(separator: "-")
        guard parts.count == 3, let month = Int(parts[1]), (1...12).contains(month), let dayNumber = Int(parts[2]) else { return day }
        switch language {
        case .fr: return "\(parts[2])/\(parts[1])/\(parts[0])"
        case .de: return "\(parts[2]).\(parts[1]).\(parts[0])"
        case .en: return "\(dayNumber) \(months[month - 1]) \(parts[0])"
        }
    }

    var decimalSeparator: String { language == .en ? "." : "," }

    /// `Label: value`; French sets a no-break space before the colon (`Label : value`).
    func labelled(_ label: String, _ value: String) -> String {
        language == .fr ? "\(label)\u{00A0}: \(value)" : "\(label): \(value)"
    }

    /// Milli-units: `2000` → `2`, `1500` → `1,5` (fr), `1.5` (en).
    func quantity(_ milli: Int) -> String {
        let sign = milli < 0 ? "-" : ""
        let value = abs(milli)
        var fraction = String(format: "%03d", value % 1000)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return sign + "\(value / 1000)" + (fraction.isEmpty ? "" : decimalSeparator + fraction)
    }

    /// Basis points: `1700` → `17 %`, `550` → `5,5 %` (`17%` in English).
    func rate(_ basisPoints: Int) -> String {
        var fraction = String(format: "%02d", basisPoints % 100)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let number = "\(basisPoints / 100)" + (fraction.isEmpty ? "" : decimalSeparator + fraction)
        return language == .en ? number + "%" : number + "\u{00A0}%"
    }
}
