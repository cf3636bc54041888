import Foundation
import NIOConcurrencyHelpers

/// Who is behind a session cookie or API token, remembered between requests.
///
/// Loading a principal takes three or four queries (the credential, the user, their
/// memberships, their companies' vendors); an API client or a clerk paging through orders
/// would pay them on every request. An entry is trusted while no account change was announced
/// (``ChangeNotifier/Topic/accounts``: sign-out, token revocation, role grants and
/// revocations, user edits; ``ChangeNotifier/Topic/features`` covers new vendors of a
/// company) and for at most the cache time-to-live. Expiry dates are checked on every use.
final class PrincipalCache: Sendable {
    struct Versions: Equatable { let accounts: Int; let features: Int }

    /// A credential's principal with what is needed to judge it without the database.
    struct Entry: Sendable {
        let principal: Principal
        var expiresAt: Date
        /// When the credential's use was last written (sessions: sliding expiry; tokens: last use).
        var lastWrittenAt: Date?
        let version: Versions
        let builtAt: ContinuousClock.Instant
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    let changes: ChangeNotifier
    let timeToLive: Duration

    init(changes: ChangeNotifier, timeToLive: Duration) {
        self.changes = changes
        self.timeToLive = timeToLive
    }

    /// The versions to tag a new entry with; read before loading, so a change that commits
    /// while loading makes the entry stale at once.
    func currentVersions() -> Versions {
        Versions(accounts: changes.version(.accounts), features: changes.version(.features))
    }

    /// The entry for `digest` if it is still current.
    func entry(_ digest: String) -> Entry? {
        guard let entry = entries.withLockedValue({ $0[digest] }) else { return nil }
        guard entry.version == currentVersions(), ContinuousClock.now - entry.builtAt < timeToLive else { return nil }
        return entry
    }

    func store(_ entry: Entry, for digest: String) {
        entries.withLockedValue { entries in
            // A crude bound: forgetting everyone costs one reload each.
            if entries.count > 100_000 { entries.removeAll(keepingCapacity: true) }
            entries[digest] = entry
        }
    }

    /// Records that the credential's use was written at `date` (and a session's new expiry).
    func written(_ digest: String, at date: Date, expiresAt: Date? = nil) {
        entries.withLockedValue { entries in
            entries[digest]?.lastWrittenAt = date
            if let expiresAt { entries[digest]?.expiresAt = expiresAt }
        }
    }

    func forget(_ digest: String) {
        _ = entries.withLockedValue { $0.removeValue(forKey: digest) }
    }
}
