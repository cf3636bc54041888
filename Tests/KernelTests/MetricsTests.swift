import AgoraTesting
import Foundation
import HummingbirdTesting
@testable import Kernel
import Testing

@Suite("Metrics")
struct MetricsTests {
    @Test func metricsCountRequestsByRoutePatternAndShowTheEventBacklog() async throws {
        let recorder = Recorder()
        try await TestKernel.withClient(modules: [EchoModule(recorder: recorder)]) { client, kernel in
            let admin = try await Fixtures.loginAsSuperAdmin(client)
            _ = try await client.execute(uri: "/oms/healthz", method: .get)
            _ = try await client.execute(uri: "/loyalty/healthz", method: .get)
            let oms = try await Fixtures.platform("oms", kernel: kernel)
            _ = try await client.execute(uri: "/oms/api/v1/admin/platforms/\(oms.id)", method: .get, headers: Fixtures.headers(admin))
            _ = try await client.execute(uri: "/oms/api/v1/nothing", method: .get)
            try await kernel.database.transaction { try await EventBus.publish(EchoSent(text: "waiting"), at: Date(), on: $0) }

            let response = try await client.execute(uri: "/oms/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = String(buffer: response.body)
            #expect(text.contains(#"agora_http_requests_total{method="GET",route="/healthz",status="200"} 2"#))
            #expect(text.contains(#"route="/api/v1/admin/platforms/{platformId}",status="200"} 1"#))
            #expect(text.contains(#"agora_http_request_duration_seconds_bucket{method="GET",route="/healthz",status="200",le="+Inf"} 2"#))
            #expect(text.contains(#"status="404""#))
            #expect(!text.contains(oms.id.uuidString))  // patterns, not paths
            #expect(text.contains(#"agora_outbox_backlog{kind="events"} 1"#))
            #expect(text.contains("agora_outbox_oldest_pending_seconds"))
            #expect(text.contains(#"agora_event_deliveries{status="dead"} 0"#))
        }
    }
}
