import Logging
import NIOSSL
import PostgresKit
import PostgresNIO

/// PostgreSQL through PostgresNIO's connection pool.
final class PostgresBackend: Sendable {
    let client: PostgresClient
    private let runner: Task<Void, Never>

    private init(client: PostgresClient) {
        self.client = client
        self.runner = Task { await client.run() }
    }

    static func open(_ location: DatabaseURL.PostgresLocation, url: DatabaseURL, logger: Logger) async throws -> PostgresBackend {
        let tls: PostgresClient.Configuration.TLS
        switch location.tlsMode {
        case "require": tls = .require(.makeClientConfiguration())
        case "prefer": tls = .prefer(.makeClientConfiguration())
        default: tls = .disable
        }
        var configuration = PostgresClient.Configuration(
            host: location.host,
            port: location.port,
            username: location.username,
            password: location.password,
            database: location.database,
            tls: tls
        )
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = 20
        do {
            try await probe(location, logger: logger)
        } catch {
            throw DatabaseStartupError(url: url, reason: PostgresBackend.explain(error))
        }
        return PostgresBackend(client: PostgresClient(configuration: configuration, backgroundLogger: logger))
    }

    /// One direct connection and `SELECT 1`, so a wrong URL fails at once with the server's
    /// reason (the pool would keep retrying in the background instead).
    private static func probe(_ location: DatabaseURL.PostgresLocation, logger: Logger) async throws {
        let tls: PostgresConnection.Configuration.TLS
        switch location.tlsMode {
        case "require": tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case "prefer": tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: tls = .disable
        }
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username,
            password: location.password, database: location.database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        do {
            _ = try await connection.query("SELECT 1", logger: logger).collect()
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { try await body($0) }
    }

    func close() async {
        runner.cancel()
        _ = await runner.value
    }

    /// PSQLError hides details from `description` on purpose; at startup the operator needs them.
    static func explain(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return message
            }
            if let underlying = error.underlying {
                return "\(underlying)"
            }
            return "\(error.code)"
        }
        return "\(error)"
    }
}
