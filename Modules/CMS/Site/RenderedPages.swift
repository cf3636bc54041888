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
    }

    private struct Versions: Equatable, Sendable {
        let content: Int
        let platforms: Int
        let features: Int
    }

    private let entries = NIOLockedValueBox<[Key: Entry]>([:])
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
    func document(_ key: Key, now: Date, build: () async throws -> Rendition) async throws -> PublicDocument {
        // Versions are read before building: a change announced during the build leaves an
        // entry that is already stale, never a stale entry that looks current.
        let versions = currentVersions()
        let clock = ContinuousClock.now
        if let entry = entries.withLockedValue({ $0[key] }), entry.versions == versions, entry.expires > clock,
           entry.changesAt.map({ $0 > now }) ?? true {
            return entry.document
        }
        let rendition = try await build()
        guard rendition.document.cacheable else { return rendition.document }
        let entry = Entry(document: rendition.document, versions: versions, expires: clock + timeToLive, changesAt: rendition.changesAt)
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = entry
        }
        return rendition.document
    }

    /// How many renditions are kept (for tests and metrics).
    var count: Int { entries.withLockedValue { $0.count } }
}
