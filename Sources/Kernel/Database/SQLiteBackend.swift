import Foundation
import Logging
import NIOPosix
import SQLiteKit

/// SQLite in WAL mode: one writer connection and a few readers, so reads never wait for a
/// write and writes are serialised inside the process (SQLite allows one writer anyway).
final class SQLiteBackend: Sendable {
    let writer: ConnectionPool<SQLiteConnection>
    let readers: ConnectionPool<SQLiteConnection>
    private let connections: [SQLiteConnection]

    /// Readers beside the writer; WAL lets them read while the writer writes.
    static let readerCount = 3

    private init(writer: SQLiteConnection, readers: [SQLiteConnection]) {
        self.writer = ConnectionPool([writer])
        self.readers = ConnectionPool(readers)
        self.connections = [writer] + readers
    }

    static func open(path: String, logger: Logger) async throws -> SQLiteBackend {
        let url = DatabaseURL.sqlite(path: path)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw DatabaseStartupError(url: url, reason: "cannot create the folder \(folder.path): \(error.localizedDescription)")
        }
        do {
            let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            // WAL is a property of the file; set it once, from the writer, before readers open.
            try await configure(writer, pragmas: ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"])
            var readers: [SQLiteConnection] = []
            for _ in 0..<readerCount {
                let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                try await configure(reader, pragmas: [])
                readers.append(reader)
            }
            return SQLiteBackend(writer: writer, readers: readers)
        } catch let error as SQLiteError {
            throw DatabaseStartupError(url: url, reason: error.message)
        }
    }

    private static func configure(_ connection: SQLiteConnection, pragmas: [String]) async throws {
        let sql = connection.sql()
        for pragma in pragmas + ["PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000"] {
            try await sql.raw(SQLQueryString(pragma)).run()
        }
    }

    func close() async {
        for connection in connections {
            try? await connection.close()
        }
    }
}
