/// SQL text for the sink's statements, with every identifier double-quoted.
enum SQLText {
    /// `"name"`, inner quotes doubled.
    static func quote(_ identifier: String) -> String {
        "\"" + identifier.replacing("\"", with: "\"\"") + "\""
    }

    /// `INSERT INTO t (k…, v…) VALUES (?…)`.
    static func insert(table: String, columns: [String]) -> String {
        "INSERT INTO \(quote(table)) (\(list(columns))) VALUES (\(placeholders(columns.count)))"
    }

    /// `INSERT … ON CONFLICT (k…) DO UPDATE SET v = excluded.v …` (or `DO NOTHING` without value columns).
    static func upsert(table: String, keys: [String], values: [String]) -> String {
        let action =
            values.isEmpty
            ? "DO NOTHING"
            : "DO UPDATE SET " + values.map { "\(quote($0)) = excluded.\(quote($0))" }.joined(separator: ", ")
        return insert(table: table, columns: keys + values) + " ON CONFLICT (\(list(keys))) " + action
    }

    /// `UPDATE t SET v = ? … WHERE k = ? AND …`.
    static func update(table: String, keys: [String], values: [String]) -> String {
        "UPDATE \(quote(table)) SET " + values.map { "\(quote($0)) = ?" }.joined(separator: ", ") + " WHERE " + condition(keys)
    }

    /// `DELETE FROM t WHERE k = ? AND …`.
    static func delete(table: String, keys: [String]) -> String {
        "DELETE FROM \(quote(table)) WHERE " + condition(keys)
    }

    /// `CREATE TABLE IF NOT EXISTS t (k TYPE NOT NULL, v TYPE, …, PRIMARY KEY (k…))`.
    static func createTable(table: String, keys: [Column], values: [Column]) -> String {
        var parts = keys.map { definition($0) + " NOT NULL" }
        parts += values.map { definition($0) }
        if !keys.isEmpty { parts.append("PRIMARY KEY (\(list(keys.map(\.name))))") }
        return "CREATE TABLE IF NOT EXISTS \(quote(table)) (" + parts.joined(separator: ", ") + ")"
    }

    /// `ALTER TABLE t ADD COLUMN c TYPE`.
    static func addColumn(table: String, column: Column) -> String {
        "ALTER TABLE \(quote(table)) ADD COLUMN " + definition(column)
    }

    private static func definition(_ column: Column) -> String {
        guard let type = column.mapped.type else { return quote(column.name) }
        return quote(column.name) + " " + type.rawValue
    }

    private static func list(_ names: [String]) -> String { names.map(quote).joined(separator: ", ") }

    private static func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

    private static func condition(_ keys: [String]) -> String { keys.map { "\(quote($0)) = ?" }.joined(separator: " AND ") }
}
