import Foundation
import Hummingbird

/// The vendor a vendor-area request acts for, on the request's platform, with the caller's role.
public struct VendorScope: Sendable, Equatable {
    public let vendorId: UUID
    public let platformId: UUID
    /// The caller's role on the vendor (platform admins and super admins act as owners).
    public let role: Role
    public let subscription: Subscription

    /// A scope for work the caller has already authorised (background jobs, benchmarks, tests).
    public init(vendorId: UUID, platformId: UUID, role: Role, subscription: Subscription) {
        self.vendorId = vendorId
        self.platformId = platformId
        self.role = role
        self.subscription = subscription
    }
}

/// Works out which vendor a request is about.
///
/// In order: the vendor whose custom domain was used; the vendor an API token is scoped to;
/// the `X-Agora-Vendor` header (slug or id); the vendor chosen on the pages (the
/// `agora_vendor` cookie, ignored once the caller no longer works for it); the only vendor the
/// caller works for on this platform. The vendor must be on the request's platform and the caller must hold a role on
/// it (or administer the platform); otherwise it does not exist for them (404).
enum VendorScopeResolver {
    /// The cookie the vendor chooser sets (a vendor id).
    static let chosenVendorCookie = "agora_vendor"

    /// The vendors `principal` works for on `platform`, by name.
    static func vendors(of principal: Principal, platform: UUID, on db: DatabaseSession) async throws -> [Vendor] {
        var vendors: [Vendor] = []
        for id in Set(principal.memberships.compactMap(\.vendorId)).union(principal.ownedCompanyVendorIDs)
        where try await TenancyStore.subscription(vendor: id, platform: platform, on: db) != nil {
            if let vendor = try await TenancyStore.vendor(id, on: db) { vendors.append(vendor) }
        }
        return vendors.sorted { $0.name < $1.name }
    }

    static func resolve(_ request: Request, context: AgoraRequestContext, minimum: Role, database: Database, features: FeatureGate) async throws -> VendorScope {
        let principal = try context.requirePrincipal()
        let platform = try context.requirePlatform()
        // A vendor-scoped API token acts for its vendor only.
        var tokenVendor: UUID?
        if case .token = principal.credential {
            tokenVendor = principal.memberships.compactMap(\.vendorId).first ?? principal.ownedCompanyVendorIDs.first
        }
        let requested = request.headers[.init("X-Agora-Vendor")!]
        let chosen = request.cookies[chosenVendorCookie].flatMap { UUID(uuidString: $0.value) }
        // Subscriptions come from the feature gate's cache: a request names its vendor without a query.
        func subscription(_ vendor: UUID) async throws -> Subscription? { try await features.subscription(platform: platform.id, vendor: vendor) }
        var vendorId = platform.vendorId ?? tokenVendor
        if vendorId == nil, requested == nil, let chosen, principal.canAdminister(platform: platform.id) || principal.vendorRole(chosen) != nil,
           try await subscription(chosen) != nil {
            vendorId = chosen
        }
        if vendorId == nil, let requested {
            if let id = UUID(uuidString: requested) {
                vendorId = id
            } else {
                vendorId = try await database.read { try await TenancyStore.vendor(slug: requested, on: $0)?.id }
            }
            guard vendorId != nil else { throw Problem.notFound("Vendor") }
        }
        if vendorId == nil {
            // The caller's vendors on this platform; exactly one makes the choice obvious.
            let candidates = Set(principal.memberships.compactMap(\.vendorId)).union(principal.ownedCompanyVendorIDs)
            var onPlatform: [UUID] = []
            for candidate in candidates.sorted(by: { $0.uuidString < $1.uuidString })
            where try await subscription(candidate) != nil {
                onPlatform.append(candidate)
            }
            guard onPlatform.count == 1 else {
                throw Problem(status: .badRequest, code: "vendor_required", title: "Which vendor?",
                              detail: onPlatform.isEmpty
                                  ? "You do not work for any vendor on this platform."
                                  : "You work for several vendors here; name one in the X-Agora-Vendor header (slug or id).")
            }
            vendorId = onPlatform[0]
        }
        guard let vendorId, let subscription = try await subscription(vendorId) else {
            throw Problem.notFound("Vendor")
        }
        let role: Role? = principal.canAdminister(platform: platform.id) ? .vendorOwner : principal.vendorRole(vendorId)
        guard let role else { throw Problem.notFound("Vendor") }
        guard role.vendorRank >= minimum.vendorRank else {
            throw Problem.forbidden("This needs the \(minimum.rawValue) role or higher on the vendor.")
        }
        return VendorScope(vendorId: vendorId, platformId: platform.id, role: role, subscription: subscription)
    }

    /// The shop a public shop request is addressed to: the vendor of the custom domain, or the
    /// vendor whose slug is the `:shop` path parameter. It must be active and on this platform;
    /// otherwise the shop does not exist (404). Shoppers act with the least vendor role, and
    /// only through routes declared `Access.shop`.
    static func shop(context: AgoraRequestContext, vendors: VendorCache, features: FeatureGate) async throws -> VendorScope {
        let platform = try context.requirePlatform()
        let slug = context.parameters.get("shop")
        var vendor: Vendor?
        if let slug {
            vendor = try await vendors.vendor(slug: slug)
            // On a vendor's own domain, another shop's slug finds nothing.
            guard platform.vendorId == nil || vendor?.id == platform.vendorId else { throw Problem.notFound("Shop") }
        } else if let domainVendor = platform.vendorId {
            vendor = try await vendors.vendor(domainVendor)
        }
        guard let vendor, vendor.isActive, let subscription = try await features.subscription(platform: platform.id, vendor: vendor.id)
        else { throw Problem.notFound("Shop") }
        return VendorScope(vendorId: vendor.id, platformId: platform.id, role: .vendorStaff, subscription: subscription)
    }
}

extension VendorScope {
    /// The vendors of the companies `principal` owns that are on `platformId`, as company-owner
    /// scopes sorted by id: views spanning a company read each in its own vendor-scoped
    /// transaction, so row-level security stays on.
    public static func ownedCompanyVendors(of principal: Principal, platform platformId: UUID, on db: DatabaseSession) async throws -> [VendorScope] {
        var scopes: [VendorScope] = []
        for vendorId in principal.ownedCompanyVendorIDs.sorted(by: { $0.uuidString < $1.uuidString }) {
            guard let subscription = try await TenancyStore.subscription(vendor: vendorId, platform: platformId, on: db) else { continue }
            scopes.append(VendorScope(vendorId: vendorId, platformId: platformId, role: .companyOwner, subscription: subscription))
        }
        return scopes
    }
}
