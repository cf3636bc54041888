import ArgumentParser
import Foundation
import Kernel

/// `agora events …`: inspect and replay the event bus's dead letters.
struct Events: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect and replay events.", subcommands: [DeadLetters.self, Show.self, Replay.self])

    struct DeadLetters: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "dead-letters", abstract: "List dead-lettered deliveries.")
        @Option(help: "How many to list (1–200).") var limit = 50
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await withKernel(database) { kernel in
                let letters = try await kernel.database.read { try await EventStore.deadLetters(in: .everything, page: PageRequest(limit: min(max(limit, 1), 200)), on: $0) }
                if letters.isEmpty { print("No dead letters.") }
                for letter in letters {
                    print("\(letter.eventId)  \(letter.name)  → \(letter.subscriber)  after \(letter.attempts) attempt(s): \(letter.lastError ?? "")")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one event, its payload and deliveries.")
        @Argument(help: "The event id.") var id: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let eventId = UUID(uuidString: id) else { throw ValidationError("\(id) is not an event id") }
            try await withKernel(database) { kernel in
                guard let event = try await kernel.database.read({ try await EventStore.event(eventId, in: .everything, on: $0) }) else {
                    printError("no event \(id)")
                    throw ExitCode.failure
                }
                print("\(event.name)  \(event.id)  at \(ISO8601DateFormatter().string(from: event.occurredAt))")
                print("payload: \(event.payload)")
                for delivery in event.deliveries {
                    print("  \(delivery.subscriber): \(delivery.status), \(delivery.attempts)/\(delivery.maxAttempts) attempt(s)\(delivery.lastError.map { ", last error: \($0)" } ?? "")")
                }
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Queue a dead-lettered event for delivery again.")
        @Argument(help: "The event id.") var id: String
        @Option(help: "Only this subscriber's delivery.") var subscriber: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let eventId = UUID(uuidString: id) else { throw ValidationError("\(id) is not an event id") }
            try await withKernel(database) { kernel in
                let count = try await kernel.database.transaction { tx in
                    let count = try await EventStore.replay(eventId, subscriber: subscriber, at: Date(), on: tx)
                    if count > 0 {
                        try await AuditLog.append(AuditEntry(actorUserId: nil, actorLabel: "cli", action: "event.replayed", targetType: "event",
                                                             targetId: eventId.uuidString, summary: "Replayed from the command line"), at: Date(), on: tx)
                    }
                    return count
                }
                guard count > 0 else {
                    printError("event \(id) has no dead-lettered delivery\(subscriber.map { " for \($0)" } ?? "")")
                    throw ExitCode.failure
                }
                print("Queued \(count) delivery(ies) again; a running server delivers them within a second.")
            }
        }
    }
}

/// Opens the kernel for a one-shot command and closes it afterwards.
func withKernel(_ database: DatabaseOptions, _ body: (KernelServices) async throws -> Void) async throws {
    try await reportingFailures {
        let configuration = try database.configuration()
        let kernel = try await AgoraApplication.open(configuration: configuration, modules: InstalledModules.all, logger: Logs.logger(configuration))
        do {
            try await body(kernel)
        } catch {
            await kernel.database.close()
            throw error
        }
        await kernel.database.close()
    }
}
