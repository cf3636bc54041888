import Foundation
import Logging
import Mail

/// What the kernel hands every module: configuration, the database, the platform map,
/// password hashing and the clock. Built once at startup.
public final class KernelServices: Sendable {
    public let configuration: AgoraConfiguration
    public let database: Database
    public let logger: Logger
    public let platforms: PlatformDirectory
    public let passwords: PasswordHasher
    public let registry: ModuleRegistry
    public let routes: RouteTable
    /// Cross-instance change announcements for in-memory caches.
    public let changes: ChangeNotifier
    /// Feature resolution, cached per (platform, vendor).
    public let features: FeatureGate
    /// Vendors by slug and id, remembered between requests.
    public let vendors: VendorCache
    /// Principals of sessions and API tokens, remembered between requests.
    let principals: PrincipalCache
    /// Usage counters against tier limits.
    public let usage: UsageMeter
    /// Request counts and latencies of this instance.
    public let metrics = RequestMetrics()
    /// JSON Schemas derived from the API's types, for OpenAPI.
    public let schemas = SchemaRegistry()
    /// The server-rendered pages' templates.
    public let pages: PageRenderer
    /// Links modules add to other modules' pages.
    public let pageExtensions = PageExtensions()
    /// The current time; tests may pin it.
    public let now: @Sendable () -> Date
    /// Outgoing mail: SMTP from the configuration, a refusal without one; tests pass their own.
    public let mailer: Mailer

    public init(configuration: AgoraConfiguration, database: Database, logger: Logger, registry: ModuleRegistry,
                pages: PageRenderer, now: @escaping @Sendable () -> Date = { Date() }, mailer: Mailer? = nil) {
        self.pages = pages
        self.mailer = mailer ?? Mailer.live(configuration.mail)
        self.configuration = configuration
        self.database = database
        self.logger = logger
        self.registry = registry
        self.now = now
        self.changes = ChangeNotifier(database: database, logger: logger)
        self.platforms = PlatformDirectory(database: database, environment: configuration.environment,
                                           changes: changes, timeToLive: configuration.cacheTimeToLive)
        self.features = FeatureGate(database: database, changes: changes, timeToLive: configuration.cacheTimeToLive)
        self.vendors = VendorCache(database: database, changes: changes, timeToLive: configuration.cacheTimeToLive)
        self.principals = PrincipalCache(changes: changes, timeToLive: configuration.cacheTimeToLive)
        self.usage = UsageMeter(registry: registry)
        self.passwords = PasswordHasher(cost: configuration.bcryptCost)
        self.routes = RouteTable()
    }

    /// Request authentication over this kernel's database.
    public var authenticator: Authenticator {
        Authenticator(database: database, sessionLifetime: configuration.sessionLifetime, now: now, cache: principals)
    }

    /// Sign-in over this kernel's database.
    public var logins: LoginService {
        LoginService(database: database, passwords: passwords, sessionLifetime: configuration.sessionLifetime, now: now, changes: changes)
    }

    /// The migrator for every registered module, kernel first.
    public var migrator: Migrator {
        Migrator(database: database, folder: configuration.root.appendingPathComponent("migrations"), owners: registry.migrationOwners)
    }
}
