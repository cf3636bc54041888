import Crypto
import Foundation
import SQLKit

/// One migration as it applies to one database kind: the shared `.sql` file plus the
/// `.postgres.sql` or `.sqlite.sql` sibling for that kind, either of which may be absent.
public struct Migration: Sendable, Equatable {
    /// Who owns the tables (`kernel`, a module id).
    public let owner: String
    /// Position in the owner's sequence, from 1 without gaps.
    public let version: Int
    /// The file name's description part.
    public let name: String
    /// The SQL to run, shared part first.
    public let sql: String
    /// SHA-256 of `sql`, recorded when applied so later edits are noticed.
    public let checksum: String

    /// `owner/NNNN_name`, as messages print it.
    public var label: String { "\(owner)/\(String(format: "%04d", version))_\(name)" }
}

/// Why migrations cannot run; each message says what to do.
public enum MigrationError: Error, CustomStringConvertible, Equatable {
    case badFileName(String)
    case nameMismatch(owner: String, version: Int, names: [String])
    case gap(owner: String, missing: Int)
    case edited(label: String, recorded: String, actual: String)
    case appliedButMissing(owner: String, version: Int, name: String)
    case appliedOutOfOrder(label: String)
    case statementFailed(label: String, statement: String, reason: String)

    public var description: String {
        switch self {
        case .badFileName(let path):
            return "Migration file \(path) is not named NNNN_description.sql (or .postgres.sql / .sqlite.sql)."
        case .nameMismatch(let owner, let version, let names):
            return "Migration \(owner)/\(String(format: "%04d", version)) has files with different names: \(names.joined(separator: ", "))."
        case .gap(let owner, let missing):
            return "Migrations of \(owner) have a gap: version \(String(format: "%04d", missing)) is missing. Versions must run 0001, 0002, … without holes."
        case .edited(let label, let recorded, let actual):
            return "Migration \(label) was edited after it was applied (recorded checksum \(recorded.prefix(12))…, file now \(actual.prefix(12))…). Restore the file and add the change as a new migration."
        case .appliedButMissing(let owner, let version, let name):
            return "Migration \(owner)/\(String(format: "%04d", version))_\(name) is recorded as applied but its file is gone. Restore the file."
        case .appliedOutOfOrder(let label):
            return "Migration \(label) is new but a later migration of the same owner is already applied. Renumber it after the last applied one."
        case .statementFailed(let label, let statement, let reason):
            return "Migration \(label) failed: \(reason)\nStatement: \(statement.prefix(300))"
        }
    }
}

/// Applies `migrations/<owner>/` folders in module-dependency order and records each in
/// `schema_migrations` with its checksum.
public struct Migrator: Sendable {
    /// The database to migrate.
    public let database: Database
    /// The `migrations/` folder.
    public let folder: URL
    /// Owners in the order their migrations must run (the kernel first).
    public let owners: [String]

    /// A migrator for `owners` (in dependency order) reading files under `folder`.
    public init(database: Database, folder: URL, owners: [String]) {
        self.database = database
        self.folder = folder
        self.owners = owners
    }

    /// Every migration on disk for this database's kind, in the order they run.
    public func migrationsOnDisk() throws -> [Migration] {
        try owners.flatMap { try Self.load(owner: $0, from: folder.appendingPathComponent($0), kind: database.kind) }
    }

