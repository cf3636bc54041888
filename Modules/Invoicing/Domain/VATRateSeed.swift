import Commerce
import Foundation

extension VATRateTable {
    /// The first day the seed answers for every country. The reference CSV lists the rates
    /// in force on 2026-11-21; its reduced rates are assumed in force since this day, which is
    /// only true where no reduced rate changed since (FI, LT, RO, SK, EE, … did): invoices
    /// dated before 2026 at a reduced rate need those rows added.
    public static let seedHorizon = VATDay.parse("2024-01-01")!

    /// The bundled table: `Resources/eu-vat-rates-2026-11.csv`, the standard-rate changes since
    /// 2024 by date, Northern Ireland's rates, and a 0 % `zero` row for every country.
    public static let seed: VATRateTable = {
        guard let url = Bundle.module.url(forResource: "Resources/eu-vat-rates-2026-11", withExtension: "csv"),
              let csv = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("Invoicing resource Resources/eu-vat-rates-2026-11.csv is missing from the bundle")
        }
        do {
            return try seed(csv: csv)
        } catch {
            fatalError("Invoicing resource eu-vat-rates-2026-11.csv: \(error)")
        }
    }()

    /// The seed built from a rates CSV (see `parse(csv:from:)`), with the standard-rate history
    /// in place of the CSV's standard rows for the countries that changed; the CSV must agree
    /// with the history on today's rate.
    public static func seed(csv: String) throws(VATRateTableError) -> VATRateTable {
        var rates = try parse(csv: csv, from: seedHorizon)
        for country in Set(standardRateHistory.map(\.country)) {
            let history = standardRateHistory.filter { $0.country == country }
            let current = history.first { $0.effectiveUntil == nil }!
            guard let listed = rates.firstIndex(where: { $0.country == country && $0.rateClass == .standard }) else {
                throw VATRateTableError(line: 0, message: "\(country) has a rate history but no standard rate")
            }
            guard rates[listed].basisPoints == current.basisPoints else {
                throw VATRateTableError(line: 0, message: "\(country) standard rate \(rates[listed].percent) % disagrees with its history (\(current.percent) %)")
            }
            rates.remove(at: listed)
            rates += history
        }
        let countries = Set(rates.map(\.country)).union(["XI"])
        rates += northernIreland
        rates += countries.map { VATRate(country: $0, rateClass: .zero, basisPoints: 0, effectiveFrom: seedHorizon) }
        return VATRateTable(rates: rates)
    }

    /// Standard-rate changes since 2024 (VAT.md): each superseded rate runs from when it
    /// started to the day its successor did.
    public static let standardRateHistory: [VATRate] = [
        history("LU", ("2023-01-01", 1600), ("2024-01-01", 1700)),  // 2023's temporary cut ended
        history("EE", ("2009-07-01", 2000), ("2024-01-01", 2200), ("2025-07-01", 2400)),
        history("FI", ("2013-01-01", 2400), ("2024-09-01", 2550)),
        history("SK", ("2011-01-01", 2000), ("2025-01-01", 2300)),
        history("RO", ("2017-01-01", 1900), ("2025-08-01", 2100)),
    ].flatMap { $0 }

    /// Northern Ireland: EU VAT rules for goods, UK rates (not in the EU reference CSV).
    static let northernIreland: [VATRate] = [
        VATRate(country: "XI", rateClass: .standard, basisPoints: 2000, effectiveFrom: seedHorizon),
        VATRate(country: "XI", rateClass: .reduced, basisPoints: 500, effectiveFrom: seedHorizon),
    ]

    private static func history(_ country: String, _ steps: (String, Int)...) -> [VATRate] {
        steps.enumerated().map { index, step in
            VATRate(country: country, rateClass: .standard, basisPoints: step.1, effectiveFrom: VATDay.parse(step.0)!,
                    effectiveUntil: index + 1 < steps.count ? VATDay.parse(steps[index + 1].0)! : nil)
        }
    }
}
