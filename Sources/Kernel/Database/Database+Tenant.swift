import Foundation
import SQLKit

extension Database {
    /// Runs `body` in a transaction scoped to one vendor: on PostgreSQL the transaction-local
    /// setting `agora.vendor_id` makes row-level security hide every other vendor's rows in
    /// vendor-owned tables, so a query that forgets its `vendor_id` condition still cannot
    /// read or write another tenant's data.
    @discardableResult
    public func transaction<T: Sendable>(for vendor: VendorScope, _ body: (DatabaseSession) async throws -> T) async throws -> T {
        try await transaction(forVendor: vendor.vendorId, body)
    }

    /// A vendor-scoped transaction for background work that has a vendor id but no request.
    @discardableResult
    public func transaction<T: Sendable>(forVendor vendorId: UUID, _ body: (DatabaseSession) async throws -> T) async throws -> T {
        try await transaction { session in
            if session.kind == .postgres {
                try await session.sql.raw("SELECT set_config('agora.vendor_id', \(bind: vendorId.uuidString.lowercased()), true)").run()
            }
            return try await body(session)
        }
    }

    /// Reads in a vendor-scoped transaction (see ``transaction(for:_:)``).
    public func read<T: Sendable>(for vendor: VendorScope, _ body: (DatabaseSession) async throws -> T) async throws -> T {
        if kind == .sqlite { return try await read(body) }
        return try await transaction(for: vendor, body)
    }
}
