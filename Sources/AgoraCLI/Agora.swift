import ArgumentParser
import CMS
import Commerce
import Foundation
import Invoicing
import Kernel
import Logging

/// `agora`: run and operate an Agora deployment.
@main
struct Agora: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agora",
        abstract: "Agora — multi-tenant commerce for small European sellers.",
        discussion: """
            Configuration comes from AGORA_* environment variables (see README.md); flags override them.
            The database defaults to SQLite at var/agora.sqlite; set AGORA_DATABASE_URL=postgres://… for PostgreSQL.
            """,
        subcommands: [Serve.self, Migrate.self, Platforms.self, Users.self, Audit.self, Events.self, VAT.self, Invoices.self, Demo.self, Bench.self],
        defaultSubcommand: nil
    )
}

/// Every module this build of Agora ships, in registration order (the kernel adds itself).
enum InstalledModules {
    static let all: [any AgoraModule] = [CommerceModule(), InvoicingModule(), CMSModule()]
}

/// Flags shared by every command that touches the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DB (default: $AGORA_DATABASE_URL or sqlite://var/agora.sqlite)")
    var databaseURL: String?

    /// The environment's configuration with these flags applied.
    func configuration() throws -> AgoraConfiguration {
        var configuration = try AgoraConfiguration.fromEnvironment()
        if let databaseURL {
            do { configuration.databaseURL = try DatabaseURL(parsing: databaseURL) } catch {
                throw ValidationError("--database-url \(DatabaseURL.mask(databaseURL)) is not sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DB")
            }
        }
        return configuration
    }
}

/// Logging to standard error at the configured level.
enum Logs {
    static func logger(_ configuration: AgoraConfiguration, label: String = "agora") -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = configuration.logLevel
        return logger
    }
}

/// Runs `body`, turning known startup failures into a one-paragraph message and exit code 1.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as DatabaseStartupError {
        printError(error.description)
        throw ExitCode.failure
    } catch let error as MigrationError {
        printError(error.description)
        throw ExitCode.failure
    } catch let error as ModuleGraphError {
        printError(error.description)
        throw ExitCode.failure
    } catch let error as ManifestError {
        printError(error.description)
        throw ExitCode.failure
    } catch let error as ConfigurationError {
        printError(error.description)
        throw ExitCode.failure
    } catch let problem as Problem {
        printError(problem.detail ?? problem.title)
        throw ExitCode.failure
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        // Database errors hide their details from `description`; an operator needs them.
        printError(DatabaseErrors.describe(error))
        throw ExitCode.failure
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
}
