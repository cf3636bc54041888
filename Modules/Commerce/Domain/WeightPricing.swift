/// Selling by weight: the variant's price is per kilogram or pound; quantities are
/// milli-units (grams for kg); a minimum, a step, an average piece weight for estimates, a tare.
public struct WeightPricing: Sendable, Equatable, Codable {
    /// Unit the price is per.
    public enum Unit: String, Sendable, Codable, CaseIterable {
        case kg, lb
    }

    public var unit: Unit
    /// Smallest quantity sold, in milli-units.
    public var minimumMilli: Int
    /// Quantities go up from the minimum in steps of this, in milli-units.
    public var stepMilli: Int
    /// Typical weight of one piece (a cheese, a loaf), for estimated totals.
    public var averageUnitWeightMilli: Int?
    /// Container weight taken off on the scale.
    public var tareMilli: Int

    public init(unit: Unit, minimumMilli: Int, stepMilli: Int, averageUnitWeightMilli: Int? = nil, tareMilli: Int = 0) {
        self.unit = unit
        self.minimumMilli = minimumMilli
        self.stepMilli = stepMilli
        self.averageUnitWeightMilli = averageUnitWeightMilli
        self.tareMilli = tareMilli
    }

    /// Why a quantity cannot be sold, or nil when it can.
    public func problem(with quantityMilli: Int) -> String? {
        if quantityMilli < minimumMilli { return "below the minimum of \(minimumMilli) milli-\(unit.rawValue)" }
        if (quantityMilli - minimumMilli) % stepMilli != 0 {
            return "not a step of \(stepMilli) milli-\(unit.rawValue) above the minimum"
        }
        return nil
    }

    /// The price of a net quantity at `pricePerUnitMinor`, rounded half up to the minor unit.
    public static func price(forMilli quantityMilli: Int, pricePerUnitMinor: Int) -> Int {
        (pricePerUnitMinor * quantityMilli + 500) / 1000
    }

    /// The net weight read off a scale: gross minus tare, never below zero.
    public func net(grossMilli: Int) -> Int {
        max(0, grossMilli - tareMilli)
    }

    /// The estimated price of `pieces` pieces at the average piece weight; nil without one.
    public func estimatedPrice(pieces: Int, pricePerUnitMinor: Int) -> Int? {
        averageUnitWeightMilli.map { WeightPricing.price(forMilli: $0 * pieces, pricePerUnitMinor: pricePerUnitMinor) }
    }

    /// Configuration problems, each naming the field.
    public func problems() -> [(field: String, message: String)] {
        var problems: [(field: String, message: String)] = []
        if minimumMilli <= 0 { problems.append(("weight.minimum_milli", "must be above 0")) }
        if stepMilli <= 0 { problems.append(("weight.step_milli", "must be above 0")) }
        if let average = averageUnitWeightMilli, average <= 0 { problems.append(("weight.average_unit_weight_milli", "must be above 0")) }
        if tareMilli < 0 { problems.append(("weight.tare_milli", "must not be negative")) }
        return problems
    }
}
