/// A table's schema-qualified name.
public struct TableID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Schema (namespace) name.
    public var schema: String
    /// Table name.
    public var table: String

    /// Creates a table id.
    public init(schema: String, table: String) {
        self.schema = schema
        self.table = table
    }

    /// `schema.table`, the form used in include lists and offsets.
    public var description: String { "\(schema).\(table)" }

    /// The SQL form `"schema"."table"` with identifiers quoted.
    var quoted: String { SQLText.identifier(schema) + "." + SQLText.identifier(table) }

    /// Orders by schema, then table.
    public static func < (lhs: TableID, rhs: TableID) -> Bool { (lhs.schema, lhs.table) < (rhs.schema, rhs.table) }
}

/// Quoting helpers for SQL text sent with the simple query protocol.
enum SQLText {
    /// A double-quoted identifier.
    static func identifier(_ name: String) -> String { "\"" + name.replacingAll("\"", with: "\"\"") + "\"" }

    /// A single-quoted string literal (standard_conforming_strings is on by default since 9.1).
    static func literal(_ value: String) -> String { "'" + value.replacingAll("'", with: "''") + "'" }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(count)
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
