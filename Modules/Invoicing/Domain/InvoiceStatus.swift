import Foundation
import Kernel

/// Where an invoice stands: draft → issued → partially paid → paid, or cancelled by a full
/// credit note. Only a draft can be edited or deleted; a credit note is issued when created.
public enum InvoiceStatus: String, Sendable, Codable, CaseIterable, OpenAPIEnumeration {
    case draft, issued
    case partiallyPaid = "partially_paid"
    case paid, cancelled

    /// Whether payments can still be recorded and the invoice can still be credited.
    public var isOpen: Bool { self == .issued || self == .partiallyPaid }

    /// The status after payments: `paid` once nothing is due, `partially_paid` once something
    /// was paid, `issued` otherwise. Drafts and cancelled invoices keep theirs.
    public static func settled(_ current: InvoiceStatus, payableMinor: Int, paidMinor: Int, creditedMinor: Int) -> InvoiceStatus {
        guard current.isOpen || current == .paid else { return current }
        if paidMinor >= payableMinor - creditedMinor { return .paid }
        return paidMinor > 0 ? .partiallyPaid : .issued
    }
}

/// An invoice (EN 16931 type 380) or a credit note (381).
public enum InvoiceKind: String, Sendable, Codable, CaseIterable, OpenAPIEnumeration {
    case invoice
    case creditNote = "credit_note"
}

/// The languages invoices are printed in.
public enum DocumentLanguage: String, Sendable, Codable, CaseIterable, OpenAPIEnumeration {
    case fr, de, en
}

/// How a payment arrived.
public enum InvoicePaymentMethod: String, Sendable, Codable, CaseIterable, OpenAPIEnumeration {
    case bankTransfer = "bank_transfer"
    case card, cash, cheque, other
}

/// Receivables by how late they are (the aging report).
public struct InvoiceAging: Sendable, Equatable, Codable {
    /// One currency's open balances per bucket, in minor units.
    public struct Buckets: Sendable, Equatable, Codable {
        public var currency: String
        /// Not yet due (due today or later).
        public var current: Int = 0
        public var days1To30: Int = 0
        public var days31To60: Int = 0
        public var days61To90: Int = 0
        public var over90: Int = 0
        public var total: Int = 0
        /// How many invoices have an open balance.
        public var invoiceCount: Int = 0

        enum CodingKeys: String, CodingKey {
            case currency, current, total, invoiceCount
            case days1To30 = "days_1_30", days31To60 = "days_31_60", days61To90 = "days_61_90", over90 = "days_over_90"
        }
    }

    /// One open invoice: its balance and due day.
    public struct OpenItem: Sendable, Equatable {
        public var currency: String
        public var balanceMinor: Int
        public var dueDate: Date

        public init(currency: String, balanceMinor: Int, dueDate: Date) {
            self.currency = currency
            self.balanceMinor = balanceMinor
            self.dueDate = dueDate
        }
    }

    /// The day the report is for (`YYYY-MM-DD`).
    public var asOf: String
    /// Per currency, sorted by currency code.
    public var currencies: [Buckets]

    /// Days past due on `today` (both midnight UTC): 0 or less is current.
    public static func daysPastDue(_ due: Date, today: Date) -> Int {
        Int((today.timeIntervalSince1970 - due.timeIntervalSince1970) / 86_400)
    }

    /// Sorts open balances into current, 1–30, 31–60, 61–90 and 90+ days past due.
    public init(items: [OpenItem], today: Date, asOf: String) {
        var byCurrency: [String: Buckets] = [:]
        for item in items where item.balanceMinor > 0 {
            var buckets = byCurrency[item.currency] ?? Buckets(currency: item.currency)
            switch Self.daysPastDue(item.dueDate, today: today) {
            case ...0: buckets.current += item.balanceMinor
            case 1...30: buckets.days1To30 += item.balanceMinor
            case 31...60: buckets.days31To60 += item.balanceMinor
            case 61...90: buckets.days61To90 += item.balanceMinor
            default: buckets.over90 += item.balanceMinor
            }
            buckets.total += item.balanceMinor
            buckets.invoiceCount += 1
            byCurrency[item.currency] = buckets
        }
        self.asOf = asOf
        self.currencies = byCurrency.values.sorted { $0.currency < $1.currency }
    }
}

extension VATDay {
    /// Midnight UTC → `"2026-03-01"`.
    public static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// The UTC day of `date` (midnight).
    public static func day(of date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }

    /// `date` plus `days` days.
    public static func adding(_ days: Int, to date: Date) -> Date {
        date.addingTimeInterval(TimeInterval(days) * 86_400)
    }
}
