import Commerce
import Foundation

extension VATRateTable {
    /// Rows from the reference CSV (`cc,standard,reduced,super_reduced,parking,…`), in force
    /// from `from`:
    /// - `standard` → `.standard`; `super_reduced` → `.superReduced`;
    /// - `reduced` is a `;` list: the first is `.reduced`; `.intermediate` is the `parking`
    ///   rate when there is one (LU 14 %), else the second reduced rate (FI 13.5 %). Further
    ///   reduced rates (MT 12 %, AT 4.9 %) have no class and are skipped.
    /// - A rate may carry a note in brackets; `4.9(from 2026-07-01 basic foods)` starts on that
    ///   day instead of `from`.
    public static func parse(csv: String, from: Date) throws(VATRateTableError) -> [VATRate] {
        var lines = csv.split(whereSeparator: \.isNewline).enumerated().map { ($0 + 1, String($1)) }
        guard let (_, header) = lines.first else { throw VATRateTableError(line: 1, message: "empty file") }
        lines.removeFirst()
        let columns = splitCSVLine(header)
        func column(_ name: String) throws(VATRateTableError) -> Int {
            guard let index = columns.firstIndex(of: name) else { throw VATRateTableError(line: 1, message: "no \(name) column") }
            return index
        }
        let (country, standard, reduced, superReduced, parking) =
            (try column("cc"), try column("standard"), try column("reduced"), try column("super_reduced"), try column("parking"))

        var rates: [VATRate] = []
        for (number, line) in lines where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let fields = splitCSVLine(line)
            guard fields.count == columns.count else {
                throw VATRateTableError(line: number, message: "\(fields.count) fields, expected \(columns.count)")
            }
            let code = fields[country].trimmingCharacters(in: .whitespaces)
            guard code.count == 2, code.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
                throw VATRateTableError(line: number, message: "country \"\(code)\" is not a two-letter code")
            }
            func rate(_ text: Substring, _ rateClass: VATRateClass) throws(VATRateTableError) -> VATRate {
                guard let (basisPoints, starts) = parseRate(text) else {
                    throw VATRateTableError(line: number, message: "\(code) \(rateClass.rawValue) rate \"\(text)\" is not a percentage")
                }
                return VATRate(country: code, rateClass: rateClass, basisPoints: basisPoints, effectiveFrom: starts ?? from)
            }
            guard !fields[standard].isEmpty else { throw VATRateTableError(line: number, message: "\(code) has no standard rate") }
            rates.append(try rate(fields[standard][...], .standard))
            let reducedRates = fields[reduced].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces)[...] }
            if let first = reducedRates.first { rates.append(try rate(first, .reduced)) }
            if !fields[parking].isEmpty {
                rates.append(try rate(fields[parking][...], .intermediate))
            } else if reducedRates.count > 1 {
                rates.append(try rate(reducedRates[1], .intermediate))
            }
            if !fields[superReduced].isEmpty { rates.append(try rate(fields[superReduced][...], .superReduced)) }
        }
        return rates
    }

    /// `"25.5"` → 2550; `"4.9(from 2026-07-01 …)"` → 490 starting 2026-07-01. At most two
    /// decimals, since rates are kept in basis points.
    static func parseRate(_ text: Substring) -> (Int, Date?)? {
        var number = text.trimmingCharacters(in: .whitespaces)[...]
        var starts: Date?
        if let open = number.firstIndex(of: "(") {
            let note = number[number.index(after: open)...].trimmingCharacters(in: CharacterSet(charactersIn: ") "))
            if note.hasPrefix("from "), let day = VATDay.parse(note.dropFirst(5).prefix(10)) { starts = day }
            number = number[..<open]
        }
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), whole >= 0, whole <= 100 else { return nil }
        var fraction = 0
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), parts[1].allSatisfy(\.isNumber), let value = Int(parts[1]) else { return nil }
            fraction = parts[1].count == 1 ? value * 10 : value
        }
        return (whole * 100 + fraction, starts)
    }

    /// Fields of one CSV line: commas separate, double quotes protect commas, `""` is a quote.
    static func splitCSVLine(_ line: String) -> [String] {
        var fields: [String] = [], field = "", quoted = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            switch character {
            case "\"" where quoted:
                if let next = characters.next() {
                    if next == "\"" { field.append("\"") } else {
                        quoted = false
                        if next == "," { fields.append(field); field = "" } else { field.append(next) }
                    }
                } else {
                    quoted = false
                }
            case "\"" where field.isEmpty: quoted = true
            case "," where !quoted: fields.append(field); field = ""
            default: field.append(character)
            }
        }
        fields.append(field)
        return fields
    }
}
