import ArgumentParser
import Foundation
import Hummingbird
import Kernel

/// `agora bench …`: the measurements docs/BENCHMARKS.md records (run on a release build).
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks (see docs/BENCHMARKS.md and scripts/bench/).",
        subcommands: [GateServer.self, EventDrain.self, ShopServer.self, ShopCheck.self, InvoicePDFBench.self])

    /// Serves two identical minimal JSON routes, one feature-gated, on a vendor's custom
    /// domain, for `scripts/bench/gate.sh` to load with wrk.
    struct GateServer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "gate-server", abstract: "Serve /api/v1/bench/plain and /api/v1/bench/gated for wrk.")

        @Option(help: "Port to listen on.") var port = 18090
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await reportingFailures {
                var configuration = try database.configuration()
                configuration.port = port
                configuration.logLevel = .warning
                let kernel = try await AgoraApplication.boot(configuration: configuration, modules: InstalledModules.all + [BenchModule()],
                                                             logger: Logs.logger(configuration))
                try await BenchModule.prepare(kernel)
                print("bench routes ready on port \(port): Host: \(BenchModule.host)")
                try await AgoraApplication.application(kernel: kernel).runService()
                await kernel.database.close()
            }
        }
    }

    /// Publishes a backlog of events, then measures how fast one dispatcher drains it to a
    /// no-op subscriber, and the memory before and after.
    struct EventDrain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "events", abstract: "Drain a backlog of events to a no-op subscriber and report the rate.")

        @Option(help: "Events in the backlog.") var count = 100_000
        @Flag(help: "Publish, then kill this process with SIGKILL before any dispatcher runs (crash test).")
        var publishThenCrash = false
        @Flag(help: "Publish nothing; deliver what is pending until the backlog stays empty for a second (run several at once).")
        var deliverOnly = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await reportingFailures {
                var configuration = try database.configuration()
                configuration.logLevel = .warning
                let kernel = try await AgoraApplication.boot(configuration: configuration, modules: InstalledModules.all + [BenchModule()],
                                                             logger: Logs.logger(configuration))
                if deliverOnly {
                    try await deliverUntilQuiet(kernel)
                    await kernel.database.close()
                    return
                }
                let publishStart = ContinuousClock.now
                var published = 0
                while published < count {
                    let batch = min(1000, count - published)
                    try await kernel.database.transaction { tx in
                        for index in 0..<batch {
                            try await EventBus.publish(BenchModule.Probe(sequence: published + index), at: Date(), on: tx)
                        }
                    }
                    published += batch
                }
                let publishSeconds = seconds(ContinuousClock.now - publishStart)
                if publishThenCrash {
                    print("published \(count) events; crashing before delivery")
                    fflush(nil)  // flush every stream: the process will not get to exit normally
                    kill(getpid(), SIGKILL)
                }
                let rssBefore = residentMiB()
                let drainStart = ContinuousClock.now
                let attempted = try await EventDispatcher(kernel: kernel).drain()
                let drainSeconds = seconds(ContinuousClock.now - drainStart)
                let backlog = try await kernel.database.read { try await EventStore.backlog(on: $0) }
                print(String(format: "database: %@", configuration.databaseURL.description))
                print(String(format: "published %d events in %.2f s (%.0f events/s, 1000 per transaction)", count, publishSeconds, Double(count) / publishSeconds))
                print(String(format: "drained %d deliveries in %.2f s: %.0f events/s", backlog.deliveredTotal, drainSeconds, Double(count) / drainSeconds))
                print(String(format: "resident memory: %.1f MiB before the drain, %.1f MiB after", rssBefore, residentMiB()))
                print("passes' work items: \(attempted); pending after: \(backlog.pendingDeliveries); dead letters: \(backlog.deadLetters)")
                await kernel.database.close()
                guard backlog.pendingDeliveries == 0, backlog.deliveredTotal >= count else { throw ExitCode.failure }
            }
        }

        /// Runs dispatcher passes until nothing has been due for a second.
        func deliverUntilQuiet(_ kernel: KernelServices) async throws {
            let dispatcher = EventDispatcher(kernel: kernel, batchSize: 100)
            var quietSince = ContinuousClock.now
            var delivered = 0
            while ContinuousClock.now - quietSince < .seconds(1) {
                let worked = try await dispatcher.runOnce(now: Date())
                if worked > 0 {
                    delivered += worked
                    quietSince = ContinuousClock.now
                } else {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            print("process \(getpid()) handled \(delivered) work items")
        }

        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }

        func residentMiB() -> Double {
            guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
                  let kib = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
            return kib / 1024
        }
    }
}

