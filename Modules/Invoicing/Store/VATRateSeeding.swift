import Foundation
import Kernel
import ServiceLifecycle

/// Adds the bundled VAT rates that are missing from the database when the server starts
/// (idempotent: existing rows, and an admin's changes to them, are kept), then waits for the
/// shutdown so the service group keeps running.
struct VATRateSeeding: Service {
    let kernel: KernelServices

    func run() async throws {
        let now = kernel.now()
        do {
            let added = try await kernel.database.transaction { try await VATRateStore.seed(now: now, on: $0) }
            if added > 0 {
                // Caches built before this commit saw an empty table and seeded it themselves.
                kernel.logger.info("Added the bundled VAT rates", metadata: ["rows": .stringConvertible(added)])
            }
        } catch {
            // The table is seeded again on first use; a failed seed must not stop the server.
            kernel.logger.error("Could not seed the VAT rates", metadata: ["error": .string(DatabaseErrors.describe(error))])
        }
        try? await gracefulShutdown()
    }
}
