import Foundation

/// Who is acting, for the audit log and for "created by" columns: a signed-in user over HTTP,
/// or a process (`demo`, `cli`, `system`). Domain functions take this instead of a request
/// context, so the CLI and the demo seed can call them too.
public struct AuditActor: Sendable, Equatable {
    /// The user, or nil for a process.
    public var userId: UUID?
    /// As people read it: the user's e-mail, or the process's name.
    public var label: String
    /// The client address, when the action came over HTTP.
    public var address: String?

    public init(userId: UUID?, label: String, address: String? = nil) {
        self.userId = userId
        self.label = label
        self.address = address
    }

    /// The principal of a request (`api` when nobody is signed in, which the access rules
    /// normally prevent before any domain code runs).
    public init(_ context: AgoraRequestContext) {
        self.init(userId: context.principal?.userID, label: context.principal?.email ?? "api", address: context.clientAddress)
    }

    /// A process acting on its own: `AuditActor.process("demo")`.
    public static func process(_ name: String) -> AuditActor { AuditActor(userId: nil, label: name) }
}