    /// Reads one owner's folder; a missing folder means the owner has no migrations.
    static func load(owner: String, from directory: URL, kind: Database.Kind) throws -> [Migration] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        // version -> (name, shared sql, dialect sql)
        var parts: [Int: (names: Set<String>, shared: String?, dialect: String?)] = [:]
        for file in names.sorted() where file.hasSuffix(".sql") {
            var stem = String(file.dropLast(4))
            var variant: String?
            for dialect in ["postgres", "sqlite"] where stem.hasSuffix("." + dialect) {
                variant = dialect
                stem = String(stem.dropLast(dialect.count + 1))
            }
            guard let underscore = stem.firstIndex(of: "_"),
                  let version = Int(stem[..<underscore]), version > 0,
                  stem[..<underscore].count == 4,
                  !stem[stem.index(after: underscore)...].isEmpty
            else { throw MigrationError.badFileName("\(owner)/\(file)") }
            let name = String(stem[stem.index(after: underscore)...])
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            var entry = parts[version] ?? (names: [], shared: nil, dialect: nil)
            entry.names.insert(name)
            switch variant {
            case nil: entry.shared = text
            case kind.rawValue?: entry.dialect = text
            default: break
            }
            parts[version] = entry
        }
        var migrations: [Migration] = []
        for (offset, version) in parts.keys.sorted().enumerated() {
            guard version == offset + 1 else { throw MigrationError.gap(owner: owner, missing: offset + 1) }
            let entry = parts[version]!
            guard entry.names.count == 1, let name = entry.names.first else {
                throw MigrationError.nameMismatch(owner: owner, version: version, names: entry.names.sorted())
            }
            let sql = [entry.shared, entry.dialect].compactMap { $0 }.joined(separator: "\n")
            let checksum = Hex.string(SHA256.hash(data: Data(sql.utf8)))
            migrations.append(Migration(owner: owner, version: version, name: name, sql: sql, checksum: checksum))
        }
        return migrations
    }

    /// The migrations not yet applied, after checking that the applied ones are unchanged.
    public func pending() async throws -> [Migration] {
        let onDisk = try migrationsOnDisk()
        let applied = try await database.withSingleConnection { session in
            try await Self.ensureTable(session)
            return try await Self.appliedMigrations(session)
        }
        return try Self.verify(onDisk: onDisk, applied: applied)
    }

    /// Applies every pending migration, each in its own transaction; returns what it applied
    /// (or, with `dryRun`, what it would apply).
    @discardableResult
    public func migrate(dryRun: Bool = false, now: Date = Date()) async throws -> [Migration] {
        let onDisk = try migrationsOnDisk()
        return try await database.withSingleConnection { session in
            try await Self.ensureTable(session)
            // Several app processes may start together on one PostgreSQL; one migrates, the
            // others wait and then find nothing pending.
            if session.kind == .postgres {
                try await session.sql.raw("SELECT pg_advisory_lock(\(bind: AdvisoryLock.migrations))").run()
            }
            do {
                let pending = try Self.verify(onDisk: onDisk, applied: try await Self.appliedMigrations(session))
                if !dryRun {
                    for migration in pending { try await Self.apply(migration, session: session, now: now) }
                }
                if session.kind == .postgres { try await session.sql.raw("SELECT pg_advisory_unlock(\(bind: AdvisoryLock.migrations))").run() }
                return pending
            } catch {
                if session.kind == .postgres { try? await session.sql.raw("SELECT pg_advisory_unlock(\(bind: AdvisoryLock.migrations))").run() }
                throw error
            }
        }
    }

    struct AppliedMigration: Decodable {
        let owner: String
        let version: Int
        let name: String
        let checksum: String
    }

    static func ensureTable(_ session: DatabaseSession) async throws {
        try await session.sql.raw("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                owner TEXT NOT NULL,
                version INTEGER NOT NULL,
                name TEXT NOT NULL,
                checksum TEXT NOT NULL,
                applied_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (owner, version)
            )
            """).run()
    }

    static func appliedMigrations(_ session: DatabaseSession) async throws -> [AppliedMigration] {
        try await session.sql.raw("SELECT owner, version, name, checksum FROM schema_migrations ORDER BY owner, version")
            .all(decoding: AppliedMigration.self)
    }

    static func verify(onDisk: [Migration], applied: [AppliedMigration]) throws -> [Migration] {
        let appliedByKey = Dictionary(uniqueKeysWithValues: applied.map { ("\($0.owner)#\($0.version)", $0) })
        let diskKeys = Set(onDisk.map { "\($0.owner)#\($0.version)" })
        for record in applied where !diskKeys.contains("\(record.owner)#\(record.version)") {
            // Owners no longer registered keep their history; only a hole in a known owner matters.
            if onDisk.contains(where: { $0.owner == record.owner }) {
                throw MigrationError.appliedButMissing(owner: record.owner, version: record.version, name: record.name)
            }
        }
        var pending: [Migration] = []
        for migration in onDisk {
            if let record = appliedByKey["\(migration.owner)#\(migration.version)"] {
                guard record.checksum == migration.checksum else {
                    throw MigrationError.edited(label: migration.label, recorded: record.checksum, actual: migration.checksum)
                }
                if pending.contains(where: { $0.owner == migration.owner }) {
                    throw MigrationError.appliedOutOfOrder(label: pending.first(where: { $0.owner == migration.owner })!.label)
                }
            } else {
                pending.append(migration)
            }
        }
        return pending
    }

    static func apply(_ migration: Migration, session: DatabaseSession, now: Date) async throws {
        try await session.sql.raw(session.kind == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
        do {
            for statement in SQLScript.statements(in: migration.sql) {
                do {
                    try await session.sql.raw(SQLQueryString(statement)).run()
                } catch {
                    throw MigrationError.statementFailed(label: migration.label, statement: statement, reason: DatabaseErrors.describe(error))
                }
            }
            try await session.sql.raw("""
                INSERT INTO schema_migrations (owner, version, name, checksum, applied_at)
                VALUES (\(bind: migration.owner), \(bind: migration.version), \(bind: migration.name), \(bind: migration.checksum), \(bind: now))
                """).run()
            try await session.sql.raw("COMMIT").run()
        } catch {
            try? await session.sql.raw("ROLLBACK").run()
            throw error
        }
    }
}
