import Foundation
import Hummingbird

/// Admin API for staff users and their roles. A platform admin manages people on their
/// platform and its vendors and companies; only super admins create super admins.
enum AdminUserRoutes {
    struct MembershipInput: Decodable {
        let role: Role
        let platformId: UUID?
        let companyId: UUID?
        let vendorId: UUID?
    }

    struct UserInput: Decodable {
        var email: String?
        var displayName: String?
        var password: String?
        var isActive: Bool?
        var memberships: [MembershipInput]?
    }

    struct UserDetail: ResponseCodable, Sendable {
        let user: User
        let memberships: [Membership]
        /// Only when the server generated the password: shown this once.
        let initialPassword: String?
    }


    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let db = kernel.database

        routes.get("/api/v1/admin/users", summary: "List staff users with roles inside your scope", access: .platformAdmin) { request, context in
            let scope = AdminScope(try context.requirePrincipal())
            let page = try PageRequest(from: request)
            return page.page(try await db.read { try await AccountStore.users(in: scope, page: page, on: $0) }, id: \.id)
        }

        routes.post("/api/v1/admin/users", summary: "Create a staff user with roles; a generated password is shown once", access: .platformAdmin, body: UserInput.self) { input, request, context in
            let principal = try context.requirePrincipal()
            let email = (input.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            var validation = Validation()
            validation.check(TenancyRules.isEmail(email), "email", "invalid", "must be an e-mail address")
            validation.requireText(input.displayName, "display_name")
            if let password = input.password {
                for error in PasswordHasher.problems(with: password) { validation.check(false, error.field, error.code, error.message) }
            }
            validation.check(principal.isSuperAdmin || !(input.memberships ?? []).isEmpty, "memberships", "required",
                             "give the new user at least one role on your platform")
            try validation.throwIfInvalid()
            let generated = input.password == nil ? SecretToken.generate(bytes: 12) : nil
            let hash = try await kernel.passwords.hash(input.password ?? generated!)
            let now = kernel.now()
            let userId = UUID.v7(now: now)
            let detail = try await db.transaction { tx in
                do {
                    try await AccountStore.insertUser(id: userId, email: email, displayName: input.displayName!, passwordHash: hash, now: now, on: tx)
                } catch where DatabaseErrors.isUniqueViolation(error) {
                    throw Problem.invalid([FieldError(field: "email", code: "taken", message: "is already used by another user")])
                }
                try await AuditLog.append(AuditEntry(context, action: "user.created", targetType: "user", targetId: userId, summary: "Created user \(email)"), at: now, on: tx)
                for (index, membership) in (input.memberships ?? []).enumerated() {
                    let granted = try await grant(membership, to: userId, by: principal, field: "memberships[\(index)]", now: now, on: tx)
                    try await AuditLog.append(AuditSummary.membership(granted, of: userId, granted: true, context: context), at: now, on: tx)
                }
                return UserDetail(user: try await AccountStore.user(userId, on: tx)!,
                                  memberships: try await AccountStore.memberships(of: userId, on: tx), initialPassword: generated)
            }
            return StatusResponse(.created, detail)
        }

        routes.get("/api/v1/admin/users/:userId", summary: "A staff user with their roles", access: .platformAdmin) { _, context in
            let scope = AdminScope(try context.requirePrincipal())
            let id = try context.id("userId", of: "User")
            return try await db.read { tx in
                guard let user = try await AccountStore.user(id, in: scope, on: tx) else { throw Problem.notFound("User") }
                return UserDetail(user: user, memberships: try await AccountStore.memberships(of: id, on: tx), initialPassword: nil)
            }
        }

        routes.patch("/api/v1/admin/users/:userId", summary: "Rename, disable or set the password of a staff user", access: .platformAdmin, body: UserInput.self) { input, request, context in
            let principal = try context.requirePrincipal()
            let scope = AdminScope(principal)
            let id = try context.id("userId", of: "User")
            // Someone else's user is a 404 before anything about the body is said.
            guard try await db.read({ try await AccountStore.user(id, in: scope, on: $0) }) != nil else { throw Problem.notFound("User") }
            var validation = Validation()
            validation.check(input.email == nil, "email", "immutable", "cannot be changed")
            validation.check(input.memberships == nil, "memberships", "invalid", "change roles through /memberships")
            if let name = input.displayName { validation.requireText(name, "display_name") }
            if let password = input.password {
                for error in PasswordHasher.problems(with: password) { validation.check(false, error.field, error.code, error.message) }
            }
            try validation.throwIfInvalid()
            let hash = try await input.password.asyncMap { try await kernel.passwords.hash($0) }
            let detail = try await db.transaction { tx in
                guard var user = try await AccountStore.user(id, in: scope, on: tx) else { throw Problem.notFound("User") }
                let memberships = try await AccountStore.memberships(of: id, on: tx)
                if memberships.contains(where: { $0.role == .superAdmin }), !principal.isSuperAdmin {
                    throw Problem.forbidden("Only super admins change super admins.")
                }
                if let name = input.displayName { user.displayName = name }
                if let active = input.isActive {
                    if !active, id == principal.userID { throw Problem.conflict("cannot_disable_self", "You cannot disable your own account.") }
                    user.isActive = active
                }
                user.updatedAt = kernel.now()
                try await AccountStore.updateUser(user, passwordHash: hash, on: tx)
                try await AuditLog.append(AuditEntry(context, action: "user.updated", targetType: "user", targetId: id,
                                                      summary: "Updated user \(user.email)" + (hash != nil ? ", password set" : "") + (input.isActive.map { $0 ? ", enabled" : ", disabled" } ?? "")),
                                           at: user.updatedAt, on: tx)
                // A new password or a disabled account ends every open session.
                if hash != nil || input.isActive == false { try await AccountStore.deleteSessions(of: id, on: tx) }
                return UserDetail(user: user, memberships: memberships, initialPassword: nil)
            }
            await kernel.changes.announce(.accounts)
            return detail
        }

        routes.get("/api/v1/admin/users/:userId/memberships", summary: "A staff user's roles", access: .platformAdmin) { _, context in
            let scope = AdminScope(try context.requirePrincipal())
            let id = try context.id("userId", of: "User")
            return try await db.read { tx in
                guard try await AccountStore.user(id, in: scope, on: tx) != nil else { throw Problem.notFound("User") }
                return ItemList(items: try await AccountStore.memberships(of: id, on: tx))
            }
        }

        routes.post("/api/v1/admin/users/:userId/memberships", summary: "Give a staff user a role", access: .platformAdmin, body: MembershipInput.self) { input, request, context in
            let principal = try context.requirePrincipal()
            let id = try context.id("userId", of: "User")
            let membership = try await db.transaction { tx in
                // The user must be visible to the granter (a platform admin's people); super admins
                // reach everyone, including users who have no role yet.
                guard try await AccountStore.user(id, in: AdminScope(principal), on: tx) != nil else { throw Problem.notFound("User") }
                let membership = try await grant(input, to: id, by: principal, field: "$", now: kernel.now(), on: tx)
                try await AuditLog.append(AuditSummary.membership(membership, of: id, granted: true, context: context), at: kernel.now(), on: tx)
                return membership
            }
            await kernel.changes.announce(.accounts)
            return StatusResponse(.created, membership)
        }

        routes.delete("/api/v1/admin/users/:userId/memberships/:membershipId", summary: "Take a role away from a staff user", access: .platformAdmin) { _, context -> Response in
            let principal = try context.requirePrincipal()
            let userId = try context.id("userId", of: "User")
            let membershipId = try context.id("membershipId", of: "Membership")
            try await db.transaction { tx in
                let memberships = try await AccountStore.memberships(of: userId, on: tx)
                guard let membership = memberships.first(where: { $0.id == membershipId }),
                      try await canGrant(membership.role, platformId: membership.platformId, companyId: membership.companyId,
                                         vendorId: membership.vendorId, by: principal, on: tx)
                else { throw Problem.notFound("Membership") }
                if membership.role == .superAdmin, userId == principal.userID {
                    throw Problem.conflict("cannot_demote_self", "You cannot remove your own super admin role.")
                }
                try await AccountStore.deleteMembership(membershipId, of: userId, on: tx)
                try await AuditLog.append(AuditSummary.membership(membership, of: userId, granted: false, context: context), at: kernel.now(), on: tx)
            }
            await kernel.changes.announce(.accounts)
            return Response(status: .noContent)
        }
    }

