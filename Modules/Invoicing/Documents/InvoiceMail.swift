import Foundation
import Kernel
import Mail

/// The e-mail that carries an invoice or credit note to its customer: subject and text in
/// the document's language, and the files attached.
enum InvoiceMail {
    /// The files sent with `snapshot`: the PDF, and the UBL e-invoice (Peppol BIS 3.0) beside
    /// it when the document can be one (it was issued with the seller's VAT number).
    static func attachments(_ snapshot: InvoiceSnapshot) throws -> [MailAttachment] {
        var files = [MailAttachment(filename: InvoicePDF.filename(snapshot.invoice), contentType: "application/pdf",
                                    bytes: try InvoicePDF.render(snapshot.invoice, lines: snapshot.lines, breakdown: snapshot.breakdown))]
        if EInvoiceRoutes.canBeEInvoice(snapshot.invoice) {
            files.append(MailAttachment(filename: UBLInvoice.filename(snapshot.invoice), contentType: "application/xml", bytes: UBLInvoice.render(snapshot)))
        }
        return files
    }

    /// The message for `snapshot` to `recipient`, from the configured sender under the seller's name.
    static func message(_ snapshot: InvoiceSnapshot, from sender: MailAddress, to recipient: MailAddress, replyTo: MailAddress?) throws -> MailMessage {
        let invoice = snapshot.invoice
        return MailMessage(from: try sender.named(oneLine(invoice.sellerName)), to: [recipient], replyTo: replyTo, subject: subject(invoice),
                           text: text(invoice), attachments: try attachments(snapshot))
    }

    /// `Facture F-000001 — Ferme Schmit SARL`.
    static func subject(_ invoice: Invoice) -> String {
        let labels = InvoicePDFLabels.of(invoice.language)
        let kind = invoice.kind == .creditNote ? labels.creditNote : labels.invoice
        return "\(kind) \(invoice.number ?? "") — \(oneLine(invoice.sellerName))"
    }

    /// `text` on one line: a line break in a stored name must not reach a header (which would refuse it).
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// A short note in the document's language: what is attached, the amount and the due date.
    static func text(_ invoice: Invoice) -> String {
        let labels = InvoicePDFLabels.of(invoice.language)
        let number = invoice.number ?? ""
        let amount = Money.format(invoice.payableMinor, currency: invoice.currency, locale: labels.locale)
        let due = invoice.dueDate.map(labels.date)
        let isCredit = invoice.kind == .creditNote
        let lines: [String]
        switch invoice.language {
        case .fr:
            lines = ["Bonjour \(invoice.buyerName),", "",
                     isCredit ? "Veuillez trouver ci-joint notre avoir \(number) d'un montant de \(amount)."
                              : "Veuillez trouver ci-joint notre facture \(number) d'un montant de \(amount).",
                     due.map { "Échéance : \($0)." } ?? "", "", "Cordialement,", invoice.sellerName]
        case .de:
            lines = ["Guten Tag \(invoice.buyerName),", "",
                     isCredit ? "anbei erhalten Sie unsere Gutschrift \(number) über \(amount)."
                              : "anbei erhalten Sie unsere Rechnung \(number) über \(amount).",
                     due.map { "Fällig am \($0)." } ?? "", "", "Mit freundlichen Grüßen", invoice.sellerName]
        case .en:
            lines = ["Dear \(invoice.buyerName),", "",
                     isCredit ? "Please find attached our credit note \(number) for \(amount)."
                              : "Please find attached our invoice \(number) for \(amount).",
                     due.map { "Due date: \($0)." } ?? "", "", "Kind regards,", invoice.sellerName]
        }
        return lines.joined(separator: "\n").replacingOccurrences(of: "\n\n\n", with: "\n\n") + "\n"
    }
}
