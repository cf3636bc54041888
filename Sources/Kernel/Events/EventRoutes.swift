import Foundation
import Hummingbird

/// Admin API for the event bus: dead letters, one event with its deliveries, replay.
enum EventRoutes {
    struct ReplayInput: Decodable { let subscriber: String? }
    struct Replayed: ResponseCodable, Sendable { let replayed: Int }

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        let db = kernel.database

        routes.get("/api/v1/admin/events/dead-letters", summary: "Dead-lettered deliveries of your platforms' events", access: .platformAdmin) { request, context in
            let scope = AdminScope(try context.requirePrincipal())
            let page = try PageRequest(from: request)
            return page.page(try await db.read { try await EventStore.deadLetters(in: scope, page: page, on: $0) }, id: \.eventId)
        }

        routes.get("/api/v1/admin/events/:eventId", summary: "An event with the state of each delivery", access: .platformAdmin) { _, context in
            let scope = AdminScope(try context.requirePrincipal())
            let id = try context.id("eventId", of: "Event")
            guard let event = try await db.read({ try await EventStore.event(id, in: scope, on: $0) }) else { throw Problem.notFound("Event") }
            return event
        }

        routes.post("/api/v1/admin/events/:eventId/replay", summary: "Deliver a dead-lettered event again (to one subscriber or all)", access: .platformAdmin, body: ReplayInput.self, handler: replay(kernel: kernel))
    }

    /// The handler of `/api/v1/admin/events/:eventId/replay`, shared with the admin pages.
    static func replay(kernel: KernelServices) -> @Sendable (ReplayInput, Request, AgoraRequestContext) async throws -> Replayed {
        let db = kernel.database
        return { input, request, context in
            let scope = AdminScope(try context.requirePrincipal())
            let id = try context.id("eventId", of: "Event")
            let now = kernel.now()
            let count = try await db.transaction { tx -> Int in
                guard let event = try await EventStore.event(id, in: scope, on: tx) else { throw Problem.notFound("Event") }
                let count = try await EventStore.replay(id, subscriber: input.subscriber, at: now, on: tx)
                guard count > 0 else {
                    throw Problem.conflict("nothing_to_replay", "The event has no dead-lettered delivery\(input.subscriber.map { " for \($0)" } ?? "").")
                }
                try await AuditLog.append(AuditEntry(context, action: "event.replayed", targetType: "event", targetId: id, platformId: event.platformId,
                                                     vendorId: event.vendorId, summary: "Replayed \(event.name) to \(input.subscriber ?? "\(count) subscriber(s)")"),
                                          at: now, on: tx)
                return count
            }
            return Replayed(replayed: count)
        }
    }
}
