import AgoraTesting
import Foundation
@testable import Kernel
import SQLKit
import Testing

/// Rows written as JSON straight from the database (``JSONColumns``) must be exactly what the
/// model's `Codable` form writes, on both databases, or a list would change under its clients.
@Suite("Rows written as JSON")
struct RowJSONTests {
    struct Probe: Codable, Sendable, Identifiable, Equatable {
        let id: UUID
        let amount: Int?
        let at: Date?
        let flag: Bool?
        let label: String?
        let note: String?
        let other: UUID?
        let small: Int?
        let total: Int?
    }

    static let columns = JSONColumns([
        "amount": .integer, "at": .date, "flag": .boolean, "id": .uuid, "label": .string,
        "note": .string, "other": .uuid, "small": .integer, "total": .integer,
    ])

    static let probes: [Probe] = [
        Probe(id: UUID.v7(), amount: Int.max, at: Date(timeIntervalSince1970: 1_763_000_000.75), flag: true,
              label: "Rue \"du\" Marché / 12\nL-1234 \\ Luxembourg\u{1}\t€ 🍎", note: "short", other: UUID.v7(), small: -32_000, total: 0),
        Probe(id: UUID.v7(), amount: Int.min, at: Date(timeIntervalSince1970: -2_300_000_000), flag: false,
              label: "", note: nil, other: nil, small: 7, total: -1),
        Probe(id: UUID.v7(), amount: nil, at: nil, flag: nil, label: nil, note: nil, other: nil, small: nil, total: nil),
    ]

    func withProbes(_ body: @escaping @Sendable (DatabaseSession) async throws -> Void) async throws {
        try await TestKernel.with { kernel in
            try await kernel.database.transaction { tx in
                // Every integer width and text type PostgreSQL's wire form is read for; SQLite
                // rows are decoded, so both ways of writing are compared with the model's.
                try await tx.sql.raw("""
                    CREATE TABLE row_json_probes (id UUID PRIMARY KEY, amount BIGINT, at TIMESTAMPTZ, flag BOOLEAN,
                        label TEXT, note VARCHAR(20), other UUID, small SMALLINT, total INTEGER)
                    """).run()
                for probe in Self.probes {
                    try await tx.sql.raw("""
                        INSERT INTO row_json_probes (id, amount, at, flag, label, note, other, small, total)
                        VALUES (\(bind: probe.id), \(bind: probe.amount), \(bind: probe.at), \(bind: probe.flag), \(bind: probe.label),
                                \(bind: probe.note), \(bind: probe.other), \(bind: probe.small), \(bind: probe.total))
                        """).run()
                }
                try await body(tx)
            }
        }
    }

    /// Selected as `*` (columns found by name) and as the columns' select list (on PostgreSQL
    /// one record per row, read field by field).
    @Test(arguments: [false, true])
    func everyKindOfCellIsWrittenAsTheModelWritesIt(selectList: Bool) async throws {
        try await withProbes { tx in
            let columns: SQLQueryString = selectList ? Self.columns.selectList(on: tx.kind) : "*"
            let query = tx.sql.raw("SELECT \(columns) FROM row_json_probes ORDER BY id")
            // Twice, so PostgreSQL answers the second from a prepared statement.
            for _ in 0..<2 {
                let written = try await query.jsonRows(Self.columns, as: Probe.self)
                let decoded = try await tx.sql.raw("SELECT * FROM row_json_probes ORDER BY id").all().map { try Probe(from: RowDecoder(row: $0)) }
                #expect(decoded.count == 3)
                #expect(written.map(\.id) == decoded.map(\.id))
                #expect(String(decoding: try ResponseJSON.encode(written), as: UTF8.self)
                        == String(decoding: try ResponseJSON.encode(decoded), as: UTF8.self))
                // Other encoders get the model's own form back.
                #expect(try AgoraJSON.encoder().encode(written) == AgoraJSON.encoder().encode(decoded))
            }
        }
    }

    @Test func aMissingColumnIsAnErrorNotACrash() async throws {
        try await withProbes { tx in
            let columns = JSONColumns(["id": .uuid, "missing": .string])
            await #expect(throws: (any Error).self) {
                _ = try await tx.sql.raw("SELECT id FROM row_json_probes").jsonRows(columns, as: Probe.self)
            }
        }
    }

    @Test(.enabled(if: TestDatabases.kind == .postgres, "records are PostgreSQL's"))
    func aRecordOfOtherColumnsIsAnErrorNotACrash() async throws {
        try await withProbes { tx in
            // Too few fields, and a record with a NULL id.
            for select: SQLQueryString in ["ROW(id, amount) AS agora_json_record", "ROW(amount, at, flag, NULL::uuid, label, note, other, small, total) AS agora_json_record"] {
                await #expect(throws: (any Error).self) {
                    _ = try await tx.sql.raw("SELECT \(select) FROM row_json_probes").jsonRows(Self.columns, as: Probe.self)
                }
            }
            // A field of another type than the wire forms read in place (an id as text) is
            // decoded as a cell of that type would be.
            let converted = try await tx.sql.raw("""
                SELECT ROW(amount, at, flag, id, label, note, CAST(other AS TEXT), small, total) AS agora_json_record
                FROM row_json_probes WHERE small = -32000
                """).jsonRows(Self.columns, as: Probe.self)
            let decoded = try await tx.sql.raw("SELECT * FROM row_json_probes WHERE small = -32000").all().map { try Probe(from: RowDecoder(row: $0)) }
            #expect(decoded.count == 1 && decoded.first?.other != nil)
            #expect(String(decoding: try ResponseJSON.encode(converted), as: UTF8.self)
                    == String(decoding: try ResponseJSON.encode(decoded), as: UTF8.self))
        }
    }

    @Test func aPageOfRowsIsDocumentedAsAPageOfItsModel() {
        let registry = SchemaRegistry()
        let rows = registry.schema(for: Page<RowJSON<Probe>>.self)
        let models = SchemaRegistry().schema(for: Page<Probe>.self)
        #expect(rows == models)
        #expect(registry.all["PageProbe"] != nil && registry.all["Probe"] != nil)
    }
}
