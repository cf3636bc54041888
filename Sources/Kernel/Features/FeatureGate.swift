import Foundation
import Hummingbird
import NIOConcurrencyHelpers

/// Answers "may this vendor use this feature here?", cached per (platform, vendor) and
/// rebuilt after any change announced through ``ChangeNotifier``.
public final class FeatureGate: Sendable {
    struct Key: Hashable { let platform: UUID; let vendor: UUID? }
    /// Modules offered are platform data, so an entry is stale after either kind of change.
    struct Versions: Equatable { let features: Int; let platforms: Int }
    /// A class, so a cache hit hands out one reference instead of copying five sets.
    final class Entry: Sendable {
        let version: Versions
        let builtAt: ContinuousClock.Instant
        let inputs: FeatureInputs
        init(version: Versions, builtAt: ContinuousClock.Instant, inputs: FeatureInputs) {
            self.version = version
            self.builtAt = builtAt
            self.inputs = inputs
        }
    }

    let database: Database
    let changes: ChangeNotifier
    /// Fallback for changes made where no notification reaches us (another process on SQLite).
    let timeToLive: Duration
    private let cache = NIOLockedValueBox<[Key: Entry]>([:])

    init(database: Database, changes: ChangeNotifier, timeToLive: Duration) {
        self.database = database
        self.changes = changes
        self.timeToLive = timeToLive
    }

    /// The resolution inputs for `vendorId` (nil: no vendor, only platform-level rules apply).
    public func inputs(platform platformId: UUID, vendor vendorId: UUID?) async throws -> FeatureInputs {
        try await entry(platform: platformId, vendor: vendorId).inputs
    }

    func entry(platform platformId: UUID, vendor vendorId: UUID?) async throws -> Entry {
        let key = Key(platform: platformId, vendor: vendorId)
        let current = changes.currentVersions()
        let version = Versions(features: current.features, platforms: current.platforms)
        let now = ContinuousClock.now
        if let entry = cache.withLockedValue({ $0[key] }), entry.version == version, now - entry.builtAt < timeToLive {
            return entry
        }
        let inputs = try await database.read { try await FeatureStore.inputs(platform: platformId, vendor: vendorId, on: $0) }
        let entry = Entry(version: version, builtAt: now, inputs: inputs)
        cache.withLockedValue { cache in
            if cache.count > 50_000 { cache.removeAll(keepingCapacity: true) }
            cache[key] = entry
        }
        return entry
    }

    /// The decision for `code` for a vendor (or the platform alone).
    /// `vendorId`'s subscription on `platformId` (nil if it has not joined), from the same
    /// cache: subscription changes are announced with the features.
    public func subscription(platform platformId: UUID, vendor vendorId: UUID) async throws -> Subscription? {
        try await entry(platform: platformId, vendor: vendorId).inputs.subscription
    }

    public func decide(_ code: String, platform platformId: UUID, vendor vendorId: UUID?) async throws -> FeatureDecision {
        FeatureRules.decide(code, try await inputs(platform: platformId, vendor: vendorId))
    }

    /// Throws the right refusal unless `code` is available: 404 when the platform does not
    /// offer the module, else 403 `feature_not_available` naming the cheapest tier that has it.
    public func require(_ code: String, platform: ResolvedPlatform, vendor: VendorScope?) async throws {
        // A vendor-area route names its vendor; a shop page on a vendor's custom domain has one too.
        try await require(code, platform: platform.id, vendor: vendor?.vendorId ?? platform.vendorId)
    }

    /// The same refusals for `vendor` on its own platform, for domain code that runs outside a
    /// request (the CLI, the demo seed) as well as inside one.
    public func require(_ code: String, vendor: VendorScope) async throws {
        try await require(code, platform: vendor.platformId, vendor: vendor.vendorId)
    }

    private func require(_ code: String, platform platformId: UUID, vendor vendorId: UUID?) async throws {
        let entry = try await entry(platform: platformId, vendor: vendorId)
        var decision = FeatureRules.decide(code, entry.inputs)
        // Without a vendor only the platform-level rules can be judged.
        if vendorId == nil, decision == .notInTier || decision == .subscriptionInactive { decision = .available }
        switch decision {
        case .available:
            return
        case .moduleNotOffered:
            throw Problem(status: .notFound, code: "route_not_found", title: "No such endpoint",
                          detail: "This platform does not offer the \(FeatureRules.module(of: code)) module.")
        case .switchedOff, .revoked, .subscriptionInactive, .notInTier:
            var extensions: [String: JSONValue] = ["feature": .string(code), "reason": .string(decision.rawValue)]
            var detail = "The feature \(code) is not available to this vendor"
            if decision == .notInTier, let tier = try await cheapestTier(with: code, platform: platformId) {
                extensions["cheapest_tier"] = .object([
                    "code": .string(tier.code), "name": .string(tier.name),
                    "monthly_price_minor": tier.monthlyPriceMinor.map { .int($0) } ?? .null, "currency": .string(tier.currency),
                ])
                detail += "; it comes with the \(tier.name) tier"
            } else if decision == .switchedOff {
                detail += "; the platform has switched it off"
            } else if decision == .subscriptionInactive {
                detail += "; the subscription is cancelled"
            }
            throw Problem(status: .forbidden, code: "feature_not_available", title: "Feature not available",
                          detail: detail + ".", extensions: extensions)
        }
    }

    /// The cheapest public tier of `platformId` that includes `code`.
    public func cheapestTier(with code: String, platform platformId: UUID) async throws -> Tier? {
        let tiers = try await database.read { try await TenancyStore.tiers(of: platformId, on: $0) }
        return tiers.filter { $0.isPublic && $0.features.contains(code) }
            .min { ($0.monthlyPriceMinor ?? Int.max, $0.position) < ($1.monthlyPriceMinor ?? Int.max, $1.position) }
    }
}
