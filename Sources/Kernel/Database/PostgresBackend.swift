import Logging
import NIOConcurrencyHelpers
import NIOSSL
import PostgresKit
import PostgresNIO

/// PostgreSQL through PostgresNIO's connection pool.
final class PostgresBackend: Sendable {
    let client: PostgresClient
    /// The statements worth preparing, shared by every connection of the pool.
    let statements = PreparedStatements()
    private let runner: Task<Void, Never>
    /// Each connection's session value of `agora.vendor_id` ("" for none), by connection id,
    /// as this process last set it; a connection missing here is set before its next use.
    private let vendorSettings = NIOLockedValueBox<[PostgresConnection.ID: String]>([:])

    private init(client: PostgresClient) {
        self.client = client
        self.runner = Task { await client.run() }
    }

    static func open(_ location: DatabaseURL.PostgresLocation, url: DatabaseURL, poolSize: Int, keepingConnections: Bool,
                     logger: Logger) async throws -> PostgresBackend {
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
        configuration.options.maximumConnections = poolSize
        // The pool sets an idle timer on every connection above its minimum each time it is
        // handed back, and cancels it at the next lending: about 8 % of the server's CPU for a
        // five-order page. Connections within the minimum get none, so a server keeps all of them.
        if keepingConnections { configuration.options.minimumConnections = poolSize }
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

    /// Lends a connection whose session setting `agora.vendor_id` is `vendor` ("" for work
    /// that is not scoped to one vendor), outside any transaction.
    ///
    /// The setting is session-level, not transaction-local, so a vendor's reads need no
    /// transaction (`BEGIN`, the setting, the query, `COMMIT` was four round trips for one
    /// query) and a connection that served the same vendor last needs no setting at all. It
    /// is only ever changed here, in its own autocommitted statement before the work starts:
    /// a session-level change inside a transaction would be undone by a rollback behind this
    /// record's back. Every lending sets it, so unscoped work never runs with a vendor's
    /// setting, and vendor work never with none (which row-level security reads as "all").
    func withConnection<T: Sendable>(vendor: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            if vendorSettings.withLockedValue({ $0[connection.id] }) != vendor {
                // Unknown until the server confirmed it: a failure here leaves it unknown.
                vendorSettings.withLockedValue { _ = $0.removeValue(forKey: connection.id) }
                _ = try await connection.query("SELECT set_config('agora.vendor_id', \(vendor), false)", logger: connection.logger).collect()
                vendorSettings.withLockedValue { settings in
                    // Closed connections leave entries behind; forgetting all of them only costs a setting each.
                    if settings.count >= 1024 { settings.removeAll() }
                    settings[connection.id] = vendor
                }
            }
            return try await body(connection)
        }
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
