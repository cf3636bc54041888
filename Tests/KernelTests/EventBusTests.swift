import AgoraTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
@testable import Kernel
import Testing

struct EchoSent: DomainEvent {
    static let name = "echo.message.sent"
    let text: String
}

/// Records what subscribers received and fails on demand.
final class Recorder: Sendable {
    private let state = NIOLockedValueBox<(received: [String: [UUID]], failuresLeft: [String: Int])>(([:], [:]))

    func failNext(_ count: Int, for subscriber: String) { state.withLockedValue { $0.failuresLeft[subscriber] = count } }

    func record(_ subscriber: String, _ id: UUID) throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "the handler refused on purpose" } }
        try state.withLockedValue { state in
            if let left = state.failuresLeft[subscriber], left > 0 {
                state.failuresLeft[subscriber] = left - 1
                throw Refused()
            }
            state.received[subscriber, default: []].append(id)
        }
    }

    func received(_ subscriber: String) -> [UUID] { state.withLockedValue { $0.received[subscriber] ?? [] } }
}

struct EchoModule: AgoraModule {
    let recorder: Recorder
    var id: String { "echo" }
    var migrationsOwner: String? { nil }
    var eventSubscriptions: [EventSubscription] {
        [EventSubscription(EchoSent.self, subscriber: "echo.record", maxAttempts: 3) { _, delivery in try recorder.record("echo.record", delivery.id) },
         EventSubscription(EchoSent.self, subscriber: "echo.count", maxAttempts: 3) { _, delivery in try recorder.record("echo.count", delivery.id) }]
    }
}

@Suite("Event bus")
struct EventBusTests {
    func publish(_ text: String, kernel: KernelServices, platformId: UUID? = nil) async throws -> UUID {
        try await kernel.database.transaction { try await EventBus.publish(EchoSent(text: text), platformId: platformId, at: kernel.now(), on: $0) }
    }

    @Test func anEventOfARolledBackTransactionIsNeverDelivered() async throws {
        let recorder = Recorder()
        try await TestKernel.with(modules: [EchoModule(recorder: recorder)]) { kernel in
            struct Boom: Error {}
            do {
                try await kernel.database.transaction { tx in
                    try await EventBus.publish(EchoSent(text: "never"), at: kernel.now(), on: tx)
                    throw Boom()
                }
            } catch is Boom {}
            #expect(try await EventDispatcher(kernel: kernel).drain() == 0)
            #expect(recorder.received("echo.record").isEmpty)
            let backlog = try await kernel.database.read { try await EventStore.backlog(on: $0) }
            #expect(backlog.unfannedEvents == 0)
            #expect(backlog.pendingDeliveries == 0)
        }
    }

    @Test func everySubscriberGetsEveryEventOnce() async throws {
        let recorder = Recorder()
        try await TestKernel.with(modules: [EchoModule(recorder: recorder)]) { kernel in
            var ids: [UUID] = []
            for index in 0..<3 { ids.append(try await publish("hello \(index)", kernel: kernel)) }
            let dispatcher = EventDispatcher(kernel: kernel)
            try await dispatcher.drain()
            #expect(recorder.received("echo.record").sorted { $0.uuidString < $1.uuidString } == ids.sorted { $0.uuidString < $1.uuidString })
            #expect(recorder.received("echo.count").count == 3)
            #expect(try await dispatcher.drain() == 0)
            #expect(recorder.received("echo.record").count == 3)
            let event = try await kernel.database.read { try await EventStore.event(ids[0], in: .everything, on: $0) }
            #expect(event?.deliveries.map(\.status) == ["delivered", "delivered"])
        }
    }

