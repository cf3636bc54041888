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
        if let session = try await joined(vendor: vendorId) { return try await body(session) }
        return try await newTransaction(vendor: vendorId, body)
    }

    /// Reads scoped to one vendor, like ``transaction(for:_:)`` but outside a transaction:
    /// on PostgreSQL the connection's session setting does the scoping, so a read is its
    /// queries alone (see ``PostgresBackend/withConnection(vendor:_:)``).
    public func read<T: Sendable>(for vendor: VendorScope, _ body: (DatabaseSession) async throws -> T) async throws -> T {
        try await read(forVendor: vendor.vendorId, body)
    }

    /// Vendor-scoped reads for background work that has a vendor id but no request.
    public func read<T: Sendable>(forVendor vendorId: UUID, _ body: (DatabaseSession) async throws -> T) async throws -> T {
        if let session = try await joined(vendor: vendorId) { return try await body(session) }
        if let session = Database.currentRead, session.owner == ObjectIdentifier(self), session.vendor == vendorId {
            return try await body(session)
        }
        return try await newRead(vendor: vendorId, body)
    }

    /// The current transaction of this task, now scoped to `vendorId`, when there is one: a
    /// transaction-local setting, which ends with the transaction it is made in.
    private func joined(vendor vendorId: UUID) async throws -> DatabaseSession? {
        guard var session = Database.current, session.owner == ObjectIdentifier(self) else { return nil }
        if session.kind == .postgres, session.vendor != vendorId {
            try await session.sql.raw("SELECT set_config('agora.vendor_id', \(bind: Self.setting(vendorId)), true)").run()
            session.vendor = vendorId
        }
        return session
    }
}
