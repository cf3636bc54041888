import Foundation
import Kernel

/// How the vendor pages show and read quantities and prices: people type "2.5" (kg or pieces)
/// and "12,50" (euros); the API speaks milli-units and minor units.
public enum PageFormat {
    /// 2500 → "2.5", 3000 → "3".
    public static func quantity(_ milli: Int) -> String {
        let sign = milli < 0 ? "-" : ""
        let value = abs(milli)
        var fraction = String(format: "%03d", value % 1000)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return sign + String(value / 1000) + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// 1250 → "12.50".
    public static func money(_ minor: Int) -> String { Money.amount(minor) }

    /// "2,5" or "2.5" → 2500; nil when it is not a number with at most three decimals.
    public static func milli(_ text: String?) -> Int? { decimal(text, places: 3) }

    /// "12,50" → 1250; nil when it is not an amount with at most two decimals.
    public static func minor(_ text: String?) -> Int? { decimal(text, places: 2) }

    private static func decimal(_ text: String?, places: Int) -> Int? {
        guard var text = text?.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "."), !text.isEmpty else { return nil }
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int(parts[0].isEmpty ? "0" : parts[0]), whole < 1_000_000_000,
              parts.count == 1 || (parts[1].count <= places && parts[1].allSatisfy(\.isNumber))
        else { return nil }
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let fractionText = parts.count == 2 ? String(parts[1]) : ""
        let fraction = (Int(fractionText.padding(toLength: places, withPad: "0", startingAt: 0)) ?? 0)
        return (negative ? -1 : 1) * (whole * scale + fraction)
    }

    public static let dateTime: Date.FormatStyle = .dateTime.year().month(.twoDigits).day(.twoDigits).hour().minute()
    public static let date: Date.FormatStyle = .dateTime.year().month(.twoDigits).day(.twoDigits)

    /// A required quantity field, or a 422 naming it.
    public static func requireMilli(_ text: String?, _ field: String) throws -> Int {
        guard let value = milli(text) else { throw Problem.invalid([FieldError(field: field, code: "invalid", message: "must be a number such as 2 or 0.25")]) }
        return value
    }

    /// A required id field, or a 422 naming it.
    public static func requireID(_ text: String?, _ field: String) throws -> UUID {
        guard let text, let id = UUID(uuidString: text) else { throw Problem.invalid([FieldError(field: field, code: "required", message: "choose one")]) }
        return id
    }

    /// The "next page" link of a list page: the page's own URL with the cursor after `lastId`
    /// (the cursor the API's `PageRequest` reads); nil when `fetched` (queried with `limit + 1`)
    /// has nothing more — nil, not "", because Mustache shows a `{{#next}}` section for any string.
    public static func nextPage<Item>(_ fetched: [Item], limit: Int, id: (Item) -> UUID, call: PageCall, path: String) -> String? {
        nextPage(fetched, limit: limit, id: id, call: call, url: call.base + path)
    }

    /// `nextPage` for a page whose whole path is `url` (a storefront's, which need not sit
    /// under the platform's prefix alone).
    public static func nextPage<Item>(_ fetched: [Item], limit: Int, id: (Item) -> UUID, call: PageCall, url: String) -> String? {
        guard fetched.count > limit, let last = fetched.prefix(limit).last else { return nil }
        var items = URLComponents(string: call.request.uri.description)?.queryItems?.filter { $0.name != "cursor" } ?? []
        items.append(URLQueryItem(name: "cursor", value: PageRequest.encodeCursor(id(last))))
        var components = URLComponents()
        components.queryItems = items
        return url + (components.string ?? "")
    }
}
