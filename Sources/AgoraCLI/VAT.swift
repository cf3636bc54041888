import ArgumentParser
import Commerce
import Foundation
import Invoicing

/// `agora vat …`: VAT numbers, rates and regimes for accountants and scripts, offline (the
/// bundled rate table; no database).
struct VAT: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vat", abstract: "Check VAT numbers, look up rates, decide the VAT regime of a sale.",
        subcommands: [Check.self, Rate.self, Regime.self])

    /// `agora vat check NUMBER…`: one line per number; exit 1 when any is invalid.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check VAT numbers offline (format and check digits); prints input, normalised number, valid/invalid and why; exits 1 if any is invalid.",
            discussion: "With --vies and AGORA_VIES_URL set, a fifth column says what VIES answered (valid, invalid, unknown); VIES never changes the exit status.")

        @Option(help: "Country to assume for numbers typed without their prefix (LU, DE, …).") var country: String?
        @Flag(help: "Also ask VIES (needs AGORA_VIES_URL; AGORA_VIES_TIMEOUT_SECONDS, default 5).") var vies = false
        @Argument(help: "VAT numbers, as typed (quote numbers with spaces).") var numbers: [String]

        func run() async throws {
            let client = VIESClient(configuration: vies ? VIESConfiguration.fromEnvironment() : nil)
            var allValid = true
            for raw in numbers {
                let check = VATNumber.check(raw, country: country?.uppercased())
                allValid = allValid && check.isValid
                var columns = [raw, check.normalized, check.isValid ? "valid" : "invalid", check.reason ?? ""]
                if vies {
                    let outcome: VIESOutcome = if let number = check.number { await client.check(number) } else { .unknown(reason: "invalid offline") }
                    if case .unknown(let reason) = outcome { columns.append("vies: unknown (\(reason))") } else { columns.append("vies: \(outcome.status)") }
                }
                print(columns.joined(separator: "\t"))
            }
            if !allValid { throw ExitCode.failure }
        }
    }

    /// `agora vat rate COUNTRY [--class CLASS] [--date YYYY-MM-DD]`.
    struct Rate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the VAT rate in force in a country on a day (bundled table).")

        @Argument(help: "ISO 3166 country code or VAT prefix (LU, EL, XI).") var country: String
        @Option(name: .customLong("class"), help: "standard, intermediate, reduced, super_reduced or zero.") var rateClass: String = "standard"
        @Option(help: "The day (YYYY-MM-DD); today when left out.") var date: String?

        func run() throws {
            guard let rateClass = VATRateClass(rawValue: rateClass) else { throw ValidationError("--class must be standard, intermediate, reduced, super_reduced or zero") }
            let day = try parseDay(date)
            guard let rate = VATRateTable.seed.rate(country: country.uppercased(), class: rateClass, on: day) else {
                printError("no \(rateClass.rawValue) VAT rate for \(country.uppercased()) on \(VATDay.format(day))")
                throw ExitCode.failure
            }
            let until = rate.effectiveUntil.map { " until \(VATDay.format($0))" } ?? ""
            print("\(rate.country)\t\(rate.rateClass.rawValue)\t\(rate.percent) %\t\(rate.basisPoints) bp\tfrom \(VATDay.format(rate.effectiveFrom))\(until)")
        }
    }

    /// `agora vat regime --seller LU --buyer FR …`.
    struct Regime: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Decide the VAT of a sale of goods: regime, rate, EN 16931 category and legal mention.")

        @Option(help: "Seller's country (where it is established).") var seller: String
        @Option(help: "Buyer's country (where the goods go).") var buyer: String
        @Option(name: .customLong("vat-number"), help: "The buyer's VAT number, as given.") var vatNumber: String?
        @Flag(help: "The buyer buys as a business (B2B); B2C otherwise.") var b2b = false
        @Option(name: .customLong("distance-sales-cents"), help: "This year's EU distance sales before this sale, net, EUR cents.") var distanceSalesCents = 0
        @Option(name: .customLong("last-year-cents"), help: "Last year's EU distance sales, net, EUR cents.") var lastYearCents = 0
        @Option(name: .customLong("amount-cents"), help: "This sale, net, EUR cents.") var amountCents = 0
        @Flag(name: .customLong("oss-opt-in"), help: "The seller opted in to destination taxation.") var ossOptIn = false
        @Option(name: .customLong("class"), help: "Rate class of the goods.") var rateClass: String = "standard"
        @Option(help: "Supply day (YYYY-MM-DD); today when left out.") var date: String?
        @Option(help: "Language of the mention: en, fr or de.") var language = "en"

        func run() throws {
            guard let rateClass = VATRateClass(rawValue: rateClass) else { throw ValidationError("--class must be standard, intermediate, reduced, super_reduced or zero") }
            let sale = VATSale(sellerCountry: seller.uppercased(), buyerCountry: buyer.uppercased(), buyerVATNumber: vatNumber, isBusinessBuyer: b2b,
                               distanceSalesThisYearEURCents: distanceSalesCents, distanceSalesLastYearEURCents: lastYearCents, amountEURCents: amountCents,
                               ossOptIn: ossOptIn, rateClass: rateClass, date: try parseDay(date))
            let result: VATDetermination
            do { result = try VATRegime.determine(sale, rates: .seed) } catch {
                printError(error.description)
                throw ExitCode.failure
            }
            print("regime\t\(result.regime.rawValue)")
            print("rate\t\(result.rate.map { "\($0.percent) % (\($0.country))" } ?? "0 % (exempt)")")
            print("category\t\(result.category.rawValue)")
            if let exemption = result.exemption { print("exemption\t\(exemption.code) \(exemption.text)") }
            print("mention\t\(result.exemption?.mention.text(language: language) ?? "")")
            if let problem = result.buyerVATNumberProblem { print("buyer VAT number not used\t\(problem)") }
            print("why\t\(result.explanation)")
        }
    }

    static func parseDay(_ text: String?) throws -> Date {
        guard let text else { return VATDay.day(of: Date()) }
        guard let day = VATDay.parse(text) else { throw ValidationError("--date must be a day such as 2026-03-01") }
        return day
    }
}
