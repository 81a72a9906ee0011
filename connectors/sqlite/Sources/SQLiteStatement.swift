import CSQLite

/// A compiled statement (`sqlite3_stmt*`), reused across rows: bind, step, reset.
final class SQLiteStatement {
    private let handle: OpaquePointer
    private unowned let connection: SQLiteConnection
    /// The SQL text, for error messages.
    let sql: String
    /// The number of `?` parameters.
    let parameterCount: Int

    init(_ handle: OpaquePointer, connection: SQLiteConnection, sql: String) {
        self.handle = handle
        self.connection = connection
        self.sql = sql
        self.parameterCount = Int(sqlite3_bind_parameter_count(handle))
    }

    deinit { sqlite3_finalize(handle) }

    /// Resets the statement and binds `values` to parameters 1…n.
    /// - Throws: ``SQLiteError`` when a value cannot be bound (too big).
    func bind(_ values: [SQLValue]) throws(SQLiteError) {
        sqlite3_reset(handle)
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Binds one value to a 1-based parameter.
    /// - Throws: ``SQLiteError`` when the value cannot be bound.
    func bind(_ value: SQLValue, at index: Int32) throws(SQLiteError) {
        let rc: Int32
        switch value {
        case .null:
            rc = sqlite3_bind_null(handle, index)
        case .integer(let integer):
            rc = sqlite3_bind_int64(handle, index, integer)
        case .real(let real):
            rc = sqlite3_bind_double(handle, index, real)
        case .text(var text):
            rc = text.withUTF8 { utf8 in
                utf8.withMemoryRebound(to: CChar.self) { chars in
                    tributary_sqlite3_bind_text_copy(handle, index, chars.baseAddress, Int32(clamping: chars.count))
                }
            }
        case .blob(let bytes):
            if bytes.isEmpty {
                rc = sqlite3_bind_zeroblob(handle, index, 0)
            } else {
                rc = bytes.withUnsafeBytes { raw in
                    tributary_sqlite3_bind_blob_copy(handle, index, raw.baseAddress, Int32(clamping: raw.count))
                }
            }
        }
        guard rc == SQLITE_OK else { throw connection.error(rc, sql: sql) }
    }

    /// Runs the statement one step: `true` when a row is available, `false` when it is done.
    /// - Throws: ``SQLiteError``; the statement is reset, so the transaction goes on unless SQLite rolled it back.
    @discardableResult
    func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        let error = connection.error(rc, sql: sql)
        sqlite3_reset(handle)
        throw error
    }

    /// Clears the previous run, so new values can be bound.
    func reset() { sqlite3_reset(handle) }

    /// Runs the bound statement to completion and resets it; returns the rows changed.
    /// - Throws: ``SQLiteError``.
    @discardableResult
    func execute() throws(SQLiteError) -> Int {
        while try step() {}
        sqlite3_reset(handle)
        return connection.changes
    }

    /// Binds, runs to completion and resets; returns the rows changed.
    /// - Throws: ``SQLiteError``.
    @discardableResult
    func run(_ values: [SQLValue]) throws(SQLiteError) -> Int {
        try bind(values)
        try step()
        sqlite3_reset(handle)
        return connection.changes
    }

    /// The number of result columns.
    var columnCount: Int { Int(sqlite3_column_count(handle)) }

    /// One column of the current row.
    func column(_ index: Int) -> SQLValue {
        let i = Int32(index)
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, i))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(handle, i) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, i))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, i))
            guard count > 0, let bytes = sqlite3_column_blob(handle, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }
}
