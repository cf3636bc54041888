/// A unit price with four decimals, in 1/10,000 of the currency unit: EUR 12.3456 is
/// `123_456`. Unit prices may carry more decimals than amounts (EN 16931 BT-146); four cover
/// per-gram prices and nets derived from VAT-inclusive prices without losing a cent.
public struct UnitPrice: Sendable, Hashable, Codable, Comparable {
    /// The price in 1/10,000 of the currency unit.
    public var tenThousandths: Int

    public init(tenThousandths: Int) {
        self.tenThousandths = tenThousandths
    }

    /// A price in minor units (cents), as the catalogue stores it.
    public init(minor: Int) {
        self.tenThousandths = minor * 100
    }

    public static func < (lhs: UnitPrice, rhs: UnitPrice) -> Bool { lhs.tenThousandths < rhs.tenThousandths }
}

/// The amounts of an invoice by EN 16931's rules. Amounts are in cents (every EU currency has
/// two decimals); rounding is half away from zero ("commercial" rounding, which EN 16931
/// implementations such as Peppol BIS use; symmetric so a credit note mirrors its invoice).
///
/// - Line net amount (BT-131) = quantity × net unit price, rounded to the cent.
/// - VAT is computed once per (category, rate) group over the whole invoice: group taxable
///   amount (BT-116) × rate, rounded (BR-CO-17) — never summed from per-line VAT.
/// - Total VAT (BT-110) = Σ group VAT (BR-CO-14); total with VAT (BT-112) = total without VAT
///   (BT-109) + total VAT (BR-CO-15). There are no document-level allowances or charges yet,
///   so BT-109 = Σ line nets (BT-106, BR-CO-10).
///
/// Prices that include VAT (the catalogue's `pricesIncludeVat`): each line's gross amount is
/// quantity × gross unit price rounded to the cent, as the shop showed it. Per group, the
/// taxable amount is the gross sum divided by (1 + rate), rounded, nudged by a cent where that
/// makes taxable + VAT land exactly on the gross sum; the group's taxable amount is then shared
/// over its lines in proportion to their gross (largest remainder), so line nets still add up.
/// Some gross sums cannot be reached by any taxable amount (at 20 %, 0.09 is between 0.07 +
/// 0.01 and 0.08 + 0.02); the cent left over goes to the rounding amount (BT-114), so the
/// amount due (BT-115) is always what the shop showed.
public struct InvoiceTotals: Sendable, Equatable {
    /// One invoice line as priced.
    public struct Line: Sendable, Equatable {
        /// Quantity in milli-units (1.5 kg = 1500; pieces are multiples of 1000). Negative on
        /// correction lines.
        public var quantityMilli: Int
        /// Net unit price, or gross when the invoice's prices include VAT.
        public var unitPrice: UnitPrice
        public var category: VATCategory
        /// Rate in basis points (2100 = 21 %); 0 for every category but `S`.
        public var basisPoints: Int

        public init(quantityMilli: Int, unitPrice: UnitPrice, category: VATCategory, basisPoints: Int) {
            self.quantityMilli = quantityMilli
            self.unitPrice = unitPrice
            self.category = category
            self.basisPoints = basisPoints
        }
    }

    /// A line's computed amounts.
    public struct LineAmount: Sendable, Equatable {
        /// BT-131, in cents.
        public var netCents: Int
        /// BT-146: the net unit price; derived from the gross price when prices include VAT.
        public var netUnitPrice: UnitPrice
        /// The VAT-inclusive amount the shop showed; nil when prices are net.
        public var grossCents: Int?
    }

    /// One VAT breakdown group (BG-23).
    public struct VATGroup: Sendable, Equatable {
        public var category: VATCategory
        public var basisPoints: Int
        /// BT-116.
        public var taxableCents: Int
        /// BT-117.
        public var taxCents: Int
    }

    /// The lines' amounts, in the order the lines were given.
    public var lines: [LineAmount]
    /// By category code, then highest rate first.
    public var vatGroups: [VATGroup]
    /// BT-106 = BT-109 (no document-level allowances or charges).
    public var netTotalCents: Int
    /// BT-110.
    public var taxTotalCents: Int
    /// BT-112.
    public var grossTotalCents: Int
    /// BT-114: what VAT-inclusive prices needed on top of BT-112 (a cent or two, usually 0).
    public var roundingCents: Int
    /// BT-115.
    public var payableCents: Int
}

/// Why an invoice's lines cannot be totalled.
public struct InvoiceTotalsError: Error, Equatable, CustomStringConvertible {
    /// The offending line, from 0.
    public var line: Int
    public var message: String
    public var description: String { "line \(line + 1): \(message)" }
}
