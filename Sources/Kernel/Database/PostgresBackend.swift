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
        let backend = PostgresBackend(client: PostgresClient(configuration: configuration, backgroundLogger: logger))
        do {
            // Fail fast and clearly rather than on the first request.
            try await backend.client.withConnection { connection in
                _ = try await connection.query("SELECT 1", logger: logger).collect()
            }
        } catch {
            await backend.close()
            throw DatabaseStartupError(url: url, reason: PostgresBackend.explain(error))
        }
        return backend
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
