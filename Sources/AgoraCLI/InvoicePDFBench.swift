import ArgumentParser
import Dispatch
import Documents
import Foundation
import Invoicing

extension Bench {
    /// Renders the 20-line sample invoice (``SampleInvoice``) as a PDF: one at a time to time
    /// each invoice, then a batch on every core as an export would, sampling the resident
    /// memory after each thousand. `scripts/bench/invoice-pdf.sh` runs it beside WeasyPrint.
    struct InvoicePDFBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "invoice-pdf",
            abstract: "Render the 20-line sample invoice N times in sequence and a batch on every core; report times and memory.")

        @Option(help: "Invoices rendered one after the other, each timed.") var count = 1000
        @Option(help: "Invoices rendered in the batch on every core (0: no batch).") var batch = 10_000
        @Option(help: "Threads rendering the batch (default: one per core).") var threads = ProcessInfo.processInfo.activeProcessorCount
        @Option(help: "Write the sample invoice's PDF to this path.") var pdf: String?
        @Option(help: "Write the sample invoice's laid-out content (every printed string, styles, columns, tables) as JSON to this path.")
        var json: String?
        @Flag(help: "Print the results as one JSON object instead of text.") var machine = false

        func run() throws {
            let sample = try SampleInvoice.twentyLines()
            let reference = try sample.pdf()
            if let pdf { try Data(reference).write(to: URL(fileURLWithPath: pdf)) }
            if let json { try DocumentJSON.data(sample.document).write(to: URL(fileURLWithPath: json)) }

            // One at a time: a warm-up (fonts found and loaded once per thread), then each timed.
            for _ in 0..<20 { _ = try sample.pdf() }
            var times: [Double] = []
            times.reserveCapacity(count)
            for _ in 0..<count {
                let start = ContinuousClock.now
                let bytes = try sample.pdf()
                times.append(Self.milliseconds(ContinuousClock.now - start))
                guard bytes == reference else { throw ValidationError("a sequential render differs from the first one") }
            }
            times.sort()
            var results: [String: Any] = [
                "pdf_bytes": reference.count,
                "sequential_count": count,
                "sequential_median_ms": Self.percentile(times, 0.5),
                "sequential_p99_ms": Self.percentile(times, 0.99),
                "sequential_mean_ms": times.reduce(0, +) / Double(max(1, times.count)),
            ]
            if batch > 0 {
                let outcome = try renderBatch(sample, reference: reference)
                results["batch_count"] = batch
                results["batch_threads"] = threads
                results["batch_seconds"] = outcome.seconds
                results["batch_per_second"] = Double(batch) / outcome.seconds
                results["batch_rss_mib"] = outcome.residentMiB.map { ["after": $0.after, "rss": $0.rss] }
                results["batch_hwm_mib"] = Self.memory("VmHWM:")
            }
            if machine {
                let data = try JSONSerialization.data(withJSONObject: results, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(String(format: "sample invoice: %d lines, %d bytes of PDF", sample.lines.count, reference.count))
                print(String(format: "one at a time (%d after a warm-up): median %.3f ms, p99 %.3f ms, mean %.3f ms", count,
                             results["sequential_median_ms"] as! Double, results["sequential_p99_ms"] as! Double, results["sequential_mean_ms"] as! Double))
                if batch > 0 {
                    print(String(format: "batch of %d on %d threads: %.2f s, %.0f invoices/s, every PDF identical to the first", batch, threads,
                                 results["batch_seconds"] as! Double, results["batch_per_second"] as! Double))
                    let samples = (results["batch_rss_mib"] as! [[String: Any]]).map { String(format: "%d: %.1f", $0["after"] as! Int, $0["rss"] as! Double) }
                    print("resident memory (MiB) after N invoices: " + samples.joined(separator: ", "))
                    print(String(format: "peak resident memory: %.1f MiB", results["batch_hwm_mib"] as! Double))
                }
            }
        }

        /// Renders `batch` invoices on `threads` threads in rounds of a thousand, checks each
        /// PDF against `reference`, and reads the resident memory after each round.
        func renderBatch(_ sample: SampleInvoice, reference: [UInt8]) throws -> (seconds: Double, residentMiB: [(after: Int, rss: Double)]) {
            let failures = FailureCount()
            var residentMiB: [(after: Int, rss: Double)] = [(0, Self.memory("VmRSS:"))]
            let start = ContinuousClock.now
            var done = 0
            while done < batch {
                let round = min(1000, batch - done)
                let workers = max(1, min(threads, round))
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    // Each worker renders every `workers`-th invoice of the round on its own thread.
                    for _ in stride(from: worker, to: round, by: workers) {
                        let bytes = try? sample.pdf()
                        if bytes != reference { failures.add() }
                    }
                }
                done += round
                residentMiB.append((done, Self.memory("VmRSS:")))
            }
            let seconds = Self.milliseconds(ContinuousClock.now - start) / 1000
            guard failures.value == 0 else { throw ValidationError("\(failures.value) PDFs of the batch differ from the sequential render") }
            return (seconds, residentMiB)
        }

        static func milliseconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        }

        /// The value at fraction `p` of sorted `values` (nearest rank).
        static func percentile(_ values: [Double], _ p: Double) -> Double {
            guard !values.isEmpty else { return 0 }
            let rank = Int((p * Double(values.count)).rounded(.up)) - 1
            return values[min(values.count - 1, max(0, rank))]
        }

        /// A memory line of /proc/self/status (`VmRSS:`, `VmHWM:`), in MiB.
        static func memory(_ field: String) -> Double {
            guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
                  let kib = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
            return kib / 1024
        }
    }
}

