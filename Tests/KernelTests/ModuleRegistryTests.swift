import AgoraTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Kernel
import Testing

/// A small module defined by the tests: a migration-free module with one route and one feature.
struct GreetingModule: AgoraModule {
    var id: String { "greeting" }
    var migrationsOwner: String? { nil }
    var features: [FeatureDeclaration] { [FeatureDeclaration(code: "greeting.hello", name: "Hello")] }
    var limits: [LimitDeclaration] { [LimitDeclaration(key: "greeting.hellos_per_month", name: "Hellos", period: .month)] }
    var eventSubscriptions: [EventSubscription] {
        [EventSubscription(event: "kernel.platform.updated", subscriber: "greeting.log") { _ in }]
    }

    struct Hello: ResponseEncodable { let message: String }

    func registerRoutes(on routes: RouteBuilder, kernel: KernelServices) {
        routes.get("/api/v1/greeting/:name", summary: "Say hello", access: .anyone) { _, context in
            Hello(message: "Hello, \(context.parameters.get("name") ?? "?") from \(context.platform?.code ?? "nowhere")")
        }
        // A gated vendor route that counts against a monthly limit.
        routes.post("/api/v1/vendor/greetings", summary: "Send a greeting", access: .vendor(.vendorStaff), feature: "greeting.hello") { _, context in
            let vendor = try context.requireVendor()
            try await kernel.database.transaction(for: vendor) { tx in
                try await kernel.usage.consume("greeting.hellos_per_month", for: vendor, at: kernel.now(), on: tx)
            }
            return Hello(message: "Hello from \(vendor.vendorId)")
        }
    }
}

/// A module whose declarations are whatever the test says.
struct StubModule: AgoraModule {
    let id: String
    var dependencies: [String] = []
    var features: [FeatureDeclaration] = []
    var subscriber: String?
    var route: String?
    var migrationsOwner: String? { nil }
    var eventSubscriptions: [EventSubscription] {
        subscriber.map { [EventSubscription(event: "x.y.happened", subscriber: $0) { _ in }] } ?? []
    }

    func registerRoutes(on routes: RouteBuilder, kernel: KernelServices) {
        if let route { routes.get(route, summary: "stub", access: .anyone) { _, _ in "ok" } }
    }
}

@Suite("Module registry")
struct ModuleRegistryTests {
    @Test func ordersByDependency() throws {
        let registry = try ModuleRegistry([
            StubModule(id: "invoicing", dependencies: ["commerce"]),
            StubModule(id: "commerce"),
            StubModule(id: "pos", dependencies: ["commerce", "invoicing"]),
        ])
        #expect(registry.modules.map(\.id) == ["commerce", "invoicing", "pos"])
    }

    @Test func refusesUnknownDependency() {
        #expect(throws: ModuleGraphError.unknownDependency(module: "pos", dependency: "commerce")) {
            try ModuleRegistry([StubModule(id: "pos", dependencies: ["commerce"])])
        }
    }

    @Test func refusesCyclesNamingThePath() {
        #expect(throws: ModuleGraphError.cycle(["a", "b", "c", "a"])) {
            try ModuleRegistry([StubModule(id: "a", dependencies: ["b"]), StubModule(id: "b", dependencies: ["c"]), StubModule(id: "c", dependencies: ["a"])])
        }
    }

    @Test func refusesDuplicatesAndMisnamedFeatures() {
        #expect(throws: ModuleGraphError.duplicateModule("a")) { try ModuleRegistry([StubModule(id: "a"), StubModule(id: "a")]) }
        #expect(throws: ModuleGraphError.misnamedFeature(module: "a", code: "b.thing")) {
            try ModuleRegistry([StubModule(id: "a", features: [FeatureDeclaration(code: "b.thing", name: "x")])])
        }
        #expect(throws: ModuleGraphError.duplicateSubscriber("s")) {
            try ModuleRegistry([StubModule(id: "a", subscriber: "s"), StubModule(id: "b", subscriber: "s")])
        }
    }

    @Test func refusesDuplicateRoutesAtBoot() async throws {
        try await TestKernel.with(modules: [StubModule(id: "a", route: "/api/v1/thing/:id"), StubModule(id: "b", route: "/api/v1/thing/:key")]) { kernel in
            #expect(throws: ModuleGraphError.duplicateRoute(method: "GET", path: "/api/v1/thing/:key", modules: ["a", "b"])) {
                _ = try AgoraApplication.responder(kernel: kernel)
            }
        }
    }

    @Test func aTestModuleMountsItsRoutesUnderEveryPlatform() async throws {
        try await TestKernel.withClient(modules: [GreetingModule()]) { client, kernel in
            let response = try await client.execute(uri: "/loyalty/api/v1/greeting/ana", method: .get)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains("Hello, ana from loyalty"))
            #expect(kernel.routes.routes.contains { $0.module == "greeting" && $0.path == "/api/v1/greeting/:name" })
            #expect(kernel.registry.features.map(\.code).contains("greeting.hello"))
        }
    }
}
