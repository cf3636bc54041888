import Foundation
import ServiceLifecycle

/// A domain module: one SwiftPM target that owns its tables, routes, features and events.
///
/// A module is a value conforming to this protocol; the kernel reads its declarations at boot,
/// validates the module graph, runs its migrations in dependency order and mounts its routes.
public protocol AgoraModule: Sendable {
    /// Stable identifier, also the prefix of its feature codes and event names (`commerce`).
    var id: String { get }
    /// Ids of the modules whose public API or events this one uses.
    var dependencies: [String] { get }
    /// Feature codes the module gates its routes with.
    var features: [FeatureDeclaration] { get }
    /// Usage limits the module counts (orders per month, products, …).
    var limits: [LimitDeclaration] { get }
    /// Folder under `migrations/` holding the module's tables; nil when it has none.
    var migrationsOwner: String? { get }
    /// Event subscriptions: which events the module reacts to, under which subscriber name.
    var eventSubscriptions: [EventSubscription] { get }
    /// Mounts the module's JSON API and pages.
    func registerRoutes(on routes: RouteBuilder, kernel: KernelServices)
    /// Long-running work (schedulers, dispatchers) started with the server.
    func backgroundServices(kernel: KernelServices) -> [any Service]
    /// A folder of Mustache templates for the module's pages (`Bundle.module` resources);
    /// each file is registered by its path below the folder without `.mustache`, so a module
    /// names its templates `<module>/<page>` and can use the kernel's `admin/top` and `admin/bottom`.
    var templatesDirectory: URL? { get }
}

extension AgoraModule {
    public var dependencies: [String] { [] }
    public var features: [FeatureDeclaration] { [] }
    public var limits: [LimitDeclaration] { [] }
    public var migrationsOwner: String? { id }
    public var eventSubscriptions: [EventSubscription] { [] }
    public func registerRoutes(on routes: RouteBuilder, kernel: KernelServices) {}
    public func backgroundServices(kernel: KernelServices) -> [any Service] { [] }
    public var templatesDirectory: URL? { nil }
}

/// A feature a module can gate on (`invoicing.eu_vat`), switched per platform, tier and vendor.
public struct FeatureDeclaration: Sendable, Equatable, Codable {
    /// `<module>` or `<module>.<feature>`.
    public let code: String
    /// Name shown to admins.
    public let name: String
    /// One sentence for the admin pages and pricing.
    public let summary: String

    public init(code: String, name: String, summary: String = "") {
        self.code = code
        self.name = name
        self.summary = summary
    }
}

/// A counted usage limit (`commerce.orders_per_month`).
public struct LimitDeclaration: Sendable, Equatable, Codable {
    /// How the count resets.
    public enum Period: String, Sendable, Codable, CaseIterable {
        /// Counts current holdings (products, team members); never resets.
        case none
        /// Resets at the start of each calendar month (UTC).
        case month
    }

    /// Key used in tier manifests and usage counters.
    public let key: String
    /// Name shown to admins and vendors.
    public let name: String
    /// How the count resets.
    public let period: Period

    public init(key: String, name: String, period: Period) {
        self.key = key
        self.name = name
        self.period = period
    }
}

/// A module's wish to receive an event, under a subscriber name unique across modules.
public struct EventSubscription: Sendable {
    /// `<module>.<entity>.<verb>` in the past tense.
    public let event: String
    /// Unique name of the subscriber (`invoicing.create-on-order-placed`).
    public let subscriber: String
    /// Attempts before a delivery is dead-lettered.
    public let maxAttempts: Int
    /// The handler; it must be idempotent, as a delivery can repeat.
    public let handle: @Sendable (DeliveredEvent) async throws -> Void

    public init(event: String, subscriber: String, maxAttempts: Int = 8, handle: @escaping @Sendable (DeliveredEvent) async throws -> Void) {
        self.event = event
        self.subscriber = subscriber
        self.maxAttempts = maxAttempts
        self.handle = handle
    }
}

/// An event as a subscriber receives it.
public struct DeliveredEvent: Sendable {
    /// Unique id; handlers use it to stay idempotent.
    public let id: UUID
    /// `<module>.<entity>.<verb>`.
    public let name: String
    /// The event's JSON payload.
    public let payload: Data
    /// When the event was published.
    public let occurredAt: Date
    /// The kernel delivering it, for handlers that read or write data.
    public let kernel: KernelServices

    public init(id: UUID, name: String, payload: Data, occurredAt: Date, kernel: KernelServices) {
        self.id = id
        self.name = name
        self.payload = payload
        self.occurredAt = occurredAt
        self.kernel = kernel
    }
}
