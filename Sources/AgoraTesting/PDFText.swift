import Foundation

/// Reads a PDF back as text with poppler's `pdftotext -layout` (Debian `poppler-utils`,
/// installed by `scripts/setup-system.sh --test`), so tests check what a reader sees.
public enum PDFText {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The text of every page, pages separated by form feeds (`\u{0C}`).
    public static func extract(_ pdf: [UInt8]) throws -> String {
        try run(["pdftotext", "-layout", "-enc", "UTF-8"], pdf: pdf, output: "out.txt")
    }

    /// `text` without any white space (spaces, no-break spaces, line breaks): pdftotext turns
    /// a no-break space into a space or nothing and lays columns out with runs of spaces, so
    /// tests compare text this way.
    public static func squeezed(_ text: String) -> String {
        String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }

    /// The document information as `pdfinfo -isodates` reads it (`Title`, `CreationDate`
    /// as `2026-03-01T09:30:00Z`, `Pages`, …).
    public static func info(_ pdf: [UInt8]) throws -> [String: String] {
        let text = try run(["pdfinfo", "-isodates", "-enc", "UTF-8"], pdf: pdf, output: nil)
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// Runs `arguments` + the PDF's path (+ an output path when `output` names one); returns
    /// the output file's text, or standard output without one.
    static func run(_ arguments: [String], pdf: [UInt8], output: String?) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("agora-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.pdf")
        let outputURL = output.map { directory.appendingPathComponent($0) }
        try Data(pdf).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments + [input.path] + (outputURL.map { [$0.path] } ?? [])
        let standardOutput = Pipe()
        let errors = Pipe()
        process.standardOutput = standardOutput
        process.standardError = errors
        try process.run()
        let printed = standardOutput.fileHandleForReading.readDataToEndOfFile()
        let complaints = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(arguments[0]) failed (\(process.terminationStatus)): \(String(decoding: complaints, as: UTF8.self)) — install poppler-utils")
        }
        if let outputURL { return try String(contentsOf: outputURL, encoding: .utf8) }
        return String(decoding: printed, as: UTF8.self)
    }

    /// The pages of `text` as `extract` returns it.
    public static func pages(_ text: String) -> [String] {
        var pages = text.components(separatedBy: "\u{0C}")
        if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
        return pages
    }
}
