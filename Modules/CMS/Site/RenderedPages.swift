import Foundation
import Kernel
import NIOConcurrencyHelpers

/// Rendered public pages kept in memory, one per (platform, vendor, slug, locale asked for).
///
/// A rendition is dropped when anything it shows may have changed:
/// - a page, platform, vendor, tier or add-on change announced through ``ChangeNotifier``
///   (`content`, `platforms`, `features`) — at once on this instance and, on PostgreSQL, on every
///   other instance through `NOTIFY`;
/// - the publish time of a scheduled page among its candidates (the answer changes then);
/// - the configured time-to-live, for changes made by another process on SQLite (the CLI).
///
/// Only pages that were found are kept, so unknown slugs cannot fill memory; the store is
/// also bounded (it starts over when full, which costs one render per page).
final class RenderedPages: Sendable {
    struct Key: Hashable, Sendable {
        let platform: UUID
        let vendor: UUID?
        /// "" for a site's home.
        let slug: String
        /// The locale the visitor asked for, canonical; nil when they asked for none.
        let locale: String?
    }

    /// What a builder hands back: the document, and when the answer may change by itself
    /// (a scheduled page going live).
    struct Rendition: Sendable {
        let document: PublicDocument
        let changesAt: Date?
    }

    private struct Entry: Sendable {
        let document: PublicDocument
        let versions: Versions
        let expires: ContinuousClock.Instant
        let changesAt: Date?

        func isCurrent(versions current: Versions, clock: ContinuousClock.Instant, now: Date) -> Bool {
            versions == current && expires > clock && changesAt.map { $0 > now } ?? true
        }
    }

    private struct Versions: Hashable, Sendable {
        let content: Int
        let platforms: Int
        let features: Int
    }

    /// A build in progress, shared by the visitors who asked for the same key at the same versions.
    private struct Flight: Hashable, Sendable {
        let key: Key
        let versions: Versions
    }

    private struct State: Sendable {
        var entries: [Key: Entry] = [:]
        var inflight: [Flight: Task<Rendition, any Error>] = [:]
    }

    private enum Lookup {
        case hit(PublicDocument)
        case wait(Task<Rendition, any Error>)
    }

    private let state = NIOLockedValueBox(State())
    private let changes: ChangeNotifier
    private let timeToLive: Duration
    private let capacity: Int

    init(changes: ChangeNotifier, timeToLive: Duration, capacity: Int = 20_000) {
        self.changes = changes
        self.timeToLive = timeToLive
        self.capacity = capacity
    }

    private func currentVersions() -> Versions {
        Versions(content: changes.version(.content), platforms: changes.version(.platforms), features: changes.version(.features))
    }

    /// The cached rendition for `key`, or `build`'s, which is kept when it is a found page.
    /// Visitors who miss the same key at the same time share one build, so an expiry under load
    /// costs one rendering and one query, not one per waiting connection.
    func document(_ key: Key, now: Date, build: @escaping @Sendable () async throws -> Rendition) async throws -> PublicDocument {
        // Versions are read before building: a change announced during the build leaves an
        // entry that is already stale, never a stale entry that looks current.
        let versions = currentVersions()
        let clock = ContinuousClock.now
        let flight = Flight(key: key, versions: versions)
        let lookup: Lookup = state.withLockedValue { state in
            if let entry = state.entries[key], entry.isCurrent(versions: versions, clock: clock, now: now) { return .hit(entry.document) }
            if let running = state.inflight[flight] { return .wait(running) }
            let task = Task { try await build() }
            state.inflight[flight] = task
            return .wait(task)
        }
        let task: Task<Rendition, any Error>
        switch lookup {
        case .hit(let document): return document
        case .wait(let running): task = running
        }
        let result = await task.result
        let entry: Entry? = (try? result.get()).flatMap { rendition in
            rendition.document.cacheable
                ? Entry(document: rendition.document, versions: versions, expires: clock + timeToLive, changesAt: rendition.changesAt) : nil
        }
        state.withLockedValue { state in
            if state.inflight[flight] == task { state.inflight[flight] = nil }
            guard let entry else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = entry
        }
        return try result.get().document
    }

    /// How many renditions are kept (for tests and metrics).
    var count: Int { state.withLockedValue { $0.entries.count } }
}