    /// Adds a membership after checking the granter may hand out that role on that tenant.
    static func grant(_ input: MembershipInput, to userId: UUID, by principal: Principal, field: String, now: Date, on tx: DatabaseSession) async throws -> Membership {
        let membership = Membership(id: UUID.v7(now: now), role: input.role,
                                    platformId: input.role.scope == .platform ? input.platformId : nil,
                                    companyId: input.role.scope == .company ? input.companyId : nil,
                                    vendorId: input.role.scope == .vendor ? input.vendorId : nil)
        let target: (String, Bool)
        switch input.role.scope {
        case .global: target = ("role", true)
        case .platform: target = ("platform_id", membership.platformId != nil)
        case .company: target = ("company_id", membership.companyId != nil)
        case .vendor: target = ("vendor_id", membership.vendorId != nil)
        }
        let prefix = field == "$" ? "" : field + "."
        guard target.1 else {
            throw Problem.invalid([FieldError(field: prefix + target.0, code: "required", message: "is required for role \(input.role.rawValue)")])
        }
        guard try await canGrant(membership.role, platformId: membership.platformId, companyId: membership.companyId,
                                 vendorId: membership.vendorId, by: principal, on: tx)
        else {
            throw Problem.invalid([FieldError(field: prefix + (input.role == .superAdmin ? "role" : target.0), code: "forbidden",
                                              message: "you cannot grant \(input.role.rawValue) there")])
        }
        do {
            try await AccountStore.insert(membership, userId: userId, now: now, on: tx)
        } catch where DatabaseErrors.isUniqueViolation(error) {
            throw Problem.conflict("already_member", "The user already has this role there.")
        } catch where DatabaseErrors.isForeignKeyViolation(error) {
            throw Problem.invalid([FieldError(field: prefix + target.0, code: "invalid", message: "does not exist")])
        }
        return membership
    }

    /// Roles stay inside the granter's scope: super admins grant anything; platform admins
    /// grant roles on their platforms and on companies and vendors visible from them.
    static func canGrant(_ role: Role, platformId: UUID?, companyId: UUID?, vendorId: UUID?, by principal: Principal, on tx: DatabaseSession) async throws -> Bool {
        if principal.isSuperAdmin { return true }
        let scope = AdminScope(principal)
        switch role.scope {
        case .global: return false
        case .platform: return platformId.map(principal.canAdminister(platform:)) ?? false
        case .company:
            guard let companyId else { return false }
            return try await TenancyStore.company(companyId, in: scope, on: tx) != nil
        case .vendor:
            guard let vendorId else { return false }
            return try await TenancyStore.vendor(vendorId, in: scope, on: tx) != nil
        }
    }
}

extension Optional {
    /// `map` for async transforms.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
