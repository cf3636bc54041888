import Foundation
import NIOConcurrencyHelpers

/// Vendors by slug and by id, remembered between requests: every shop request names its
/// vendor, and a checkout needs its currency. Vendor changes are announced with the features
/// (``ChangeNotifier/Topic/features``), which empties this cache on every instance; the cache
/// time-to-live bounds what another process (the CLI) changed.
public final class VendorCache: Sendable {
    private struct Entry: Sendable {
        let vendor: Vendor?
        let version: Int
        let builtAt: ContinuousClock.Instant
    }

    private let bySlug = NIOLockedValueBox<[String: Entry]>([:])
    private let byId = NIOLockedValueBox<[UUID: Entry]>([:])
    let database: Database
    let changes: ChangeNotifier
    let timeToLive: Duration

    init(database: Database, changes: ChangeNotifier, timeToLive: Duration) {
        self.database = database
        self.changes = changes
        self.timeToLive = timeToLive
    }

    /// The vendor whose slug is `slug`, or nil.
    public func vendor(slug: String) async throws -> Vendor? {
        try await cached(slug, in: bySlug) { try await TenancyStore.vendor(slug: slug, on: $0) }
    }

    /// The vendor `id`, or nil.
    public func vendor(_ id: UUID) async throws -> Vendor? {
        try await cached(id, in: byId) { try await TenancyStore.vendor(id, on: $0) }
    }

    private func cached<Key: Hashable & Sendable>(_ key: Key, in box: NIOLockedValueBox<[Key: Entry]>,
                                                  load: @Sendable (DatabaseSession) async throws -> Vendor?) async throws -> Vendor? {
        // The version is read before loading, so a change committed meanwhile makes the entry stale.
        let version = changes.version(.features)
        if let entry = box.withLockedValue({ $0[key] }), entry.version == version, ContinuousClock.now - entry.builtAt < timeToLive {
            return entry.vendor
        }
        let vendor = try await database.read { try await load($0) }
        box.withLockedValue { entries in
            // Unknown slugs are data from the street: bound what they can fill.
            if entries.count > 50_000 { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(vendor: vendor, version: version, builtAt: .now)
        }
        return vendor
    }
}
