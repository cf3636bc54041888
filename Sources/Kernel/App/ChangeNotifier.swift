import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import ServiceLifecycle

/// Tells every app instance that shared configuration changed, so in-memory caches (platform
/// domains, feature resolution) are rebuilt on the next request.
///
/// Each instance keeps a version per topic; caches remember the version they were built at.
/// A change bumps the local version at once and, on PostgreSQL, sends `NOTIFY agora_changes`
/// so the other instances' listeners bump theirs. On SQLite there is one app instance by
/// design; a short time-to-live covers changes made by another process (the CLI).
public final class ChangeNotifier: Sendable {
    /// What changed.
    public enum Topic: String, Sendable, CaseIterable {
        /// Platforms and their domains.
        case platforms
        /// Feature switches, overrides, tiers, add-ons and subscriptions.
        case features
        /// Users, roles, sessions and API tokens (sign-out, revocation, grants, edits).
        case accounts
        /// What public pages show that their modules cache rendered (content pages, catalog
        /// texts): a change drops the renditions on every instance.
        case content
    }

    /// The PostgreSQL channel used between instances.
    static let channel = "agora_changes"

    private let versions = NIOLockedValueBox<[Topic: Int]>([:])
    let database: Database
    let logger: Logger

    init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// The versions of both topics, read under one lock (the feature gate needs both per request).
    func currentVersions() -> (features: Int, platforms: Int) {
        versions.withLockedValue { ($0[.features, default: 0], $0[.platforms, default: 0]) }
    }

    /// The current version of `topic` in this instance.
    public func version(_ topic: Topic) -> Int {
        versions.withLockedValue { $0[topic, default: 0] }
    }

    func bump(_ topic: Topic) {
        versions.withLockedValue { $0[topic, default: 0] += 1 }
    }

    func bumpAll() {
        versions.withLockedValue { versions in for topic in Topic.allCases { versions[topic, default: 0] += 1 } }
    }

    /// Call after the transaction that changed `topic` committed.
    public func announce(_ topic: Topic) async {
        bump(topic)
        guard database.kind == .postgres else { return }
        do {
            try await database.read { session in
                try await session.sql.raw("SELECT pg_notify(\(bind: Self.channel), \(bind: topic.rawValue))").run()
            }
        } catch {
            // Other instances fall back on their time-to-live; this one is already current.
            logger.warning("Could not notify other instances of a change", metadata: ["topic": .string(topic.rawValue), "error": .string(DatabaseErrors.describe(error))])
        }
    }

    /// Listens for other instances' changes (PostgreSQL only); reconnects with backoff.
    public struct Listener: Service {
        let notifier: ChangeNotifier

        public func run() async throws {
            // A service that returns stops the whole service group, so on SQLite (one instance,
            // nothing to listen to) wait for shutdown instead.
            guard case .postgres(let backend) = notifier.database.backend else {
                try? await gracefulShutdown()
                return
            }
            await cancelWhenGracefulShutdown {
                var delay: Duration = .milliseconds(200)
                while !Task.isCancelled {
                    let started = ContinuousClock.now
                    do {
                        try await backend.client.withConnection { connection in
                            try await connection.listen(on: ChangeNotifier.channel) { notifications in
                                // Anything may have changed while we were not listening.
                                notifier.bumpAll()
                                for try await notification in notifications {
                                    if let topic = Topic(rawValue: notification.payload) { notifier.bump(topic) } else { notifier.bumpAll() }
                                }
                            }
                        }
                    } catch {
                        if Task.isCancelled { return }
                        notifier.logger.warning("Change listener lost its connection; retrying", metadata: ["error": .string(DatabaseErrors.describe(error))])
                    }
                    // A connection that lived a while resets the backoff.
                    if ContinuousClock.now - started > .seconds(30) { delay = .milliseconds(200) }
                    try? await Task.sleep(for: delay)
                    delay = min(delay * 2, .seconds(10))
                }
            }
        }
    }
}
