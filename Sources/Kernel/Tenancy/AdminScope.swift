import Foundation
import SQLKit

/// What part of the tenancy an admin may see: everything (super admin) or their platforms.
public enum AdminScope: Sendable, Equatable {
    case everything
    case platforms(Set<UUID>)

    /// The scope of `principal`'s admin rights.
    public init(_ principal: Principal) {
        self = principal.isSuperAdmin ? .everything : .platforms(principal.administeredPlatformIDs)
    }

    /// Whether `platformId` is inside the scope.
    public func covers(platform platformId: UUID) -> Bool {
        switch self {
        case .everything: return true
        case .platforms(let ids): return ids.contains(platformId)
        }
    }

    /// An SQL condition restricting `column` (a platform id) to the scope.
    func condition(_ column: String) -> SQLQueryString {
        switch self {
        case .everything:
            return "1 = 1"
        case .platforms(let ids):
            if ids.isEmpty { return "1 = 0" }
            return "\(unsafeRaw: column) IN (\(binds: ids.sorted { $0.uuidString < $1.uuidString }))"
        }
    }

    /// An SQL condition: the vendor aliased `alias` is on a platform inside the scope.
    func vendorCondition(_ alias: String) -> SQLQueryString {
        switch self {
        case .everything:
            return "1 = 1"
        case .platforms:
            return "EXISTS (SELECT 1 FROM vendor_platforms vp WHERE vp.vendor_id = \(unsafeRaw: alias).id AND \(condition("vp.platform_id")))"
        }
    }
}
