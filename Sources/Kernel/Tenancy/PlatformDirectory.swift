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

extension ResolvedPlatform {
    /// The platform as page layouts use it (`{{platform.name}}`, its colours).
    public var templateData: [String: String] {
        ["name": name, "code": code, "tagline": tagline, "primaryColor": primaryColor, "accentColor": accentColor]
    }

    /// Where the storefront of the vendor `slug` lives for links: the prefix and
    /// `/shop/<slug>` on the platform's domain, the domain's root (the prefix) on the vendor's own.
    public func storefrontBase(shopSlug slug: String) -> String {
        vendorId != nil ? pathPrefix : pathPrefix + AgoraResponder.storefrontPrefix + "/" + slug
    }
}

/// The in-memory map from addresses to platforms, shared by every request.
///
/// Loaded from the database; rebuilt after a change announced through ``ChangeNotifier`` (at
/// once on every instance on PostgreSQL) and at the latest after `timeToLive`.
public final class PlatformDirectory: Sendable {
    struct Snapshot: Sendable {
        var resolver: PlatformResolver
        var platforms: [UUID: Platform]
        var modules: [UUID: Set<String>]
        var loadedAt: ContinuousClock.Instant
        var version: Int
    }

    private let database: Database
    private let environment: AgoraConfiguration.Environment
    private let changes: ChangeNotifier
    private let timeToLive: Duration
    private let state = NIOLockedValueBox<Snapshot?>(nil)

    /// Hosts that serve every platform under `/<code>` in development.
    public static let developmentHosts = ["localhost", "127.0.0.1", "::1"]

    init(database: Database, environment: AgoraConfiguration.Environment, changes: ChangeNotifier, timeToLive: Duration) {
        self.database = database
        self.environment = environment
        self.changes = changes
        self.timeToLive = timeToLive
    }

    /// Call after committing a change to platforms, domains or modules: every instance reloads.
    public func invalidate() async {
        await changes.announce(.platforms)
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
        let version = changes.version(.platforms)
        let cached = state.withLockedValue { snapshot -> Snapshot? in
            guard let snapshot, snapshot.version == version, now - snapshot.loadedAt < timeToLive else { return nil }
            return snapshot
        }
        if let cached { return cached }
        let snapshot = try await load(version: version)
        state.withLockedValue { $0 = snapshot }
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

    private func load(version: Int) async throws -> Snapshot {
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
                loadedAt: ContinuousClock.now, version: version)
        }
    }
}