    @Test func aFailingHandlerIsRetriedThenDeadLetteredAndReplaysFromTheAPI() async throws {
        let recorder = Recorder()
        let clock = TestClock()
        try await TestKernel.with(modules: [EchoModule(recorder: recorder)], now: { clock.now }) { kernel in
            recorder.failNext(3, for: "echo.record")
            let id = try await publish("stubborn", kernel: kernel)
            let dispatcher = EventDispatcher(kernel: kernel)
            try await dispatcher.drain()
            var record = try await kernel.database.read { try await EventStore.event(id, in: .everything, on: $0) }!
            #expect(record.deliveries.first { $0.subscriber == "echo.record" }?.attempts == 1)
            #expect(record.deliveries.first { $0.subscriber == "echo.count" }?.status == "delivered")
            // Not due yet: the backoff holds the retry back.
            #expect(try await dispatcher.drain() == 0)
            for _ in 0..<2 {
                clock.advance(by: 3600)
                try await dispatcher.drain()
            }
            record = try await kernel.database.read { try await EventStore.event(id, in: .everything, on: $0) }!
            let dead = try #require(record.deliveries.first { $0.subscriber == "echo.record" })
            #expect(dead.status == "dead")
            #expect(dead.attempts == 3)
            #expect(dead.lastError == "the handler refused on purpose")
            clock.advance(by: 3600)
            #expect(try await dispatcher.drain() == 0)  // dead letters are not retried on their own

            let app = Application(responder: try AgoraApplication.responder(kernel: kernel), logger: kernel.logger)
            try await app.test(.router) { client in
                let admin = try await Fixtures.loginAsSuperAdmin(client)
                let letters = try await client.execute(uri: "/oms/api/v1/admin/events/dead-letters", method: .get, headers: Fixtures.headers(admin))
                #expect(String(buffer: letters.body).contains(id.uuidString))
                let replay = try await client.execute(uri: "/oms/api/v1/admin/events/\(id)/replay", method: .post, headers: Fixtures.headers(admin),
                                                      body: Fixtures.json(["subscriber": "echo.record"]))
                #expect(replay.status == .ok)
                let again = try await client.execute(uri: "/oms/api/v1/admin/events/\(id)/replay", method: .post, headers: Fixtures.headers(admin),
                                                     body: Fixtures.json(["subscriber": "echo.record"]))
                #expect(again.status == .conflict)
            }
            try await dispatcher.drain()
            #expect(recorder.received("echo.record") == [id])
            let actions = try await kernel.database.read { try await AuditLog.events(in: .everything, afterSeq: 0, limit: 10, on: $0) }.map(\.action)
            #expect(actions == ["event.replayed"])
        }
    }

    @Test func eventsCommittedBeforeACrashAreDeliveredAfterRestart() async throws {
        let recorder = Recorder()
        try await TestKernel.with(modules: [EchoModule(recorder: recorder)]) { kernel in
            let modules: [any AgoraModule] = [EchoModule(recorder: recorder)]
            // The first process commits an event and dies before its dispatcher ran.
            let first = try await AgoraApplication.open(configuration: kernel.configuration, modules: modules, logger: kernel.logger)
            let committed = try await publish("survivor", kernel: first)
            // A second one had claimed an older event and died in the middle of handling it.
            let claimedEarly = try await publish("half-done", kernel: first)
            try await EventDispatcher(kernel: first).fanOut(now: Date())
            #expect(try await EventDispatcher(kernel: first).claim(now: Date()).count == 4)
            await first.database.close()

            // After a restart the new process delivers what was committed; leased deliveries once their lease ran out.
            let restarted = try await AgoraApplication.open(configuration: kernel.configuration, modules: modules, logger: kernel.logger)
            let dispatcher = EventDispatcher(kernel: restarted)
            #expect(try await dispatcher.drain() == 0)  // still leased
            #expect(try await dispatcher.runOnce(now: Date().addingTimeInterval(61)) == 4)
            #expect(Set(recorder.received("echo.record")) == [committed, claimedEarly])
            await restarted.database.close()
        }
    }

    @Test(.enabled(if: TestDatabases.kind == .postgres, "two instances share a database only on PostgreSQL"))
    func twoInstancesDeliverEachPairOnce() async throws {
        let recorder = Recorder()
        try await TestKernel.with(modules: [EchoModule(recorder: recorder)]) { kernel in
            let modules: [any AgoraModule] = [EchoModule(recorder: recorder)]
            var ids: Set<UUID> = []
            for batch in 0..<6 {
                let published = try await kernel.database.transaction { tx in
                    var ids: [UUID] = []
                    for index in 0..<100 { ids.append(try await EventBus.publish(EchoSent(text: "\(batch)-\(index)"), at: Date(), on: tx)) }
                    return ids
                }
                ids.formUnion(published)
            }
            let one = try await AgoraApplication.open(configuration: kernel.configuration, modules: modules, logger: kernel.logger)
            let two = try await AgoraApplication.open(configuration: kernel.configuration, modules: modules, logger: kernel.logger)
            try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask { try await EventDispatcher(kernel: one, batchSize: 50).drain() }
                group.addTask { try await EventDispatcher(kernel: two, batchSize: 50).drain() }
                var total = 0
                for try await count in group { total += count }
                #expect(total > 0)
            }
            for subscriber in ["echo.record", "echo.count"] {
                let received = recorder.received(subscriber)
                #expect(received.count == 600, "\(subscriber) got \(received.count) deliveries")
                #expect(Set(received) == ids)
            }
            await one.database.close()
            await two.database.close()
        }
    }

    @Test("retry delays grow exponentially with jitter", arguments: [
        (1, 0.0, 0.5), (1, 1.0, 1.0), (2, 1.0, 2.0), (5, 1.0, 16.0), (5, 0.0, 8.0), (13, 1.0, 3600.0), (40, 1.0, 3600.0),
    ])
    func retryDelays(_ attempts: Int, _ random: Double, _ expected: Double) {
        #expect(RetryPolicy.delay(afterAttempts: attempts, random: random) == expected)
    }
}