/// A realistic shop page: headings, paragraphs, a list, links and emphasis (about 3 KB).
let benchPageBody: String = (1...6).map { section in
    """
    ## Notre histoire, chapitre \(section)

    Depuis 1987, la **Ferme Schmit** cultive des légumes de saison à *Munshausen*. Nous vendons au marché \
    du samedi à Luxembourg-Ville et à la ferme, le mercredi après-midi. Tout est récolté la veille.

    - Légumes bio certifiés, [voir le label](https://www.bio-label.lu)
    - Œufs de plein air, fromage blanc et miel de nos ruches
    - Paniers hebdomadaires à retirer au stand

    Questions ? Écrivez-nous à [contact@ferme.lu](mailto:contact@ferme.lu).

    """
}.joined()

/// Minimal routes and a no-op subscriber for the benchmarks; only `agora bench` installs it.
struct BenchModule: AgoraModule {
    static let host = "bench.shop.test"

    struct Probe: DomainEvent, ResponseCodable {
        static let name = "bench.probe.sent"
        let sequence: Int
    }

    var id: String { "bench" }
    var migrationsOwner: String? { nil }
    var features: [FeatureDeclaration] { [FeatureDeclaration(code: "bench.probe", name: "Benchmark probe")] }
    var eventSubscriptions: [EventSubscription] {
        [EventSubscription(event: Probe.name, subscriber: "bench.noop") { _ in }]
    }

    func registerRoutes(on routes: RouteBuilder, kernel: KernelServices) {
        routes.get("/api/v1/bench/plain", summary: "Benchmark: ungated", access: .anyone) { _, _ in Probe(sequence: 1) }
        routes.get("/api/v1/bench/gated", summary: "Benchmark: gated by bench.probe", access: .anyone, feature: "bench.probe") { _, _ in Probe(sequence: 1) }
        // The baseline of scripts/bench/site.sh: the least a route can do in this server.
        routes.get("/api/v1/bench/hello", summary: "Benchmark: hello world", access: .anyone) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "Hello, world!")))
        }
    }

    /// The OMS platform offers the module and a vendor on its custom domain has the feature.
    static func prepare(_ kernel: KernelServices) async throws {
        try await kernel.database.transaction { tx in
            guard let oms = try await TenancyStore.platform(code: "oms", on: tx) else { throw ValidationError("the oms platform is missing") }
            let modules = try await TenancyStore.modules(of: oms.id, on: tx)
            if !modules.contains("bench") {
                try await tx.sql.raw("INSERT INTO platform_modules (platform_id, module_id) VALUES (\(bind: oms.id), 'bench')").run()
            }
            if try await TenancyStore.vendor(slug: "bench-shop", on: tx) == nil {
                let now = Date()
                let company = UUID.v7()
                let vendor = UUID.v7()
                try await tx.sql.raw("""
                    INSERT INTO companies (id, name, country, created_at, updated_at) VALUES (\(bind: company), 'Bench', 'LU', \(bind: now), \(bind: now))
                    """).run()
                try await tx.sql.raw("""
                    INSERT INTO vendors (id, company_id, slug, name, country, currency, locale, is_active, created_at, updated_at)
                    VALUES (\(bind: vendor), \(bind: company), 'bench-shop', 'Bench shop', 'LU', 'EUR', 'fr-LU', \(bind: true), \(bind: now), \(bind: now))
                    """).run()
                try await tx.sql.raw("""
                    INSERT INTO vendor_platforms (vendor_id, platform_id, tier_code, status, current_period_start, current_period_end, joined_at, updated_at)
                    VALUES (\(bind: vendor), \(bind: oms.id), 'essential', 'active', \(bind: now), \(bind: now.addingTimeInterval(30 * 86400)), \(bind: now), \(bind: now))
                    """).run()
                try await tx.sql.raw("""
                    INSERT INTO platform_domains (id, platform_id, host, path_prefix, vendor_id, is_primary, created_at)
                    VALUES (\(bind: UUID.v7()), \(bind: oms.id), \(bind: host), '', \(bind: vendor), \(bind: true), \(bind: now))
                    """).run()
                try await tx.sql.raw("""
                    INSERT INTO vendor_feature_overrides (platform_id, vendor_id, feature_code, mode, updated_at)
                    VALUES (\(bind: oms.id), \(bind: vendor), 'bench.probe', 'grant', \(bind: now))
                    """).run()
                // The shop's own "about" page, about 3 KB of Markdown, for scripts/bench/site.sh.
                try await tx.sql.raw("""
                    INSERT INTO cms_pages (id, platform_id, vendor_id, slug, locale, title, body_markdown, seo_title, seo_description,
                        is_published, published_at, is_platform_page, counts_as_custom, created_at, updated_at)
                    VALUES (\(bind: UUID.v7()), \(bind: oms.id), \(bind: vendor), 'about', 'fr-LU', 'À propos de la boutique', \(bind: benchPageBody),
                        NULL, 'Qui nous sommes', \(bind: true), NULL, \(bind: false), \(bind: false), \(bind: now), \(bind: now))
                    """).run()
            }
        }
        await kernel.platforms.invalidate()
        await kernel.changes.announce(.features)
    }
}
