import Commerce
import Foundation
import Kernel

/// How a storefront writes prices, quantities, dates and order statuses: in the shop's locale
/// and currency (``Kernel/Money``), so a Luxembourg farm shop shows `12,40 € / kg` and `0,45 kg`.
struct StorefrontFormat: Sendable {
    let locale: String
    let currency: String

    func money(_ minor: Int) -> String {
        Money.format(minor, currency: currency, locale: locale)
    }

    /// A variant's price: per kg (or lb) for products sold by weight.
    func price(_ minor: Int, weight: WeightPricing.Unit?) -> String {
        guard let weight else { return money(minor) }
        return Money.format(minor, currency: currency, locale: locale, per: weight.rawValue)
    }

    /// What a catalog card shows: the price, "from" the cheapest when variants differ.
    func listPrice(_ product: Product) -> String {
        let prices = product.variants.map(\.priceMinor)
        guard let lowest = prices.min() else { return "" }
        let text = price(lowest, weight: product.weight?.unit)
        return prices.max() == lowest ? text : "from " + text
    }

    /// A quantity as typed in a form: `2500` → `2,5` (fr), `2.5` (en).
    func number(_ milli: Int) -> String {
        PageFormat.quantity(milli).replacingOccurrences(of: ".", with: NumberConventions(locale: locale).decimalSeparator)
    }

    /// A quantity as read: `0,45 kg` by weight, `2` pieces.
    func quantity(_ milli: Int, weight: WeightPricing.Unit?) -> String {
        guard let weight else { return number(milli) }
        return number(milli) + "\u{00A0}" + weight.rawValue
    }

    /// The quantity rule of a product: "From 0,2 kg, in steps of 0,05 kg." or whole pieces.
    func rule(_ product: Product) -> String {
        guard let weight = product.weight else { return "Sold by the piece: whole numbers only." }
        return "From \(quantity(weight.minimumMilli, weight: weight.unit)), in steps of \(quantity(weight.stepMilli, weight: weight.unit))."
    }

    /// The estimate shown for products sold by weight with a typical piece weight.
    func estimate(_ product: Product, priceMinor: Int) -> String? {
        guard let weight = product.weight, let average = weight.averageUnitWeightMilli,
              let each = weight.estimatedPrice(pieces: 1, pricePerUnitMinor: priceMinor) else { return nil }
        return "A piece weighs about \(quantity(average, weight: weight.unit)): about \(money(each)) each."
    }

    /// What the quantity field starts with: one piece, or the typical piece weight (at least
    /// the minimum, on a step) for products sold by weight.
    func suggestedQuantity(_ product: Product) -> String {
        guard let weight = product.weight else { return "1" }
        let wanted = max(weight.minimumMilli, weight.averageUnitWeightMilli ?? weight.minimumMilli)
        let steps = (wanted - weight.minimumMilli + weight.stepMilli - 1) / weight.stepMilli
        return number(weight.minimumMilli + steps * weight.stepMilli)
    }

    func date(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .abbreviated, time: .omitted, locale: Locale(identifier: locale), timeZone: .gmt))
    }

    func dateTime(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .abbreviated, time: .shortened, locale: Locale(identifier: locale), timeZone: .gmt))
    }

    /// An order status as a shopper reads it.
    static func status(_ status: OrderStatus) -> String {
        switch status {
        case .pending: return "Placed, awaiting payment"
        case .confirmed: return "Confirmed"
        case .processing: return "Being prepared"
        case .shipped: return "Shipped"
        case .delivered: return "Delivered"
        case .cancelled: return "Cancelled"
        case .refunded: return "Refunded"
        case .partiallyRefunded: return "Partly refunded"
        }
    }
}
