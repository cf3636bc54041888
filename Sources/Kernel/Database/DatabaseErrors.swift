import PostgresNIO
import SQLiteNIO

/// Recognises constraint violations from either backend, so stores can turn them into a
/// clear 409 instead of a 500.
public enum DatabaseErrors {
    /// A unique constraint or primary key refused the write.
    public static func isUniqueViolation(_ error: any Error) -> Bool {
        if let error = error as? SQLiteError {
            return error.reason == .constraintUniqueFailed || error.reason == .constraintPrimaryKeyFailed
                || (error.reason == .constraint && error.message.contains("UNIQUE"))
        }
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
        return false
    }

    /// A foreign key refused the write (a referenced row does not exist or is still referenced).
    public static func isForeignKeyViolation(_ error: any Error) -> Bool {
        if let error = error as? SQLiteError {
            return error.reason == .constraintForeignKeyFailed || (error.reason == .constraint && error.message.contains("FOREIGN KEY"))
        }
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23503" }
        return false
    }

    /// A readable reason for logs and startup messages (PSQLError hides it from `description`).
    public static func describe(_ error: any Error) -> String {
        if let error = error as? SQLiteError { return error.message }
        if error is PSQLError { return PostgresBackend.explain(error) }
        return "\(error)"
    }
}
