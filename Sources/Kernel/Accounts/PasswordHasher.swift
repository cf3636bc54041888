import HummingbirdBcrypt

/// bcrypt hashing, run as ``BlockingWork`` so a deliberately slow hash never blocks an event loop.
public struct PasswordHasher: Sendable {
    /// bcrypt work factor for new hashes.
    public let cost: UInt8

    public init(cost: Int) {
        self.cost = UInt8(clamping: cost)
    }

    /// The bcrypt hash of `password`.
    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await BlockingWork.run { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`.
    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await BlockingWork.run { Bcrypt.verify(password, hash: hash) }
    }

    /// Verifies against a throwaway hash, so a login for an unknown e-mail costs as much time as
    /// one for a known e-mail and the response time reveals nothing.
    public func burnVerification() async {
        _ = try? await verify("not-a-password", against: "$2b$\(cost < 10 ? "0\(cost)" : "\(cost)")$abcdefghijklmnopqrstuu5sE1DkQ1S0w7Wmq7QVeWEwYOSUoCJbe")
    }

    /// Password policy: at least 10 characters, at most 128 (bcrypt reads only 72 bytes).
    public static func problems(with password: String) -> [FieldError] {
        var errors: [FieldError] = []
        if password.count < 10 { errors.append(FieldError(field: "password", code: "too_short", message: "must be at least 10 characters")) }
        if password.utf8.count > 72 { errors.append(FieldError(field: "password", code: "too_long", message: "must be at most 72 bytes")) }
        return errors
    }
}
