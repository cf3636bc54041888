import Foundation
import Kernel
import NIOConcurrencyHelpers

/// `agora invoices export`: every issued invoice and credit note of a vendor in a period,
/// written to a folder as one file per document (PDF, UBL or CII) or as the accounting CSV.
/// An e-invoice needs the seller's VAT number: documents issued without it are skipped
/// (and counted), as the `/ubl` and `/cii` downloads refuse them.
/// Documents are read a page at a time and written as they are rendered, so memory stays
/// flat however many there are; files are written whole or not at all (write, then rename).
public enum InvoiceExport {
    /// What to write.
    public enum Format: String, CaseIterable, Sendable {
        case pdf, ubl, cii, csv
    }

    /// What was written.
    public struct Summary: Sendable, Equatable {
        public let documents: Int
        public let files: Int
        public let bytes: Int
        /// Documents that cannot be e-invoices (issued without the seller's VAT number).
        public let skipped: Int
    }

    /// A vendor by slug, as the CLI names it; nil when there is none.
    public static func vendor(slug: String, kernel: KernelServices) async throws -> VendorScope? {
        try await kernel.database.read { tx -> VendorScope? in
            guard let vendor = try await TenancyStore.vendor(slug: slug, on: tx),
                  let subscription = try await TenancyStore.subscriptions(ofVendor: vendor.id, on: tx).first else { return nil }
            return VendorScope(vendorId: vendor.id, platformId: subscription.platformId, role: .vendorOwner, subscription: subscription)
        }
    }

    /// How many documents the period holds (for the progress bar).
    public static func count(vendor: VendorScope, from: String, to: String, kernel: KernelServices) async throws -> Int {
        let period = try AccountingPeriod.days(from: from, to: to)
        return try await kernel.database.read(for: vendor) { try await AccountingStore.count(vendor: vendor.vendorId, period: period, on: $0) }
    }

    /// Writes the period's documents into `directory` (created when missing); `progress`
    /// is called after each document with how many are done.
    public static func run(vendor: VendorScope, from: String, to: String, format: Format, directory: URL, kernel: KernelServices,
                           progress: (Int) -> Void) async throws -> Summary {
        let period = try AccountingPeriod.days(from: from, to: to)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var documents = 0, files = 0, bytes = 0, skipped = 0
        if format == .csv {
            var csv = CSV.line(AccountingCSV.columns)
            try await AccountingStore.forEachPage(vendor: vendor, period: period, database: kernel.database) { page in
                for (invoice, breakdown) in page {
                    for row in AccountingCSV.rows(invoice, breakdown: breakdown) { csv += CSV.line(row) }
                    documents += 1
                    progress(documents)
                }
            }
            let data = Array(csv.utf8)
            try write(data, to: directory.appendingPathComponent("invoices-\(period.slug).csv"))
            return Summary(documents: documents, files: 1, bytes: data.count, skipped: 0)
        }
        try await AccountingStore.forEachSnapshotPage(vendor: vendor, period: period, database: kernel.database) { snapshots in
            for result in try renderAll(snapshots, as: format) {
                documents += 1
                if let file = result {
                    try write(file.bytes, to: directory.appendingPathComponent(file.name))
                    files += 1
                    bytes += file.bytes.count
                } else {
                    skipped += 1
                }
                progress(documents)
            }
        }
        return Summary(documents: documents, files: files, bytes: bytes, skipped: skipped)
    }

    /// The page's documents in `format`, in order, rendered on every core at once (Cairo and
    /// Pango keep their state per thread; see `Documents`); nil for a document that cannot be
    /// an e-invoice. The calling thread waits: this is batch work for the CLI, never a request.
    static func renderAll(_ snapshots: [InvoiceSnapshot], as format: Format) throws -> [(name: String, bytes: [UInt8])?] {
        let results = NIOLockedValueBox([Result<(name: String, bytes: [UInt8])?, any Error>?](repeating: nil, count: snapshots.count))
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, snapshots.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: snapshots.count, by: workers) {
                let snapshot = snapshots[index]
                let result = Result<(name: String, bytes: [UInt8])?, any Error> {
                    if format != .pdf, !EInvoiceRoutes.canBeEInvoice(snapshot.invoice) { return nil }
                    return try render(snapshot, as: format)
                }
                results.withLockedValue { $0[index] = result }
            }
        }
        return try results.withLockedValue { $0 }.map { try $0!.get() }
    }

    /// One document in `format`: its file name and bytes.
    static func render(_ snapshot: InvoiceSnapshot, as format: Format) throws -> (name: String, bytes: [UInt8]) {
        switch format {
        case .pdf: (InvoicePDF.filename(snapshot.invoice), try InvoicePDF.render(snapshot.invoice, lines: snapshot.lines, breakdown: snapshot.breakdown))
        case .ubl: (UBLInvoice.filename(snapshot.invoice), UBLInvoice.render(snapshot))
        case .cii: (CIIInvoice.filename(snapshot.invoice), CIIInvoice.render(snapshot))
        // The CSV is one file for the whole period, which `run` writes itself.
        case .csv: throw Problem.conflict("not_a_document_format", "The CSV covers a whole period; it is not drawn per document.")
        }
    }

    /// Writes to a temporary name first, so an interrupted export never leaves half a file.
    static func write(_ bytes: [UInt8], to url: URL) throws {
        let partial = url.appendingPathExtension("partial")
        try Data(bytes).write(to: partial)
        _ = try? FileManager.default.removeItem(at: url)
        try FileManager.default.moveItem(at: partial, to: url)
    }
}
