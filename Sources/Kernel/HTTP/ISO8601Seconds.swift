import Foundation

/// Date-times as the API writes and reads them: ISO 8601 / RFC 3339 in whole seconds, the
/// same strings as Foundation's `.iso8601` strategy and `ISO8601DateFormatter`'s default
/// options, by hand. Creating a formatter showed as 6 % of an order-list request's CPU and
/// formatting through `String(format:)` as more; these do no allocation beyond the result.
public enum ISO8601Seconds {
    /// `2026-11-22T08:30:00Z`: UTC, seconds rounded down.
    public static func string(_ date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``string(_:)``'s text, as UTF-8, to `bytes`.
    public static func append(_ date: Date, to bytes: inout [UInt8]) {
        var time = tm()
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        gmtime_r(&t, &time)
        let year = Int(time.tm_year) + 1900
        if year < 0 || year > 9999 {
            // Outside four digits: the year's digits as they are (no stored date comes here).
            bytes.append(contentsOf: Array("\(year)".utf8))
        } else {
            digits(year, count: 4, to: &bytes)
        }
        bytes.append(UInt8(ascii: "-")); digits(Int(time.tm_mon) + 1, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-")); digits(Int(time.tm_mday), count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T")); digits(Int(time.tm_hour), count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":")); digits(Int(time.tm_min), count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":")); digits(Int(time.tm_sec), count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS` followed by `Z` or an offset `±HH:MM` (what
    /// `ISO8601DateFormatter()` accepts); nil for anything else, an impossible day (February
    /// 30th) or time included.
    public static func date(from text: some StringProtocol) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 20 || b.count == 25,
              b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = number(b, 0, 4), let month = number(b, 5, 2), let day = number(b, 8, 2),
              let hour = number(b, 11, 2), let minute = number(b, 14, 2), let second = number(b, 17, 2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60, second < 60
        else { return nil }
        var offset = 0
        if b.count == 20 {
            guard b[19] == UInt8(ascii: "Z") || b[19] == UInt8(ascii: "z") else { return nil }
        } else {
            guard b[19] == UInt8(ascii: "+") || b[19] == UInt8(ascii: "-"), b[22] == UInt8(ascii: ":"),
                  let hours = number(b, 20, 2), let minutes = number(b, 23, 2), hours < 24, minutes < 60
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (b[19] == UInt8(ascii: "-") ? -1 : 1)
        }
        let seconds = daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static func digits(_ value: Int, count: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for byte in bytes[start..<(start + count)] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
