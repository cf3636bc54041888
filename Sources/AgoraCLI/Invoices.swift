import ArgumentParser
import Foundation
import Invoicing
import Kernel

/// `agora invoices export`: a vendor's issued invoices and credit notes of a period, as files.
struct Invoices: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Invoices and credit notes.", subcommands: [Export.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every issued invoice and credit note of a period to a folder: one PDF, UBL or CII file per document, or the accounting CSV.",
            discussion: "Dates are issue dates, both included; without them, everything issued so far. Shows a progress bar on a terminal.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The vendor's slug.") var vendor: String
        @Option(help: "First issue date (YYYY-MM-DD).") var from: String = "2000-01-01"
        @Option(help: "Last issue date (YYYY-MM-DD); today when left out.") var to: String?
        @Option(help: "pdf, ubl (Peppol BIS 3.0), cii (Factur-X EN 16931) or csv.") var format: String
        @Option(help: "The folder to write into (created when missing).") var out: String

        func run() async throws {
            guard let format = InvoiceExport.Format(rawValue: format) else {
                throw ValidationError("--format must be one of \(InvoiceExport.Format.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            try await reportingFailures {
                let configuration = try database.configuration()
                let kernel = try await AgoraApplication.boot(configuration: configuration, modules: InstalledModules.all, logger: Logs.logger(configuration))
                defer { Task { await kernel.database.close() } }
                guard let scope = try await InvoiceExport.vendor(slug: vendor, kernel: kernel) else {
                    throw ValidationError("no vendor with the slug \(vendor)")
                }
                let to = self.to ?? VATDay.format(kernel.now())
                let total = try await InvoiceExport.count(vendor: scope, from: from, to: to, kernel: kernel)
                let bar = ProgressBar(total: total, label: "\(vendor) \(from) … \(to)")
                let started = ContinuousClock.now
                let summary = try await InvoiceExport.run(vendor: scope, from: from, to: to, format: format, directory: URL(fileURLWithPath: out),
                                                          kernel: kernel) { bar.update($0) }
                bar.finish()
                let seconds = (ContinuousClock.now - started) / .seconds(1)
                print("\(summary.documents) documents, \(summary.files) files, \(summary.bytes / 1024) KiB in \(out) (\(String(format: "%.1f", seconds)) s)")
                if summary.skipped > 0 {
                    printError("\(summary.skipped) documents were issued without the seller's VAT number and cannot be e-invoices; they were skipped")
                }
            }
        }
    }
}

/// A one-line progress bar on standard error when it is a terminal (redrawn at most every
/// 1 %), and silence otherwise, so scripts and logs get only the summary line.
final class ProgressBar {
    let total: Int
    let label: String
    let isTerminal = isatty(STDERR_FILENO) == 1
    private var shownPercent = -1

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    func update(_ done: Int) {
        guard isTerminal, total > 0 else { return }
        let percent = min(100, done * 100 / total)
        guard percent != shownPercent else { return }
        shownPercent = percent
        let width = 30
        let filled = width * percent / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(percent)% \(done)/\(total)".utf8))
    }

    func finish() {
        if isTerminal, total > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