/// Failed renders counted from several threads.
private final class FailureCount: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var count = 0

    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

/// A ``Document``'s content as JSON, for a renderer outside Swift (the WeasyPrint side of
/// `scripts/bench/invoice-pdf.sh`) to draw the same strings with the same styles and structure.
enum DocumentJSON {
    static func data(_ document: Document) throws -> Data {
        let page = document.page
        let object: [String: Any] = [
            "page": ["width": page.width, "height": page.height, "top": page.top, "left": page.left, "bottom": page.bottom, "right": page.right],
            "metadata": ["title": document.metadata.title, "author": document.metadata.author, "subject": document.metadata.subject,
                         "creator": document.metadata.creator],
            "body": document.body.map(block),
            // The footer of the first page of one ("… Page 1 / 1").
            "footer": document.footer(PageNumber(page: 1, count: 1)).map(block),
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }

    static func block(_ block: Block) -> [String: Any] {
        switch block {
        case .text(let text, let style): ["text": text, "style": self.style(style)]
        case .rule(let thickness, let color): ["rule": thickness, "color": self.color(color)]
        case .space(let height): ["space": height]
        case .image(_, let width, _): ["image": width]  // no invoice carries one yet: the WeasyPrint side skips it
        case .columns(let columns, let gap): ["columns": columns.map { ["weight": $0.weight, "blocks": $0.blocks.map(self.block)] }, "gap": gap]
        case .table(let table):
            ["table": [
                "columns": table.columns.map { ["title": $0.title, "weight": $0.weight, "align": alignment($0.alignment)] },
                "rows": table.rows, "shows_header": table.showsHeader, "header_style": style(table.headerStyle),
                "body_style": style(table.bodyStyle), "bold_rows": table.boldRows.sorted(), "padding": table.padding,
                "header_fill": color(table.headerFill), "rule_color": table.ruleColor.map(color) ?? NSNull(),
            ] as [String: Any]]
        }
    }

    static func style(_ style: TextStyle) -> [String: Any] {
        ["family": style.family, "size": style.size, "bold": style.bold, "italic": style.italic, "color": color(style.color),
         "align": alignment(style.alignment)]
    }

    static func color(_ color: Color) -> [Double] { [color.red, color.green, color.blue] }

    static func alignment(_ alignment: TextAlignment) -> String {
        switch alignment {
        case .leading: "left"
        case .center: "center"
        case .trailing: "right"
        }
    }
}
