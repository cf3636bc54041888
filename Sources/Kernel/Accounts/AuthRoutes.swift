import Foundation
import Hummingbird

/// Sign-in, sign-out, the current user, and the user's own API tokens.
enum AuthRoutes {
    struct LoginInput: Decodable {
        let email: String
        let password: String
    }

    struct Me: ResponseCodable, Sendable {
        let user: User
        let memberships: [Membership]
        let authenticatedBy: String
    }

    struct TokenInput: Decodable {
        let name: String
        let platformId: UUID?
        let vendorId: UUID?
        /// Defaults to the strongest role the creator holds on the vendor.
        let role: Role?
        let expiresInDays: Int?
    }

    struct CreatedToken: ResponseCodable, Sendable {
        let token: String
        let record: AccountStore.TokenRecord
    }



    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.post("/api/v1/auth/login", summary: "Sign in with e-mail and password; sets the session cookie", access: .anyone, body: LoginInput.self) { input, request, context -> Response in
            let session = try await kernel.logins.login(
                email: input.email, password: input.password,
                address: context.clientAddress ?? "unknown", userAgent: request.headers[.userAgent])
            let memberships = try await kernel.database.read { db in try await AccountStore.memberships(of: session.user.id, on: db) }
            var response = try Me(user: session.user, memberships: memberships, authenticatedBy: "session").response(from: request, context: context)
            response.setCookie(sessionCookie(session.cookie, expires: session.expiresAt, secure: context.isSecure || kernel.configuration.environment == .production, context: context))
            return response
        }

        routes.post("/api/v1/auth/logout", summary: "End the current session and clear its cookie", access: .signedIn) { request, context -> Response in
            try await kernel.logins.logout(try context.requirePrincipal())
            var response = Response(status: .noContent)
            response.setCookie(sessionCookie("", expires: Date(timeIntervalSince1970: 0), secure: context.isSecure, context: context))
            return response
        }

        routes.get("/api/v1/auth/me", summary: "The signed-in user and their roles", access: .signedIn) { _, context in
            let principal = try context.requirePrincipal()
            let user = try await kernel.database.read { db in try await AccountStore.user(principal.userID, on: db) }
            guard let user else { throw Problem.authenticationRequired }
            let via: String
            switch principal.credential {
            case .session: via = "session"
            case .token: via = "token"
            }
            return Me(user: user, memberships: principal.memberships, authenticatedBy: via)
        }

        routes.post("/api/v1/auth/tokens", summary: "Create an API token scoped to a vendor or a platform; the secret is shown once", access: .signedIn, body: TokenInput.self) { input, request, context in
            let principal = try context.requirePrincipal()
            guard case .session = principal.credential else {
                throw Problem.forbidden("API tokens are created from a signed-in session, not with another token.")
            }
            var validation = Validation()
            validation.requireText(input.name, "name", maxLength: 100)
            validation.check((input.platformId == nil) != (input.vendorId == nil), "platform_id", "invalid", "give exactly one of platform_id and vendor_id")
            validation.check((1...730).contains(input.expiresInDays ?? 90), "expires_in_days", "invalid", "must be from 1 to 730")
            try validation.throwIfInvalid()
            let role: Role
            if let platformId = input.platformId {
                guard principal.canAdminister(platform: platformId) else { throw Problem.notFound("Platform") }
                role = .platformAdmin
            } else {
                guard let held = principal.vendorRole(input.vendorId!) else { throw Problem.notFound("Vendor") }
                let wanted = input.role ?? held
                guard wanted.scope == .vendor || wanted == .companyOwner, wanted.vendorRank <= held.vendorRank else {
                    throw Problem.invalid([FieldError(field: "role", code: "invalid", message: "must be a vendor role you hold or a lesser one")])
                }
                role = wanted
            }
            let now = kernel.now()
            let secret = Authenticator.tokenPrefix + SecretToken.generate()
            let record = AccountStore.TokenRecord(
                id: UUID.v7(now: now), userId: principal.userID, name: input.name, tokenPrefix: String(secret.prefix(12)), role: role,
                platformId: input.platformId, vendorId: input.vendorId, createdAt: now,
                expiresAt: now.addingTimeInterval(TimeInterval((input.expiresInDays ?? 90) * 86400)), revokedAt: nil, lastUsedAt: nil)
            try await kernel.database.transaction { tx in
                try await AccountStore.insert(record, hash: SecretToken.digest(secret), on: tx)
                try await AuditLog.append(AuditEntry(context, action: "api_token.created", targetType: "api_token", targetId: record.id,
                                                      platformId: record.platformId, vendorId: record.vendorId,
                                                      summary: "Created API token '\(record.name)' (\(record.tokenPrefix)…) as \(record.role.rawValue)"), at: now, on: tx)
            }
            return StatusResponse(.created, CreatedToken(token: secret, record: record))
        }

        routes.get("/api/v1/auth/tokens", summary: "List your API tokens (without secrets)", access: .signedIn) { _, context in
            let principal = try context.requirePrincipal()
            return ItemList(items: try await kernel.database.read { db in try await AccountStore.tokens(of: principal.userID, on: db) })
        }

        routes.delete("/api/v1/auth/tokens/:tokenId", summary: "Revoke one of your API tokens", access: .signedIn) { _, context -> Response in
            let principal = try context.requirePrincipal()
            let id = try context.id("tokenId", of: "Token")
            let revoked = try await kernel.database.transaction { tx in
                guard try await AccountStore.revokeToken(id, of: principal.userID, now: kernel.now(), on: tx) else { return false }
                try await AuditLog.append(AuditEntry(context, action: "api_token.revoked", targetType: "api_token", targetId: id, summary: "Revoked an API token"),
                                           at: kernel.now(), on: tx)
                return true
            }
            guard revoked else { throw Problem.notFound("Token") }
            await kernel.changes.announce(.accounts)
            return Response(status: .noContent)
        }
    }

    static func sessionCookie(_ value: String, expires: Date, secure: Bool, context: AgoraRequestContext) -> Cookie {
        Cookie(name: Authenticator.sessionCookie, value: value, expires: expires,
               path: context.platform.map { $0.pathPrefix.isEmpty ? "/" : $0.pathPrefix } ?? "/",
               secure: secure, httpOnly: true, sameSite: .lax)
    }
}
