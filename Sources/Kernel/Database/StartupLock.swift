import SQLKit

extension DatabaseSession {
    /// Waits until no other instance's transaction holds the start-up lock, then holds it until
    /// this transaction ends.
    ///
    /// For start-up work that checks and then creates (the platforms of the manifests, the first
    /// super admin): two instances starting together on an empty PostgreSQL database both saw
    /// nothing and both inserted, and the second stopped on a duplicate key. On SQLite one
    /// writer at a time already orders them.
    public func holdStartupLock() async throws {
        guard kind == .postgres else { return }
        // A transaction-level advisory lock, released by COMMIT or ROLLBACK; its key differs
        // from the migrator's session-level one.
        try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: Self.startupLockKey))").run()
    }

    private static let startupLockKey: Int64 = 7_420_114
}
