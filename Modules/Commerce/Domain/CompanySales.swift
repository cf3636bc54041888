import Foundation

/// An amount of money in one currency, in minor units.
public struct CurrencyAmount: Codable, Sendable, Equatable {
    public var currency: String
    public var amountMinor: Int

    public init(currency: String, amountMinor: Int) {
        self.currency = currency
        self.amountMinor = amountMinor
    }
}

/// One vendor's orders in a period: how many, and revenue per currency (orders keep the
/// currency they were placed in, so amounts in different currencies are never added).
public struct VendorSales: Codable, Sendable, Equatable {
    public var vendorId: UUID
    public var name: String
    public var orderCount: Int
    public var revenue: [CurrencyAmount]

    public init(vendorId: UUID, name: String, orderCount: Int, revenue: [CurrencyAmount]) {
        self.vendorId = vendorId
        self.name = name
        self.orderCount = orderCount
        self.revenue = revenue
    }
}

/// What a company's vendors add up to.
public struct SalesTotals: Codable, Sendable, Equatable {
    public var orderCount: Int
    /// Per currency, sorted by currency code.
    public var revenue: [CurrencyAmount]

    /// The sum over `vendors`, currency by currency.
    public init(summing vendors: [VendorSales]) {
        orderCount = vendors.reduce(0) { $0 + $1.orderCount }
        var byCurrency: [String: Int] = [:]
        for amount in vendors.flatMap(\.revenue) { byCurrency[amount.currency, default: 0] += amount.amountMinor }
        revenue = byCurrency.keys.sorted().map { CurrencyAmount(currency: $0, amountMinor: byCurrency[$0]!) }
    }
}
