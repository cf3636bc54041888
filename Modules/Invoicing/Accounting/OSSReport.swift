import Foundation
import Kernel

/// What a vendor files in its quarterly One-Stop-Shop return: for each member state of
/// consumption and each VAT rate, the taxable amount and the VAT of its distance sales taxed
/// at destination (regime `distance_sale_destination_oss`). Credit notes issued in the
/// quarter count negative in the quarter they are issued, which is how a later return
/// corrects an earlier one. OSS returns are in euro: documents in another currency are not
/// converted but counted in `skipped_documents` so nothing is dropped silently.
struct OSSReport: Codable, Sendable, Equatable {
    struct Row: Codable, Sendable, Equatable {
        /// The member state of consumption (ISO 3166 alpha-2).
        var country: String
        var rateBasisPoints: Int
        /// The rate in percent, `20.00`.
        var rate: String
        var taxableMinor: Int
        var vatMinor: Int
        /// Invoices and credit notes counted in this row.
        var documents: Int
    }

    var quarter: String
    var from: String
    var to: String
    var currency: String
    var rows: [Row]
    var taxableMinor: Int
    var vatMinor: Int
    /// OSS documents of the quarter in another currency than euro, left out of the figures.
    var skippedDocuments: Int

    /// Sums `documents` (the quarter's OSS invoices and credit notes with their breakdowns)
    /// by country and rate; rows sorted by country, then rate from highest.
    static func build(quarter: String, period: AccountingPeriod, documents: [(invoice: Invoice, breakdown: [VATBreakdown])]) -> OSSReport {
        var totals: [String: Row] = [:]
        var skipped = 0
        for (invoice, breakdown) in documents where invoice.regime == .distanceSaleDestinationOSS {
            guard invoice.currency == "EUR" else { skipped += 1; continue }
            let sign = invoice.kind == .creditNote ? -1 : 1
            for line in breakdown {
                let key = "\(invoice.buyerCountry)|\(line.basisPoints)"
                var row = totals[key] ?? Row(country: invoice.buyerCountry, rateBasisPoints: line.basisPoints, rate: AccountingCSV.percent(line.basisPoints),
                                             taxableMinor: 0, vatMinor: 0, documents: 0)
                row.taxableMinor += sign * line.taxableMinor
                row.vatMinor += sign * line.taxMinor
                row.documents += 1
                totals[key] = row
            }
        }
        let rows = totals.values.sorted { ($0.country, -$0.rateBasisPoints) < ($1.country, -$1.rateBasisPoints) }
        return OSSReport(quarter: quarter, from: period.from, to: period.to, currency: "EUR", rows: rows,
                         taxableMinor: rows.reduce(0) { $0 + $1.taxableMinor }, vatMinor: rows.reduce(0) { $0 + $1.vatMinor }, skippedDocuments: skipped)
    }

    static let csvColumns = ["quarter", "country", "vat_rate", "taxable", "vat", "documents"]

    /// The report as CSV, one row per country and rate (amounts in euro with a point).
    var csv: String {
        CSV.line(Self.csvColumns) + rows.map {
            CSV.line([quarter, $0.country, $0.rate, Money.decimal($0.taxableMinor, currency: "EUR"), Money.decimal($0.vatMinor, currency: "EUR"),
                      String($0.documents)])
        }.joined()
    }
}
