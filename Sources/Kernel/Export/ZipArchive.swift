import Foundation

/// A zip file written as a stream (PKWARE APPNOTE 6.3, entries stored without compression):
/// the export format accountants' tools open without asking. Each `add` returns the bytes to
/// send for that entry, and `finish` the central directory that ends the file, so an archive
/// of any size goes out with only its directory (about 60 bytes per entry) in memory.
/// Entries keep their order and modification time, so the same entries always give the same
/// bytes. Names are UTF-8 (general-purpose flag bit 11). No ZIP64: an archive is refused past
/// 4 GiB or 65,535 entries, far beyond one vendor's period of invoices.
public struct ZipArchive: Sendable {
    /// Why an entry was refused.
    public enum Failure: Error, Equatable {
        case duplicateName(String)
        case unsafeName(String)
        case tooLarge
    }

    /// Bytes handed out so far: where the next entry starts.
    private var offset = 0
    private var directory: [UInt8] = []
    private var names: Set<String> = []

    public init() {}

    /// How many entries were added.
    public var count: Int { names.count }

    /// Adds a file and returns its bytes (header and content) to write next. `name` is a
    /// relative path with `/` separators; `..`, absolute paths and backslashes are refused, so
    /// unzipping never writes outside its folder.
    @discardableResult
    public mutating func add(_ name: String, bytes: [UInt8], modified: Date) throws -> [UInt8] {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\\"), !name.split(separator: "/").contains("..") else {
            throw Failure.unsafeName(name)
        }
        guard !names.contains(name) else { throw Failure.duplicateName(name) }
        let nameBytes = Array(name.utf8)
        guard offset + 30 + nameBytes.count + bytes.count < UInt32.max, names.count + 1 < UInt16.max else { throw Failure.tooLarge }
        names.insert(name)
        let crc = Self.crc32(bytes)
        let (time, date) = Self.dosTime(modified)

        // Local file header.
        var body: [UInt8] = []
        body.reserveCapacity(30 + nameBytes.count + bytes.count)
        body.append(le32: 0x0403_4B50)
        body.append(le16: 20)            // version needed: 2.0
        body.append(le16: 1 << 11)       // UTF-8 names
        body.append(le16: 0)             // stored
        body.append(le16: time)
        body.append(le16: date)
        body.append(le32: crc)
        body.append(le32: UInt32(bytes.count))
        body.append(le32: UInt32(bytes.count))
        body.append(le16: UInt16(nameBytes.count))
        body.append(le16: 0)             // no extra field
        body.append(contentsOf: nameBytes)
        body.append(contentsOf: bytes)

        // Its central directory record.
        directory.append(le32: 0x0201_4B50)
        directory.append(le16: 0x031E)   // made by: Unix, 3.0
        directory.append(le16: 20)
        directory.append(le16: 1 << 11)
        directory.append(le16: 0)
        directory.append(le16: time)
        directory.append(le16: date)
        directory.append(le32: crc)
        directory.append(le32: UInt32(bytes.count))
        directory.append(le32: UInt32(bytes.count))
        directory.append(le16: UInt16(nameBytes.count))
        directory.append(le16: 0)        // extra
        directory.append(le16: 0)        // comment
        directory.append(le16: 0)        // disk
        directory.append(le16: 0)        // internal attributes
        directory.append(le32: 0o100644 << 16) // external: a regular file, rw-r--r--
        directory.append(le32: UInt32(offset))
        directory.append(contentsOf: nameBytes)
        offset += body.count
        return body
    }

    /// The end of the archive: its central directory, to write after the last entry.
    public func finish() -> [UInt8] {
        var out = directory
        out.append(le32: 0x0605_4B50)
        out.append(le16: 0)
        out.append(le16: 0)
        out.append(le16: UInt16(names.count))
        out.append(le16: UInt16(names.count))
        out.append(le32: UInt32(directory.count))
        out.append(le32: UInt32(offset))
        out.append(le16: 0)
        return out
    }

    /// MS-DOS time and date (UTC; zip has no time zone), clamped to the format's 1980 start.
    static func dosTime(_ date: Date) -> (time: UInt16, date: UInt16) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let year = max(1980, min(2107, c.year ?? 1980))
        let time = UInt16((c.hour ?? 0) << 11 | (c.minute ?? 0) << 5 | (c.second ?? 0) / 2)
        let day = UInt16((year - 1980) << 9 | (c.month ?? 1) << 5 | (c.day ?? 1))
        return (time, day)
    }

    /// CRC-32 (IEEE 802.3, reflected, as zip and gzip use it).
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }
}

private extension Array where Element == UInt8 {
    mutating func append(le16 value: UInt16) {
        append(UInt8(value & 0xFF)); append(UInt8(value >> 8))
    }

    mutating func append(le32 value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
}
