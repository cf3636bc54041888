import ArgumentParser
import Commerce
import Invoicing
import Kernel

/// `agora demo seed`: demo vendors, products, stock, customers and orders, and a vendor with
/// invoices and credit notes in every VAT regime (idempotent).
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Demo data.", subcommands: [Seed.self])

    struct Seed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load the demo shops (safe to run again) and print their logins.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await reportingFailures {
                let configuration = try database.configuration()
                let kernel = try await AgoraApplication.boot(configuration: configuration, modules: InstalledModules.all, logger: Logs.logger(configuration))
                let logins = try await CommerceDemo.seed(kernel: kernel)
                    + InvoicingDemo.seed(kernel: kernel, password: CommerceDemo.password)
                await kernel.database.close()
                print("Demo data ready. Vendor logins (sign in at /oms/api/v1/auth/login):")
                for login in logins { print("  \(login)") }
            }
        }
    }
}
