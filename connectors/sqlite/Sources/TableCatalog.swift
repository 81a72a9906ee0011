/// What the sink knows about the tables it writes: their columns and those columns' affinities, read with
/// `PRAGMA table_info` and cached until a rollback (which may undo a `CREATE` or `ALTER`).
struct TableCatalog {
    /// The columns of one table, by lower-cased name (SQLite compares identifiers case-insensitively).
    typealias Columns = [String: SQLAffinity]

    private var tables: [String: Columns] = [:]

    /// The columns of a table, or `nil` if it does not exist.
    /// - Throws: ``SQLiteError``.
    mutating func columns(of table: String, in db: SQLiteConnection) throws(SQLiteError) -> Columns? {
        if let known = tables[table] { return known }
        let rows = try db.query("PRAGMA table_info(\(SQLText.quote(table)))")
        guard !rows.isEmpty else { return nil }
        var columns: Columns = [:]
        for row in rows where row.count >= 3 {
            guard case .text(let name) = row[1] else { continue }
            let declared: String
            if case .text(let type) = row[2] { declared = type } else { declared = "" }
            columns[name.lowercased()] = SQLAffinity(declaredType: declared)
        }
        if tables.count >= 1000 { tables.removeAll() }
        tables[table] = columns
        return columns
    }

    /// Records a table the sink created or altered.
    mutating func forget(_ table: String) { tables[table] = nil }

    /// Forgets everything (after a rollback).
    mutating func reset() { tables.removeAll() }
}
