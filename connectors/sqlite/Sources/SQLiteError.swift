import CSQLite

/// A failed SQLite call: the (extended) result code, SQLite's message and the statement involved.
struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The extended result code; `primaryCode` is its low byte.
    let code: Int32
    /// `sqlite3_errmsg` at the time of the failure.
    let message: String
    /// The SQL being prepared or run, if any.
    let sql: String?

    /// The primary result code (`SQLITE_BUSY`, `SQLITE_FULL`…).
    var primaryCode: Int32 { code & 0xFF }

    /// The database is locked by another connection for longer than the busy timeout.
    var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    /// The database, its directory or its WAL file cannot be written.
    var isReadOnly: Bool { primaryCode == SQLITE_READONLY || primaryCode == SQLITE_CANTOPEN || primaryCode == SQLITE_PERM }
    /// The disk (or quota) is full.
    var isFull: Bool { primaryCode == SQLITE_FULL }

    /// Failures that may clear up by themselves: a lock held by another process, a full disk, an I/O error.
    var isTransient: Bool { isBusy || isFull || primaryCode == SQLITE_IOERR || primaryCode == SQLITE_PROTOCOL }

    /// Failures that concern one row, not the database: a constraint (duplicate key, `NOT NULL`, `CHECK`), a
    /// value an `INTEGER PRIMARY KEY` cannot hold, a value too big.
    var isRowError: Bool {
        primaryCode == SQLITE_CONSTRAINT || primaryCode == SQLITE_MISMATCH || primaryCode == SQLITE_TOOBIG
    }

    /// A plain-words explanation of what the code means for the sink.
    var explanation: String {
        if isBusy { return "the database is locked by another connection (busy timeout exceeded)" }
        if primaryCode == SQLITE_READONLY { return "the database is read-only" }
        if primaryCode == SQLITE_CANTOPEN { return "the database file cannot be opened" }
        if primaryCode == SQLITE_PERM { return "access to the database is denied" }
        if isFull { return "the disk is full" }
        if primaryCode == SQLITE_IOERR { return "disk I/O error" }
        if primaryCode == SQLITE_CORRUPT || primaryCode == SQLITE_NOTADB { return "the database file is corrupt" }
        return String(cString: sqlite3_errstr(code))
    }

    var description: String {
        var text = "SQLite error \(code) (\(explanation)): \(message)"
        if let sql { text += " [\(sql.count > 200 ? String(sql.prefix(200)) + "…" : sql)]" }
        return text
    }
}
