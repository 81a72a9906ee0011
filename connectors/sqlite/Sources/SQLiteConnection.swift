import CSQLite

/// One open SQLite database connection (`sqlite3*`), used by one task at a time.
///
/// Not `Sendable`: it lives inside the task actor. Statements are finalized before the connection closes
/// (`sqlite3_close_v2` defers the close until the last one is gone).
final class SQLiteConnection {
    private var handle: OpaquePointer?
    /// The database file.
    let path: String

    /// Opens (creating if needed) the database and sets the busy timeout.
    /// - Throws: ``SQLiteError`` when the file cannot be opened.
    init(path: String, busyTimeoutMs: Int32) throws(SQLiteError) {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: message, sql: nil)
        }
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMs)
        handle = db
    }

    deinit { close() }

    /// Closes the connection; later calls fail with `SQLITE_MISUSE`.
    func close() {
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Whether the main database was opened read-only (e.g. a write-protected file).
    var isReadOnly: Bool {
        guard let handle else { return true }
        return sqlite3_db_readonly(handle, "main") == 1
    }

    /// Whether a transaction is open.
    var inTransaction: Bool {
        guard let handle else { return false }
        return sqlite3_get_autocommit(handle) == 0
    }

    /// Runs SQL without results (one or more statements).
    /// - Throws: ``SQLiteError``.
    func execute(_ sql: String) throws(SQLiteError) {
        guard let handle else { throw closedError(sql) }
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, sql: sql) }
    }

    /// Compiles one statement.
    /// - Throws: ``SQLiteError`` for a syntax error or a missing table or column.
    func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        guard let handle else { throw closedError(sql) }
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(rc, sql: sql) }
        return SQLiteStatement(statement, connection: self, sql: sql)
    }

    /// Runs a query and returns every row (for small catalog queries).
    /// - Throws: ``SQLiteError``.
    func query(_ sql: String, _ arguments: [SQLValue] = []) throws(SQLiteError) -> [[SQLValue]] {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        var rows: [[SQLValue]] = []
        while try statement.step() {
            rows.append((0..<statement.columnCount).map { statement.column($0) })
        }
        return rows
    }

    /// Rows changed by the last `INSERT`, `UPDATE` or `DELETE`.
    var changes: Int {
        guard let handle else { return 0 }
        return Int(sqlite3_changes(handle))
    }

    /// The error for a result code, with the connection's current message.
    func error(_ rc: Int32, sql: String?) -> SQLiteError {
        let code = handle.map { sqlite3_extended_errcode($0) } ?? rc
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "connection closed"
        return SQLiteError(code: code != SQLITE_OK ? code : rc, message: message, sql: sql)
    }

    private func closedError(_ sql: String) -> SQLiteError {
        SQLiteError(code: SQLITE_MISUSE, message: "the connection is closed", sql: sql)
    }
}
