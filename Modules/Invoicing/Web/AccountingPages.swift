import Commerce
import Foundation
import Kernel

/// The accounting export page: pick a period and download its CSV or e-invoice zip; pick a
/// quarter and read its OSS report, with its CSV. The downloads are the API's routes, so the
/// page and the API can never disagree.
enum AccountingPages {
    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.page(.get, "/vendor/invoicing/accounting", summary: "Accounting export: invoices of a period, and the OSS report of a quarter",
                    access: .vendor(.vendorManager), feature: AccountingRoutes.feature) { call in
            let vendor = try call.context.requireVendor()
            let today = VATDay.format(kernel.now())
            let currentQuarter = AccountingPeriod.quarterName(of: today)
            // Defaults: the quarter so far.
            let period = try AccountingPeriod.days(from: call.query("from").flatMap { $0.isEmpty ? nil : $0 } ?? AccountingPeriod.quarter(currentQuarter)!.from,
                                                   to: call.query("to").flatMap { $0.isEmpty ? nil : $0 } ?? today)
            let quarterName = (call.query("quarter").flatMap { $0.isEmpty ? nil : $0 } ?? currentQuarter).uppercased()
            guard let quarter = AccountingPeriod.quarter(quarterName) else { throw Problem.invalidParameter("quarter", "must be a quarter such as 2026-Q3") }
            let count = try await kernel.database.read(for: vendor) { try await AccountingStore.count(vendor: vendor.vendorId, period: period, on: $0) }
            let report = try await AccountingRoutes.report(quarter: quarterName, period: quarter, vendor: vendor, database: kernel.database)
            let eur = { (minor: Int) in PageFormat.money(minor) }
            let range = "from=\(period.from)&to=\(period.to)"
            return try await CommerceVendorPages.render("invoicing/accounting", title: "Accounting export", [
                "from": period.from, "to": period.to, "count": count,
                "csvLink": call.base + "/api/v1/vendor/accounting/invoices.csv?" + range,
                "ublLink": call.base + "/api/v1/vendor/accounting/invoices.zip?" + range + "&format=ubl",
                "ciiLink": call.base + "/api/v1/vendor/accounting/invoices.zip?" + range + "&format=cii",
                "quarter": quarterName,
                "quarters": recentQuarters(from: currentQuarter).map { ["value": $0, "label": $0, "selected": $0 == quarterName] as [String: Any] },
                "ossRows": report.rows.map {
                    ["country": $0.country, "rate": $0.rate, "taxable": eur($0.taxableMinor), "vat": eur($0.vatMinor), "documents": $0.documents] as [String: Any]
                },
                "ossTaxable": eur(report.taxableMinor), "ossVat": eur(report.vatMinor),
                "ossSkipped": report.skippedDocuments > 0 ? report.skippedDocuments : nil,
                "ossCsvLink": call.base + "/api/v1/vendor/accounting/oss.csv?quarter=\(quarterName)",
            ], call: call, kernel: kernel)
        }
    }

    /// The current quarter and the seven before it, newest first: `2026-Q3`, `2026-Q2`, …
    static func recentQuarters(from current: String) -> [String] {
        guard let year = Int(current.prefix(4)), let q = Int(current.suffix(1)) else { return [current] }
        return (0..<8).map { back in
            let index = year * 4 + (q - 1) - back
            return "\(index / 4)-Q\(index % 4 + 1)"
        }
    }
}
