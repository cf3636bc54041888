import Documents
import Foundation
import Kernel

/// An invoice or credit note as a PDF: a plain A4 layout with every Art. 226 mention, in the
/// invoice's document language.
///
/// Drawn from the stored snapshot only (the invoice row, its lines and its VAT breakdown), so
/// the same invoice always gives the same bytes: the PDF's dates are the issue time (a draft's
/// last change), and settlement (payments, credits) is not printed — the PDF is the legal
/// document as issued, not an account statement.
///
/// Top to bottom: seller (name, address, VAT number) and the document's title, number and
/// dates; the buyer (name, address, VAT number when given); for a credit note, the invoice it
/// corrects (number and date); the lines (description, quantity, unit price excluding VAT,
/// VAT rate, net amount), flowing over pages under a repeated header; the VAT breakdown per
/// category and rate beside the totals; the regime's legal mention; payment terms, due date
/// and bank details; the note. Each page's footer carries the seller's footer text, the
/// number and "Page 1 / 3".
///
/// A draft is a preview for the vendor only: no number, a diagonal "DRAFT" ("BROUILLON",
/// "ENTWURF") across every page and a line saying it is not a valid invoice. It is never
/// called a pro-forma, which is a document of its own sent to buyers.
enum InvoicePDF {
    static func document(_ invoice: Invoice, lines: [InvoiceLine], breakdown: [VATBreakdown]) -> Document {
        let labels = InvoicePDFLabels.of(invoice.language)
        let isDraft = invoice.status == .draft
        let isCreditNote = invoice.kind == .creditNote
        let title = isCreditNote ? labels.creditNote : labels.invoice
        let money = { (minor: Int) in Money.format(minor, currency: invoice.currency, locale: labels.locale) }

        let small = TextStyle(size: 7.5, color: .muted)
        let body = TextStyle(size: 9)

        // Seller, and the document's identity.
        var seller: [Block] = [.text(invoice.sellerName, TextStyle(size: 13, bold: true)), .space(3), .text(invoice.sellerAddress, body)]
        if let vat = invoice.sellerVatNumber { seller.append(.text("\(labels.vatNumber) \(vat)", body)) }
        var identity: [Block] = [.text(title.uppercased(), TextStyle(size: 18, bold: true, alignment: .trailing)), .space(4)]
        var facts: [(String, String)] = []
        if let number = invoice.number { facts.append((labels.number, number)) }
        if let issued = invoice.issueDate { facts.append((labels.issueDate, labels.date(issued))) }
        if let supply = invoice.supplyDate, supply != invoice.issueDate { facts.append((labels.supplyDate, labels.date(supply))) }
        if !isCreditNote, let due = invoice.dueDate { facts.append((labels.dueDate, labels.date(due))) }
        identity.append(.table(Table(columns: [Table.Column("", weight: 1.4, alignment: .trailing), Table.Column("", weight: 1, alignment: .trailing)],
                                     rows: facts.map { [$0.0, $0.1] }, showsHeader: false, bodyStyle: body, boldRows: facts.isEmpty ? [] : [0],
                                     padding: 1.5, ruleColor: nil)))

        // Buyer.
        var buyer: [Block] = [.text(labels.buyer.uppercased(), small.bold()), .space(2), .text(invoice.buyerName, body.bold())]
        let address = invoice.buyerAddress ?? ""
        if !address.isEmpty { buyer.append(.text(address, body)) }
        let lastLine = address.split(whereSeparator: \.isNewline).last.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        if lastLine != invoice.buyerCountry.uppercased() { buyer.append(.text(invoice.buyerCountry, body)) }
        if let vat = invoice.buyerVatNumber { buyer.append(.text("\(labels.vatNumber) \(vat)", body)) }

        var flow: [Block] = [
            .columns([Block.Column(weight: 1.2, seller), Block.Column(weight: 1, identity)], gap: 20),
            .space(18),
            .columns([Block.Column(weight: 1.2, buyer), Block.Column(weight: 1, [])], gap: 20),
            .space(14),
        ]
        if isDraft {
            flow += [.text(labels.draftNotice, TextStyle(size: 9, bold: true, color: Color(red: 0.7, green: 0.1, blue: 0.1))), .space(8)]
        }
        if isCreditNote, let number = invoice.creditedNumber {
            flow += [.text(labels.corrects(number, invoice.creditedIssueDate.map(labels.date) ?? "—"), body.bold()), .space(8)]
        }

        // Lines.
        flow.append(.table(Table(
            columns: [Table.Column(labels.description, weight: 5), Table.Column(labels.quantity, weight: 1, alignment: .trailing),
                      Table.Column(labels.unitPrice, weight: 1.9, alignment: .trailing), Table.Column(labels.vatRate, weight: 1.1, alignment: .trailing),
                      Table.Column(labels.netAmount, weight: 1.7, alignment: .trailing)],
            rows: lines.map { line in
                let description = line.sku.map { "\(line.description)\n\(labels.reference) \($0)" } ?? line.description
                return [description, labels.quantity(line.quantityMilli), unitPrice(line.netUnitPriceTenThousandths, currency: invoice.currency, labels: labels),
                        rateText(line.basisPoints, category: line.category, labels: labels), money(line.netMinor)]
            })))
        flow.append(.space(14))

        // VAT breakdown beside the totals.
        let vatTable = Table(
            columns: [Table.Column(labels.vatBreakdown, weight: 1.6), Table.Column(labels.taxableAmount, weight: 1.4, alignment: .trailing),
                      Table.Column(labels.vat, weight: 1.1, alignment: .trailing)],
            rows: breakdown.map { group in
                let name = rateText(group.basisPoints, category: group.category, labels: labels)
                return [group.exemptionText.map { "\(name)\n\($0)" } ?? name, money(group.taxableMinor), money(group.taxMinor)]
            })
        var totals: [[String]] = [[labels.totalNet, money(invoice.netTotalMinor)], [labels.totalVAT, money(invoice.taxTotalMinor)],
                                  [labels.totalGross, money(invoice.grossTotalMinor)]]
        if invoice.roundingMinor != 0 { totals.append([labels.rounding, money(invoice.roundingMinor)]) }
        totals.append([isCreditNote ? labels.amountCredited : labels.amountDue, money(invoice.payableMinor)])
        let totalsTable = Table(columns: [Table.Column("", weight: 1.4), Table.Column("", weight: 1, alignment: .trailing)], rows: totals,
                                showsHeader: false, bodyStyle: body, boldRows: [totals.count - 1])
        flow.append(.columns([Block.Column(weight: 1.15, [.table(vatTable)]), Block.Column(weight: 1, [.table(totalsTable)])], gap: 24))
        flow.append(.space(14))

        if let mention = invoice.legalMention, !mention.isEmpty {
            flow += [.text(mention, TextStyle(size: 9, italic: true)), .space(8)]
        }
        if !isCreditNote {
            var terms = labels.payableWithin(invoice.paymentTermsDays)
            if let due = invoice.dueDate { terms += " — \(labels.dueDate) \(labels.date(due))" }
            flow += [.text(labels.labelled(labels.paymentTerms, terms), body)]
        }
        if let iban = invoice.sellerIban {
            let bic = invoice.sellerBic.map { " · BIC \($0)" } ?? ""
            flow += [.text(labels.labelled(labels.bankDetails, "IBAN \(grouped(iban))\(bic)"), body)]
        }
        if let note = invoice.note, !note.isEmpty { flow += [.space(8), .text(note, body)] }

        let reference = invoice.number.map { "\(title) \($0)" } ?? "\(title) (\(labels.draft))"
        let footerText = invoice.footer ?? ""
        let pageLabel = labels.page
        return Document(
            metadata: PDFMetadata(title: reference, author: invoice.sellerName, subject: "\(reference) — \(invoice.buyerName)",
                                  date: invoice.issuedAt ?? invoice.updatedAt),
            body: flow,
            watermark: isDraft ? Watermark(labels.draft) : nil,
            footer: { page in
                [.rule(thickness: 0.4),
                 .space(3),
                 .columns([Block.Column(weight: 3, [.text(footerText, small)]),
                           Block.Column(weight: 1.3, [.text("\(reference)\n\(pageLabel) \(page.text)", small.aligned(.trailing))])])]
            })
    }

