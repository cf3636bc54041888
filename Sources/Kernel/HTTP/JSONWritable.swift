import Foundation

/// A type that writes its own JSON, for answers written very often (a page of 50 orders):
/// `Codable` spends most of such a request boxing values and looking up keys.
///
/// What `writeJSON` writes must be byte for byte what the type's `Encodable` form gives
/// through ``AgoraJSON`` — snake_case keys in sorted order, nil properties left out — and a
/// test must compare the two. ``ResponseJSON`` uses it wherever the type appears.
public protocol JSONWritable: Encodable {
    func writeJSON(_ object: inout JSONObjectWriter)
}

/// Writes one JSON object's fields; keys are given already converted and in sorted order.
public struct JSONObjectWriter {
    var bytes: [UInt8]
    #if DEBUG
    private var previous: StaticString?
    #endif

    init(into bytes: [UInt8]) { self.bytes = bytes }

    private mutating func key(_ key: StaticString) {
        #if DEBUG
        if let previous {
            let before = UnsafeBufferPointer(start: previous.utf8Start, count: previous.utf8CodeUnitCount)
            let now = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
            assert(before.lexicographicallyPrecedes(now), "JSON keys out of order: \(previous) before \(key)")
        }
        previous = key
        #endif
        if bytes.last != UInt8(ascii: "{") { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        JSONStrings.append(value, to: &bytes)
    }

    /// A text field from its UTF-8 bytes (a text cell read straight from PostgreSQL).
    mutating func field(_ name: StaticString, utf8: UnsafeBufferPointer<UInt8>) {
        key(name)
        JSONStrings.append(utf8: utf8, to: &bytes)
    }

    public mutating func field(_ name: StaticString, _ value: Int?) {
        guard let value else { return }
        key(name)
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        // Digits from the right into a small buffer (Int.min's magnitude fits in UInt).
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var index = buffer.count
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: buffer[index...])
        }
    }

    public mutating func field(_ name: StaticString, _ value: Bool?) {
        guard let value else { return }
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func field(_ name: StaticString, _ value: UUID?) {
        guard let value else { return }
        key(name)
        // Foundation's `uuidString` (upper case), written without making the string.
        bytes.append(UInt8(ascii: "\""))
        withUnsafeBytes(of: value.uuid) { uuid in
            for (index, byte) in uuid.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(Self.upperHex[Int(byte >> 4)])
                bytes.append(Self.upperHex[Int(byte & 0xF)])
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let upperHex = Array("0123456789ABCDEF".utf8)

    /// Dates as the API writes them (ISO 8601, whole seconds, UTC).
    public mutating func field(_ name: StaticString, _ value: Date?) {
        guard let value else { return }
        key(name)
        // From 1900 on (every date Agora stores) the text is written here; earlier dates go
        // through Foundation, which cannot fail for a Date.
        if value.timeIntervalSince1970 >= -2_208_988_800 {
            bytes.append(UInt8(ascii: "\""))
            ISO8601Seconds.append(value, to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        } else {
            bytes.append(contentsOf: (try? JSONPieceEncoder.foundation(value)).map { Array($0) } ?? Array("null".utf8))
        }
    }

    @inlinable
    public mutating func field<Value: RawRepresentable>(_ name: StaticString, _ value: Value?) where Value.RawValue == String {
        field(name, value?.rawValue)
    }
}

/// A value whose JSON is already written (``RowJSON``): the response encoder copies its bytes.
protocol PreEncodedJSON {
    var jsonBytes: [UInt8] { get }
}

extension JSONWritable {
    /// The object's bytes.
    func jsonBytes() -> [UInt8] {
        var writer = JSONObjectWriter(into: [UInt8(ascii: "{")])
        writeJSON(&writer)
        writer.bytes.append(UInt8(ascii: "}"))
        return writer.bytes
    }
}
