import Foundation
@testable import Kernel
import Testing

@Suite("Export formats: CSV and zip")
struct ExportFormatTests {
    @Test("CSV cells are quoted and defused; plain numbers stay numbers", arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+33 6 12", "'+33 6 12"), ("@cmd", "'@cmd"), ("line\nbreak", "\"line\nbreak\""), ("", ""),
        ("-12.40", "-12.40"), ("-3", "-3"), ("-", "'-"), ("-1.2.3", "'-1.2.3"), ("-.5", "'-.5"), ("-1+1", "'-1+1"), ("-1,5", "\"'-1,5\""),
    ])
    func csvCells(_ value: String, _ expected: String) {
        #expect(CSV.cell(value) == expected)
    }

    @Test("Machine-readable amounts keep the currency's decimals", arguments: [
        (123_450, "EUR", "1234.50"), (-5, "EUR", "-0.05"), (0, "EUR", "0.00"), (1200, "JPY", "1200"), (12_345, "KWD", "12.345"),
    ])
    func decimals(_ minor: Int, _ currency: String, _ expected: String) {
        #expect(Money.decimal(minor, currency: currency) == expected)
    }

    @Test("CRC-32 is the zip (IEEE) one")
    func crc() {
        #expect(ZipArchive.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(ZipArchive.crc32([]) == 0)
    }

    @Test("A zip lists its entries and unzip reads them back byte for byte")
    func zipRoundTrip() throws {
        var zip = ZipArchive()
        let first = Array("<Invoice>é€</Invoice>".utf8)
        let second = [UInt8](repeating: 7, count: 70_000)
        let when = Date(timeIntervalSince1970: 1_790_000_000)
        var bytes = try zip.add("F-000001.xml", bytes: first, modified: when)
        bytes += try zip.add("sub/F-000002.bin", bytes: second, modified: when)
        #expect(throws: ZipArchive.Failure.self) { try zip.add("F-000001.xml", bytes: [], modified: when) }
        #expect(throws: ZipArchive.Failure.self) { try zip.add("../escape", bytes: [], modified: when) }
        #expect(zip.count == 2)
        bytes += zip.finish()
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zip-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a.zip")
        try Data(bytes).write(to: path)
        // Python's zipfile checks every CRC and size; it is on every machine that runs the suite.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            assert z.testzip() is None
            print("|".join(f"{i.filename}:{i.file_size}:{i.date_time[0]}" for i in z.infolist()))
            assert z.read("F-000001.xml").decode() == "<Invoice>é€</Invoice>"
            """, path.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(out.trimmingCharacters(in: .whitespacesAndNewlines) == "F-000001.xml:\(first.count):2026|sub/F-000002.bin:70000:2026")
        // The same entries give the same bytes.
        var again = ZipArchive()
        let same = try again.add("F-000001.xml", bytes: first, modified: when) + again.add("sub/F-000002.bin", bytes: second, modified: when)
        #expect(same + again.finish() == bytes)
    }
}