    /// The PDF's bytes.
    static func render(_ invoice: Invoice, lines: [InvoiceLine], breakdown: [VATBreakdown]) throws -> [UInt8] {
        try PDFRenderer.render(document(invoice, lines: lines, breakdown: breakdown))
    }

    /// `F-000001.pdf`; a draft: `draft-<id>.pdf`.
    static func filename(_ invoice: Invoice) -> String {
        (invoice.number ?? "draft-\(invoice.id.uuidString.lowercased())") + ".pdf"
    }

    /// A rate with its category when it is not a taxed one: `17 %`, `0 % (K)`.
    static func rateText(_ basisPoints: Int, category: VATCategory, labels: InvoicePDFLabels) -> String {
        category.isTaxed ? labels.rate(basisPoints) : "\(labels.rate(basisPoints)) (\(category.rawValue))"
    }

    /// A unit price in 1/10,000: the currency's decimals, and up to four when the price has them.
    static func unitPrice(_ tenThousandths: Int, currency: String, labels: InvoicePDFLabels) -> String {
        let digits = Money.minorDigits(currency)
        var scale = 1
        for _ in 0..<max(0, 4 - digits) { scale *= 10 }
        let (minor, rest) = tenThousandths.quotientAndRemainder(dividingBy: scale)
        let base = Money.format(minor, currency: currency, locale: labels.locale)
        guard rest != 0, digits > 0, let lastDigit = base.lastIndex(where: { $0.isASCII && $0.isNumber }) else { return base }
        var extra = String(format: "%0\(4 - digits)d", abs(rest))
        while extra.hasSuffix("0") { extra.removeLast() }
        var text = base
        text.insert(contentsOf: extra, at: text.index(after: lastDigit))
        return text
    }

    /// `LU280019400644750000` → `LU28 0019 4006 4475 0000`.
    static func grouped(_ iban: String) -> String {
        var groups: [String] = []
        var current = ""
        for character in iban {
            current.append(character)
            if current.count == 4 {
                groups.append(current)
                current = ""
            }
        }
        if !current.isEmpty { groups.append(current) }
        return groups.joined(separator: " ")
    }
}
