import Foundation
@testable import Kernel
import Testing

/// The API's date-times by hand, against Foundation's `ISO8601DateFormatter` (what they replace).
@Suite("ISO 8601 date-times")
struct ISO8601SecondsTests {
    @Test(arguments: [
        "2026-11-01T00:00:00Z", "2026-02-28T23:59:59Z", "2024-02-29T12:00:00Z", "2000-02-29T00:00:00Z", "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z", "1900-03-01T10:20:30Z", "2026-06-30T08:28:30+02:00", "2026-01-01T00:30:00-05:30",
        "2099-12-31T23:59:59Z",
    ])
    func readsWhatFoundationReads(text: String) throws {
        let expected = try #require(ISO8601DateFormatter().date(from: text))
        #expect(ISO8601Seconds.date(from: text) == expected)
    }

    @Test(arguments: [
        "", "2026-11-01", "2026-11-01T00:00:00", "2026-11-01 00:00:00Z", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2025-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-11-01T24:00:00Z", "2026-11-01T00:60:00Z", "2026-11-01T00:00:60Z",
        "2026-11-01T00:00:00+2:00", "2026-11-01T00:00:00+02:60", "2026-11-01T00:00:00.5Z", "2026-1a-01T00:00:00Z", "２026-11-01T00:00:00Z",
    ])
    func refusesWhatIsNotADateTime(text: String) {
        #expect(ISO8601Seconds.date(from: text) == nil)
    }

    @Test func writesWhatFoundationWrites() {
        let formatter = ISO8601DateFormatter()
        for seconds in [0, 1, -1, 951_782_400, -2_208_988_800, 4_102_444_799, 253_402_300_799] as [TimeInterval] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(ISO8601Seconds.string(date) == formatter.string(from: date), "\(seconds)")
        }
    }

    @Test func hexIsTwoLowerCaseDigitsPerByte() {
        #expect(Hex.string([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Hex.string([UInt8]()) == "")
        let bytes = (0...255).map(UInt8.init)
        #expect(Hex.string(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
    }
}
