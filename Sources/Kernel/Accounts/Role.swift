import Foundation

/// What a person may do, given by a membership.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Everything, on every platform.
    case superAdmin = "super_admin"
    /// Runs one platform: its branding, domains, tiers and the vendors on it.
    case platformAdmin = "platform_admin"
    /// Owns a company and so every vendor of it.
    case companyOwner = "company_owner"
    /// Runs one vendor, including its team and billing.
    case vendorOwner = "vendor_owner"
    /// Runs one vendor's daily business.
    case vendorManager = "vendor_manager"
    /// Works in one vendor's shop.
    case vendorStaff = "vendor_staff"

    /// Which tenant a membership with this role points at.
    public var scope: MembershipScope {
        switch self {
        case .superAdmin: return .global
        case .platformAdmin: return .platform
        case .companyOwner: return .company
        case .vendorOwner, .vendorManager, .vendorStaff: return .vendor
        }
    }

    /// For vendor roles: higher is more powerful.
    public var vendorRank: Int {
        switch self {
        case .vendorStaff: return 1
        case .vendorManager: return 2
        case .vendorOwner, .companyOwner, .platformAdmin, .superAdmin: return 3
        }
    }
}

/// The kind of tenant a role is scoped to.
public enum MembershipScope: String, Sendable, Codable, CaseIterable {
    case global, platform, company, vendor
}

/// A user's role on one tenant.
public struct Membership: Sendable, Codable, Equatable {
    public let id: UUID
    public let role: Role
    public let platformId: UUID?
    public let companyId: UUID?
    public let vendorId: UUID?

    public init(id: UUID, role: Role, platformId: UUID? = nil, companyId: UUID? = nil, vendorId: UUID? = nil) {
        self.id = id
        self.role = role
        self.platformId = platformId
        self.companyId = companyId
        self.vendorId = vendorId
    }
}

/// Who is making a request: a signed-in user, or an API token acting for its creator within
/// the token's scope. Permission questions are answered here and nowhere else.
public struct Principal: Sendable {
    /// How the principal proved who it is.
    public enum Credential: Sendable, Equatable {
        case session(idHash: String)
        case token(id: UUID)
    }

    public let userID: UUID
    public let email: String
    public let displayName: String
    /// Effective memberships (for a token: only those inside its scope).
    public let memberships: [Membership]
    /// Vendors of the companies this principal owns.
    public let ownedCompanyVendorIDs: Set<UUID>
    public let credential: Credential

    public init(userID: UUID, email: String, displayName: String, memberships: [Membership], ownedCompanyVendorIDs: Set<UUID>, credential: Credential) {
        self.userID = userID
        self.email = email
        self.displayName = displayName
        self.memberships = memberships
        self.ownedCompanyVendorIDs = ownedCompanyVendorIDs
        self.credential = credential
    }

    /// Whether the principal is a super admin.
    public var isSuperAdmin: Bool { memberships.contains { $0.role == .superAdmin } }

    /// Platforms the principal administers (all of them for a super admin: check ``isSuperAdmin``).
    public var administeredPlatformIDs: Set<UUID> {
        Set(memberships.filter { $0.role == .platformAdmin }.compactMap(\.platformId))
    }

    /// Whether the principal may administer `platformID`.
    public func canAdminister(platform platformID: UUID) -> Bool {
        isSuperAdmin || administeredPlatformIDs.contains(platformID)
    }

    /// Companies the principal owns.
    public var ownedCompanyIDs: Set<UUID> {
        Set(memberships.filter { $0.role == .companyOwner }.compactMap(\.companyId))
    }

    /// The strongest role the principal holds directly on `vendorID` or through its company.
    public func vendorRole(_ vendorID: UUID) -> Role? {
        if ownedCompanyVendorIDs.contains(vendorID) { return .companyOwner }
        return memberships.filter { $0.vendorId == vendorID }.max { $0.role.vendorRank < $1.role.vendorRank }?.role
    }
}
