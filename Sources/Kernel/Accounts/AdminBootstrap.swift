import Foundation

/// First start on an empty database: create the super admin.
public enum AdminBootstrap {
    /// What first start did.
    public enum Outcome: Sendable, Equatable {
        /// Users already existed; nothing was done.
        case existingUsers
        /// The super admin was created with the configured password.
        case created(email: String)
        /// The super admin was created with a generated password, to print once.
        case createdWithGeneratedPassword(email: String, password: String)
    }

    /// Creates the super admin when there are no users at all.
    public static func ensureSuperAdmin(kernel: KernelServices) async throws -> Outcome {
        let database = kernel.database
        guard try await database.read({ try await AccountStore.userCount(on: $0) }) == 0 else { return .existingUsers }
        let email = kernel.configuration.adminEmail
        let generated = kernel.configuration.adminPassword == nil ? SecretToken.generate(bytes: 12) : nil
        let password = kernel.configuration.adminPassword ?? generated!
        let hash = try await kernel.passwords.hash(password)
        let now = kernel.now()
        let created = try await database.transaction { tx -> Bool in
            // Two processes starting together: only the first creates the admin.
            try await tx.holdStartupLock()
            guard try await AccountStore.userCount(on: tx) == 0 else { return false }
            let id = UUID.v7(now: now)
            try await AccountStore.insertUser(id: id, email: email, displayName: "Super admin", passwordHash: hash, now: now, on: tx)
            try await AccountStore.insert(Membership(id: UUID.v7(now: now), role: .superAdmin), userId: id, now: now, on: tx)
            return true
        }
        guard created else { return .existingUsers }
        return generated.map { .createdWithGeneratedPassword(email: email, password: $0) } ?? .created(email: email)
    }

    /// Creates a user with `role` from the command line (`agora users create`).
    public static func createUser(kernel: KernelServices, email rawEmail: String, displayName: String, password: String,
                                  membership: Membership?) async throws -> User {
        let email = rawEmail.trimmingCharacters(in: .whitespaces).lowercased()
        var validation = Validation()
        validation.check(TenancyRules.isEmail(email), "email", "invalid", "must be an e-mail address")
        validation.requireText(displayName, "name")
        for error in PasswordHasher.problems(with: password) { validation.check(false, error.field, error.code, error.message) }
        try validation.throwIfInvalid()
        let hash = try await kernel.passwords.hash(password)
        let now = kernel.now()
        return try await kernel.database.transaction { tx in
            let id = UUID.v7(now: now)
            do {
                try await AccountStore.insertUser(id: id, email: email, displayName: displayName, passwordHash: hash, now: now, on: tx)
            } catch where DatabaseErrors.isUniqueViolation(error) {
                throw Problem.invalid([FieldError(field: "email", code: "taken", message: "is already used by another user")])
            }
            if let membership { try await AccountStore.insert(membership, userId: id, now: now, on: tx) }
            return try await AccountStore.user(id, on: tx)!
        }
    }
}
