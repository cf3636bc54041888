/// A fixed set of connections handed out one task at a time.
///
/// SQLite connections are not safe to share between concurrent statements, and SQLite allows one
/// writer at a time, so the SQLite backend keeps one pool of a single writer and one of readers.
actor ConnectionPool<Connection: Sendable> {
    private var idle: [Connection]
    private var waiters: [CheckedContinuation<Connection, Never>] = []

    init(_ connections: [Connection]) {
        self.idle = connections
    }

    func acquire() async -> Connection {
        if let connection = idle.popLast() { return connection }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func release(_ connection: Connection) {
        if waiters.isEmpty {
            idle.append(connection)
        } else {
            waiters.removeFirst().resume(returning: connection)
        }
    }

    /// Lends a connection to `body` and takes it back however `body` ends.
    nonisolated func withConnection<T: Sendable>(
        _ body: (Connection) async throws -> T
    ) async throws -> T {
        let connection = await acquire()
        do {
            let result = try await body(connection)
            await release(connection)
            return result
        } catch {
            await release(connection)
            throw error
        }
    }
}
