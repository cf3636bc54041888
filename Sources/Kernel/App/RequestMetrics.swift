import Foundation
import Hummingbird
import NIOConcurrencyHelpers

/// Request counts and latency histograms per (method, route pattern, status), kept in memory
/// per instance and rendered in Prometheus text format by `/metrics`.
public final class RequestMetrics: Sendable {
    /// Histogram bucket upper bounds, in seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct Key: Hashable { let method: String; let route: String; let status: Int }

    struct Series {
        var count = 0
        var sum = 0.0
        var bucketCounts = [Int](repeating: 0, count: RequestMetrics.buckets.count)
    }

    private let series = NIOLockedValueBox<[Key: Series]>([:])

    public init() {}

    /// Records one request.
    func record(method: String, route: String, status: Int, seconds: Double) {
        let key = Key(method: method, route: route, status: status)
        series.withLockedValue { all in
            var entry = all[key] ?? Series()
            entry.count += 1
            entry.sum += seconds
            if let index = RequestMetrics.buckets.firstIndex(where: { seconds <= $0 }) { entry.bucketCounts[index] += 1 }
            all[key] = entry
        }
    }

    /// The request series in Prometheus text format.
    func render() -> String {
        let snapshot = series.withLockedValue { $0 }
        var out = "# HELP agora_http_requests_total HTTP requests by method, route and status.\n# TYPE agora_http_requests_total counter\n"
        let keys = snapshot.keys.sorted { ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status) }
        for key in keys {
            out += "agora_http_requests_total{\(labels(key))} \(snapshot[key]!.count)\n"
        }
        out += "# HELP agora_http_request_duration_seconds Time from request to response.\n# TYPE agora_http_request_duration_seconds histogram\n"
        for key in keys {
            let entry = snapshot[key]!
            var cumulative = 0
            for (index, bound) in RequestMetrics.buckets.enumerated() {
                cumulative += entry.bucketCounts[index]
                out += "agora_http_request_duration_seconds_bucket{\(labels(key)),le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "agora_http_request_duration_seconds_bucket{\(labels(key)),le=\"+Inf\"} \(entry.count)\n"
            out += "agora_http_request_duration_seconds_sum{\(labels(key))} \(entry.sum)\n"
            out += "agora_http_request_duration_seconds_count{\(labels(key))} \(entry.count)\n"
        }
        return out
    }

    private func labels(_ key: Key) -> String {
        "method=\"\(escape(key.method))\",route=\"\(escape(key.route))\",status=\"\(key.status)\""
    }

    private func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}

/// `/metrics`: request series plus event-bus gauges read at scrape time.
enum MetricsRoute {
    struct Text: ResponseGenerator {
        let body: String
        func response(from request: Request, context: some RequestContext) throws -> Response {
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: body)))
        }
    }

    static func register(on routes: RouteBuilder, kernel: KernelServices) {
        routes.get("/metrics", summary: "Prometheus metrics: requests, latency, event bus backlog and dead letters", access: .anyone) { _, _ in
            var out = kernel.metrics.render()
            let (backlog, oldest) = try await kernel.database.read { db in
                (try await EventStore.backlog(on: db), try await EventStore.oldestPending(on: db))
            }
            let age = oldest.map { max(0, kernel.now().timeIntervalSince($0)) } ?? 0
            out += """
                # HELP agora_outbox_backlog Events and deliveries waiting (pending deliveries plus events not yet fanned out).
                # TYPE agora_outbox_backlog gauge
                agora_outbox_backlog{kind="deliveries"} \(backlog.pendingDeliveries)
                agora_outbox_backlog{kind="events"} \(backlog.unfannedEvents)
                # HELP agora_outbox_oldest_pending_seconds Age of the oldest event still waiting.
                # TYPE agora_outbox_oldest_pending_seconds gauge
                agora_outbox_oldest_pending_seconds \(age)
                # HELP agora_event_deliveries Deliveries by final status.
                # TYPE agora_event_deliveries gauge
                agora_event_deliveries{status="delivered"} \(backlog.deliveredTotal)
                agora_event_deliveries{status="dead"} \(backlog.deadLetters)

                """
            return Text(body: out)
        }
    }
}
