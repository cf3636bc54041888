import Foundation
import Hummingbird
import Kernel

/// The accounting export (feature `invoicing.accounting_export`, Business and up): the
/// issued invoices and credit notes of a period as CSV and as a zip of e-invoices (UBL or
/// CII), and the quarterly OSS report as JSON and CSV. For the vendor's managers, like the
/// customer export.
enum AccountingRoutes {
    static let feature = "invoicing.accounting_export"

    static let periodParameters = [
        QueryParameter(name: "from", description: "First issue date included (YYYY-MM-DD). Required.", schema: .object(["type": .string("string"), "format": .string("date")])),
        QueryParameter(name: "to", description: "Last issue date included (YYYY-MM-DD). Required.", schema: .object(["type": .string("string"), "format": .string("date")])),
    ]
    static let quarterParameter = QueryParameter(name: "quarter", description: "The calendar quarter, such as 2026-Q3. Required.",
                                                 schema: .object(["type": .string("string"), "pattern": .string("^[0-9]{4}-[Qq][1-4]$")]))

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let db = kernel.database

        routes.get("/api/v1/vendor/accounting/invoices.csv",
                   summary: "Issued invoices and credit notes of a period as CSV (text/csv): one row per document and one per VAT rate, credit notes negative",
                   access: .vendor(.vendorManager), feature: feature, query: periodParameters) { request, context -> Response in
            let vendor = try context.requireVendor()
            let period = try AccountingPeriod.days(from: request.uri.queryParameters["from"].map(String.init),
                                                   to: request.uri.queryParameters["to"].map(String.init))
            // A page of documents at a time, so a year of invoices streams with flat memory.
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: CSV.line(AccountingCSV.columns)))
                try await AccountingStore.forEachPage(vendor: vendor, period: period, database: db) { page in
                    var chunk = ""
                    for (invoice, breakdown) in page {
                        for row in AccountingCSV.rows(invoice, breakdown: breakdown) { chunk += CSV.line(row) }
                    }
                    try await writer.write(ByteBuffer(string: chunk))
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"invoices-\(period.slug).csv\"",
            ], body: body)
        }

        routes.get("/api/v1/vendor/accounting/invoices.zip",
                   summary: "Issued invoices and credit notes of a period as a zip of EN 16931 e-invoices (application/zip), UBL by default or CII",
                   access: .vendor(.vendorManager), feature: feature,
                   query: periodParameters + [QueryParameter(name: "format", description: "ubl (Peppol BIS 3.0, the default) or cii (Factur-X EN 16931).",
                                                             schema: .object(["type": .string("string"), "enum": .array([.string("ubl"), .string("cii")])]))]) { request, context -> Response in
            let vendor = try context.requireVendor()
            let query = request.uri.queryParameters
            let period = try AccountingPeriod.days(from: query["from"].map(String.init), to: query["to"].map(String.init))
            let raw = query["format"].map(String.init) ?? "ubl"
            guard let syntax = EInvoiceRoutes.Syntax(rawValue: raw.isEmpty ? "ubl" : raw) else {
                throw Problem.invalidParameter("format", "must be ubl or cii")
            }
            // Each document goes out as soon as it is written; only the zip's directory stays in memory.
            let body = ResponseBody { writer in
                var zip = ZipArchive()
                try await AccountingStore.forEachSnapshotPage(vendor: vendor, period: period, database: db) { snapshots in
                    for snapshot in snapshots where EInvoiceRoutes.canBeEInvoice(snapshot.invoice) {
                        let file = syntax.download(snapshot)
                        let entry = try zip.add(file.filename, bytes: file.bytes, modified: snapshot.invoice.issuedAt ?? snapshot.invoice.createdAt)
                        try await writer.write(ByteBuffer(bytes: entry))
                    }
                }
                try await writer.write(ByteBuffer(bytes: zip.finish()))
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [
                .contentType: "application/zip",
                .contentDisposition: "attachment; filename=\"invoices-\(period.slug)-\(syntax.rawValue).zip\"",
            ], body: body)
        }

        routes.get("/api/v1/vendor/accounting/oss",
                   summary: "The One-Stop-Shop report of a quarter: taxable amount and VAT per member state of consumption and rate, in euro",
                   access: .vendor(.vendorManager), feature: feature, query: [quarterParameter]) { request, context -> OSSReport in
            try await ossReport(request, vendor: try context.requireVendor(), database: db)
        }

        routes.get("/api/v1/vendor/accounting/oss.csv",
                   summary: "The One-Stop-Shop report of a quarter as CSV (text/csv)",
                   access: .vendor(.vendorManager), feature: feature, query: [quarterParameter]) { request, context -> Response in
            let report = try await ossReport(request, vendor: try context.requireVendor(), database: db)
            return Response(status: .ok, headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"oss-\(report.quarter).csv\"",
            ], body: ResponseBody(byteBuffer: ByteBuffer(string: report.csv)))
        }
    }

    /// The report for the request's `quarter`; 400 when it is missing or malformed.
    static func ossReport(_ request: Request, vendor: VendorScope, database: Database) async throws -> OSSReport {
        let raw = request.uri.queryParameters["quarter"].map(String.init) ?? ""
        guard let period = AccountingPeriod.quarter(raw) else { throw Problem.invalidParameter("quarter", "must be a quarter such as 2026-Q3") }
        return try await report(quarter: raw.uppercased(), period: period, vendor: vendor, database: database)
    }

    static func report(quarter: String, period: AccountingPeriod, vendor: VendorScope, database: Database) async throws -> OSSReport {
        var documents: [(invoice: Invoice, breakdown: [VATBreakdown])] = []
        try await AccountingStore.forEachPage(vendor: vendor, period: period, regime: .distanceSaleDestinationOSS, database: database) { documents += $0 }
        return OSSReport.build(quarter: quarter, period: period, documents: documents)
    }
}

extension OSSReport: ResponseEncodable {}
