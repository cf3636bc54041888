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
        // A transaction-level advisory lock, released by COMMIT or ROLLBACK.
        try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: AdvisoryLock.startup))").run()
    }
}

/// The keys of Agora's PostgreSQL advisory locks, kept together so no two share one.
enum AdvisoryLock {
    /// Held for the session while one process migrates (``Migrator``).
    static let migrations: Int64 = 7_420_113
    /// Held for a transaction of start-up work (``DatabaseSession/holdStartupLock()``).
    static let startup: Int64 = 7_420_114
}
