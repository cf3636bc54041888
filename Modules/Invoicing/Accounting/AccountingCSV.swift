import Foundation
import Kernel

/// The accounting CSV: one `document` row per invoice or credit note, followed by one `vat`
/// row per line of its VAT breakdown (category and rate). Amounts are decimals in the
/// document's currency with a point (`1234.50`); **credit notes are negative**, so each amount
/// column sums to the period's figure. The columns are documented in README.md ("Accounting
/// export") and never reordered; new ones are only ever added at the end.
enum AccountingCSV {
    static let columns = [
        "record", "kind", "number", "issue_date", "supply_date", "due_date", "corrects_number", "status", "regime",
        "buyer_name", "buyer_country", "buyer_vat_number", "currency", "vat_category", "vat_rate", "exemption_code",
        "net", "vat", "gross", "rounding", "payable", "paid", "order_id", "document_id",
    ]

    /// The document's row and its VAT rows, in that order.
    static func rows(_ invoice: Invoice, breakdown: [VATBreakdown]) -> [[String]] {
        let sign = invoice.kind == .creditNote ? -1 : 1
        let amount = { (minor: Int) in Money.decimal(sign * minor, currency: invoice.currency) }
        let identity = [invoice.kind.rawValue, invoice.number ?? "", invoice.issueDate ?? "", invoice.supplyDate ?? "", invoice.dueDate ?? "",
                        invoice.creditedNumber ?? "", invoice.status.rawValue, invoice.regime.rawValue, invoice.buyerName, invoice.buyerCountry,
                        invoice.buyerVatNumber ?? "", invoice.currency]
        let tail = [invoice.orderId?.uuidString.lowercased() ?? "", invoice.id.uuidString.lowercased()]
        var rows = [["document"] + identity + ["", "", invoice.exemptionCode ?? "",
                                               amount(invoice.netTotalMinor), amount(invoice.taxTotalMinor), amount(invoice.grossTotalMinor),
                                               amount(invoice.roundingMinor), amount(invoice.payableMinor),
                                               invoice.kind == .invoice ? amount(invoice.paidMinor) : ""] + tail]
        for line in breakdown {
            rows.append(["vat"] + identity + [line.category.rawValue, percent(line.basisPoints), line.exemptionCode ?? "",
                                              amount(line.taxableMinor), amount(line.taxMinor), amount(line.taxableMinor + line.taxMinor),
                                              "", "", ""] + tail)
        }
        return rows
    }

    /// `1700` → `17.00`, `550` → `5.50`, `0` → `0.00`: a VAT rate in percent, as tools read it.
    static func percent(_ basisPoints: Int) -> String { EInvoiceFormat.decimal(basisPoints, scale: 2, minimumDecimals: 2) }
}
