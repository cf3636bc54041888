extension InvoiceTotals {
    /// Totals `lines` priced net, or gross when `pricesIncludeVAT` (see the type's comment).
    /// An invoice is priced one way: a shop's prices all include VAT or all exclude it.
    public init(lines: [Line], pricesIncludeVAT: Bool) throws(InvoiceTotalsError) {
        for (index, line) in lines.enumerated() {
            guard (0..<10_000).contains(line.basisPoints) else {
                throw InvoiceTotalsError(line: index, message: "rate \(line.basisPoints) basis points is not between 0 and 100 %")
            }
            if line.category.isTaxed, line.basisPoints == 0 {
                throw InvoiceTotalsError(line: index, message: "category S needs a rate above 0 (use Z for zero-rated goods)")
            }
            if !line.category.isTaxed, line.basisPoints != 0 {
                throw InvoiceTotalsError(line: index, message: "category \(line.category.rawValue) has rate 0, not \(line.basisPoints) basis points")
            }
        }
        // quantity (1/1000) × price (1/10,000 unit) is in 1/10,000,000 unit; a cent is 100,000 of those.
        let amounts = lines.map { Rounding.divide(Int128($0.quantityMilli) * Int128($0.unitPrice.tenThousandths), by: 100_000) }

        var groupKeys: [GroupKey] = []
        var members: [GroupKey: [Int]] = [:]
        for (index, line) in lines.enumerated() {
            let key = GroupKey(category: line.category, basisPoints: line.basisPoints)
            if members[key] == nil { groupKeys.append(key) }
            members[key, default: []].append(index)
        }

        var lineNets = amounts
        var groups: [VATGroup] = []
        for key in groupKeys {
            let indices = members[key]!
            let sum = indices.reduce(0) { $0 + amounts[$1] }
            if pricesIncludeVAT {
                let taxable = Rounding.taxable(inGross: sum, basisPoints: key.basisPoints)
                let shares = Rounding.share(taxable, over: indices.map { amounts[$0] }, basisPoints: key.basisPoints)
                for (index, share) in zip(indices, shares) { lineNets[index] = share }
                groups.append(VATGroup(category: key.category, basisPoints: key.basisPoints, taxableCents: taxable,
                                       taxCents: Rounding.tax(on: taxable, basisPoints: key.basisPoints)))
            } else {
                groups.append(VATGroup(category: key.category, basisPoints: key.basisPoints, taxableCents: sum,
                                       taxCents: Rounding.tax(on: sum, basisPoints: key.basisPoints)))
            }
        }

        self.lines = lines.enumerated().map { index, line in
            guard pricesIncludeVAT else { return LineAmount(netCents: amounts[index], netUnitPrice: line.unitPrice, grossCents: nil) }
            let net = Rounding.divide(Int128(line.unitPrice.tenThousandths) * 10_000, by: Int128(10_000 + line.basisPoints))
            return LineAmount(netCents: lineNets[index], netUnitPrice: UnitPrice(tenThousandths: net), grossCents: amounts[index])
        }
        self.vatGroups = groups.sorted { ($0.category.rawValue, -$0.basisPoints) < ($1.category.rawValue, -$1.basisPoints) }
        self.netTotalCents = lineNets.reduce(0, +)
        self.taxTotalCents = groups.reduce(0) { $0 + $1.taxCents }
        self.grossTotalCents = netTotalCents + taxTotalCents
        self.payableCents = pricesIncludeVAT ? amounts.reduce(0, +) : grossTotalCents
        self.roundingCents = payableCents - grossTotalCents
    }

    private struct GroupKey: Hashable {
        var category: VATCategory
        var basisPoints: Int
    }
}

/// The roundings EN 16931 totals need, all half away from zero.
enum Rounding {
    /// numerator ÷ denominator rounded half away from zero (denominator > 0).
    static func divide(_ numerator: Int128, by denominator: Int128) -> Int {
        let magnitude = (numerator.magnitude * 2 + denominator.magnitude) / (denominator.magnitude * 2)
        return numerator < 0 ? -Int(magnitude) : Int(magnitude)
    }

    /// BR-CO-17: taxable × rate, rounded to the cent.
    static func tax(on taxableCents: Int, basisPoints: Int) -> Int {
        divide(Int128(taxableCents) * Int128(basisPoints), by: 10_000)
    }

    /// The taxable amount whose taxable + VAT comes closest to `grossCents`: gross ÷ (1 + rate)
    /// rounded, or a cent either side when that lands exactly (rounding makes taxable + VAT
    /// jump by 2 cents now and then, so a cent off is sometimes the best there is).
    static func taxable(inGross grossCents: Int, basisPoints: Int) -> Int {
        let estimate = divide(Int128(grossCents) * 10_000, by: Int128(10_000 + basisPoints))
        var best = estimate
        for candidate in [estimate - 1, estimate + 1] {
            let miss = abs(candidate + tax(on: candidate, basisPoints: basisPoints) - grossCents)
            if miss < abs(best + tax(on: best, basisPoints: basisPoints) - grossCents) { best = candidate }
        }
        return best
    }

    /// Splits a group's taxable amount over its lines: each line's gross ÷ (1 + rate), rounded,
    /// then the cents still missing (or extra) go one each to the lines whose rounding was
    /// furthest the other way, first line first on ties, so the shares add up to `total`.
    static func share(_ total: Int, over grossAmounts: [Int], basisPoints: Int) -> [Int] {
        let denominator = Int128(10_000 + basisPoints)
        var shares = grossAmounts.map { divide(Int128($0) * 10_000, by: denominator) }
        // What rounding took off each line, in 1/denominator cents: positive when rounded down.
        let remainders = zip(grossAmounts, shares).map { Int128($0) * 10_000 - Int128($1) * denominator }
        var missing = total - shares.reduce(0, +)
        guard missing != 0, !shares.isEmpty else { return shares }
        let order = shares.indices.sorted { a, b in
            if remainders[a] == remainders[b] { return a < b }
            return missing > 0 ? remainders[a] > remainders[b] : remainders[a] < remainders[b]
        }
        var position = 0
        while missing != 0 {
            let step = missing > 0 ? 1 : -1
            shares[order[position % order.count]] += step
            missing -= step
            position += 1
        }
        return shares
    }
}
