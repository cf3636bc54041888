import NIOPosix

/// CPU-heavy or blocking work (bcrypt, drawing a PDF) run on NIO's thread pool, so it never
/// holds a Swift concurrency thread — or an event loop — that other requests are waiting for.
public enum BlockingWork {
    /// Runs `body` on a pool thread and returns its result.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}
