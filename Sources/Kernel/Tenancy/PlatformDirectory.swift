import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// A platform as a request sees it: identity, branding and where it was reached.
public struct ResolvedPlatform: Sendable, Equatable {
    public let id: UUID
    public let code: String
    public let name: String
    public let tagline: String
    public let primaryColor: String
    public let accentColor: String
    public let logoPath: String?
    public let defaultLocale: String
    public let defaultCurrency: String
    /// Modules the platform offers.
    public let modules: Set<String>
    /// The prefix the request came through (`/oms` in development), for building links.
    public let pathPrefix: String
    /// The vendor whose custom domain the request came through.
    public let vendorId: UUID?
}

/// The in-memory map from addresses to platforms, shared by every request.
///
/// Loaded from the database; reloaded when this instance changes platforms or domains, and
/// at most `refreshInterval` after another instance did.
public final class PlatformDirectory: Sendable {
    struct Snapshot: Sendable {
        var resolver: PlatformResolver
        var platforms: [UUID: Platform]
        var modules: [UUID: Set<String>]
        var loadedAt: ContinuousClock.Instant
    }

    private let database: Database
    private let environment: AgoraConfiguration.Environment
    private let refreshInterval: Duration
    private let state = NIOLockedValueBox<(snapshot: Snapshot?, stale: Bool)>((nil, true))

    /// Hosts that serve every platform under `/<code>` in development.
    public static let developmentHosts = ["localhost", "127.0.0.1", "::1"]

    public init(database: Database, environment: AgoraConfiguration.Environment, refreshInterval: Duration) {
        self.database = database
        self.environment = environment
        self.refreshInterval = refreshInterval
    }

    /// Marks the map stale so the next request reloads it (call after writing platforms or domains).
    public func invalidate() {
        state.withLockedValue { $0.stale = true }
    }

    /// The platform for `host` and `path`, with the path below the platform's prefix.
    public func resolve(host: String, path: String) async throws -> (platform: ResolvedPlatform, remainingPath: String)? {
        let snapshot = try await current()
        guard let match = snapshot.resolver.resolve(host: host, path: path),
              let platform = snapshot.platforms[match.route.platformId], platform.isActive
        else { return nil }
        let resolved = ResolvedPlatform(
            id: platform.id, code: platform.code, name: platform.name, tagline: platform.tagline,
            primaryColor: platform.primaryColor, accentColor: platform.accentColor, logoPath: platform.logoPath,
            defaultLocale: platform.defaultLocale, defaultCurrency: platform.defaultCurrency,
            modules: snapshot.modules[platform.id] ?? [], pathPrefix: match.route.pathPrefix, vendorId: match.route.vendorId)
        return (resolved, match.remainingPath)
    }

    private func current() async throws -> Snapshot {
        let now = ContinuousClock.now
        let cached = state.withLockedValue { state -> Snapshot? in
            guard let snapshot = state.snapshot, !state.stale, now - snapshot.loadedAt < refreshInterval else { return nil }
            return snapshot
        }
        if let cached { return cached }
        let snapshot = try await load()
        state.withLockedValue { $0 = (snapshot, false) }
        return snapshot
    }

    private struct DomainRow: Decodable {
        let host: String
        let pathPrefix: String
        let platformId: UUID
        let vendorId: UUID?
    }

    private struct ModuleRow: Decodable {
        let platformId: UUID
        let moduleId: String
    }

    private func load() async throws -> Snapshot {
        let environment = self.environment
        return try await database.read { session in
            let platforms = try await session.sql.raw("SELECT * FROM platforms").rows(Platform.self)
            let domains = try await session.sql.raw("SELECT host, path_prefix, platform_id, vendor_id FROM platform_domains").rows(DomainRow.self)
            let modules = try await session.sql.raw("SELECT platform_id, module_id FROM platform_modules").rows(ModuleRow.self)
            let byID = Dictionary(uniqueKeysWithValues: platforms.map { ($0.id, $0) })
            var routes = domains.compactMap { row -> DomainRoute? in
                guard let platform = byID[row.platformId] else { return nil }
                return DomainRoute(host: row.host, pathPrefix: row.pathPrefix, platformId: platform.id, platformCode: platform.code, vendorId: row.vendorId)
            }
            if environment == .development || environment == .test {
                for platform in platforms {
                    for host in Self.developmentHosts {
                        routes.append(DomainRoute(host: host, pathPrefix: "/" + platform.code, platformId: platform.id, platformCode: platform.code))
                    }
                }
            }
            return Snapshot(
                resolver: PlatformResolver(routes: routes),
                platforms: byID,
                modules: Dictionary(grouping: modules, by: \.platformId).mapValues { Set($0.map(\.moduleId)) },
                loadedAt: ContinuousClock.now)
        }
    }
}
