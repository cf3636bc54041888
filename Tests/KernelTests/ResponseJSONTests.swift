import Foundation
@testable import Kernel
import Testing

/// The response encoder must write exactly what Foundation's encoder with the API's settings
/// writes, byte for byte, or clients and stored idempotent answers would see two dialects.
@Suite("Response JSON")
struct ResponseJSONTests {
    enum Colour: String, Codable { case deepRed, blue }

    struct Line: Codable {
        let lineNumber: Int
        let unitPriceMinor: Int64
        let vatRate: Double
        let note: String?
    }

    struct Everything: Codable {
        let orderId: UUID
        let orders: Int
        let line10: Int
        let line2: Int
        let imageURL: String
        let URLValue: Int
        let placedAt: Date
        let beforeEpoch: Date
        let colour: Colour
        let missing: String?
        let present: String?
        let flags: [Bool]
        let nested: [Line]
        let byName: [String: Int]
        let blob: Data
        let link: URL
        let small: Int8
        let big: UInt64
        let ratios: [Double]
        let extra: JSONValue
        let empty: [String]
        let emptyObject: [String: String]
    }

    struct Nothing: Codable {}

    static let hostile = "a/b\"c\\d\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f}é€\u{2028}😀 </script>"

    static let sample = Everything(
        orderId: UUID(uuidString: "0191F2C4-8D1E-7A3B-9C4D-5E6F7A8B9C0D")!, orders: 2, line10: 10, line2: 2,
        imageURL: hostile, URLValue: 7, placedAt: Date(timeIntervalSince1970: 1_700_000_000.987),
        beforeEpoch: Date(timeIntervalSince1970: -1.5), colour: .deepRed, missing: nil, present: "",
        flags: [true, false],
        nested: [Line(lineNumber: 1, unitPriceMinor: -1250, vatRate: 0.17, note: nil),
                 Line(lineNumber: 2, unitPriceMinor: Int64.max, vatRate: 1.0, note: hostile)],
        byName: ["zeta": 1, "alphaBeta": 2, "with space": 3, "ALLCAPS": 4, "x_y": 5],
        blob: Data([0, 1, 2, 250, 255]), link: URL(string: "https://example.com/a?b=c&d=é")!,
        small: -8, big: UInt64.max, ratios: [0.1, 1e21, -0.0, 3],
        extra: .object(["someKey": .array([.int(1), .double(2.5), .string("x"), .bool(true), .null])]),
        empty: [], emptyObject: [:])

    func foundation<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try AgoraJSON.encoder().encode(value), as: UTF8.self)
    }

    func ours<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try ResponseJSON.encode(value), as: UTF8.self)
    }

    @Test func sameBytesAsFoundation() throws {
        let (one, expected) = (try ours(Self.sample), try foundation(Self.sample))
        #expect(one == expected)
        let (two, expectedTwo) = (try ours([Self.sample, Self.sample]), try foundation([Self.sample, Self.sample]))
        #expect(two == expectedTwo)
    }

    @Test func scalarsAndEdges() throws {
        #expect(try ours(Nothing()) == foundation(Nothing()))
        #expect(try ours(Self.hostile) == foundation(Self.hostile))
        #expect(try ours(42) == foundation(42))
        #expect(try ours(Optional<Int>.none) == foundation(Optional<Int>.none))
        #expect(try ours([String: [Int]]()) == foundation([String: [Int]]()))
        for seconds in [0.0, 59.999, 951_782_400, -2_208_988_800, -2_208_988_801, -62_135_596_800, 253_402_300_799] {
            let date = Date(timeIntervalSince1970: seconds)
            let (text, expected) = (try ours(date), try foundation(date))
            #expect(text == expected, "\(seconds)")
        }
    }
}
