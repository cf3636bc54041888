import Hummingbird

/// `GET /api/v1/admin/audit`: the audit log an admin may read.
enum AuditRoutes {
    struct AuditPage: ResponseCodable, Sendable {
        let items: [AuditEvent]
        /// Pass as `after_seq` for the next page; absent on the last page.
        let nextAfterSeq: Int?
    }

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.get("/api/v1/admin/audit", summary: "Audit events of your platforms and their vendors, oldest first", access: .platformAdmin) { request, context in
            let scope = AdminScope(try context.requirePrincipal())
            let query = request.uri.queryParameters
            let page = try PageRequest(from: request)
            var afterSeq = 0
            if let raw = query["after_seq"] {
                guard let value = Int(String(raw)), value >= 0 else { throw Problem.invalidParameter("after_seq", "must be a whole number ≥ 0") }
                afterSeq = value
            }
            let events = try await kernel.database.read { try await AuditLog.events(in: scope, afterSeq: afterSeq, limit: page.limit + 1, on: $0) }
            let items = Array(events.prefix(page.limit))
            return AuditPage(items: items, nextAfterSeq: events.count > page.limit ? items.last?.seq : nil)
        }
    }
}
