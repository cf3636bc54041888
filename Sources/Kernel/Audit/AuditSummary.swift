import Foundation

/// One-line summaries of what an admin action changed, for the audit log.
enum AuditSummary {
    /// `field: old → new` for every field of a Codable value that differs.
    static func changes<T: Encodable>(before: T, after: T, modules: [String]? = nil) -> String {
        let encoder = AgoraJSON.encoder()
        guard let old = try? JSONSerialization.jsonObject(with: encoder.encode(before)) as? [String: Any],
              let new = try? JSONSerialization.jsonObject(with: encoder.encode(after)) as? [String: Any]
        else { return "Updated" }
        var parts: [String] = []
        for key in new.keys.sorted() where key != "updated_at" {
            let was = old[key].map { "\($0)" } ?? "∅"
            let now = new[key].map { "\($0)" } ?? "∅"
            if was != now { parts.append("\(key): \(was) → \(now)") }
        }
        if let modules { parts.append("modules: \(modules.sorted().joined(separator: ", "))") }
        return parts.isEmpty ? "No change" : parts.joined(separator: "; ")
    }

    /// A role granted to or taken from a user.
    static func membership(_ membership: Membership, of userId: UUID, granted: Bool, context: AgoraRequestContext) -> AuditEntry {
        let scope = membership.platformId.map { "platform \($0)" } ?? membership.companyId.map { "company \($0)" }
            ?? membership.vendorId.map { "vendor \($0)" } ?? "everything"
        return AuditEntry(context, action: granted ? "membership.granted" : "membership.revoked", targetType: "user", targetId: userId,
                          platformId: membership.platformId, vendorId: membership.vendorId,
                          summary: "\(granted ? "Granted" : "Revoked") \(membership.role.rawValue) on \(scope)")
    }
}
