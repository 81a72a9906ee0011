public import ConnectAPI

/// Which tables and columns are captured: Debezium's include/exclude lists of regular expressions,
/// matched against the whole `schema`, `schema.table` or `schema.table.column`, case-insensitively.
public struct CaptureFilter: Sendable {
    private let tableInclude: [String]
    private let tableExclude: [String]
    private let schemaInclude: [String]
    private let schemaExclude: [String]
    private let columnInclude: [String]
    private let columnExclude: [String]

    /// Creates the filter; every pattern is compiled once to report bad expressions early.
    /// - Throws: ``ConnectError`` (`config`) for an invalid regular expression.
    public init(tableInclude: [String], tableExclude: [String], schemaInclude: [String], schemaExclude: [String],
                columnInclude: [String], columnExclude: [String]) throws(ConnectError) {
        for pattern in tableInclude + tableExclude + schemaInclude + schemaExclude + columnInclude + columnExclude {
            do { _ = try Regex(pattern) } catch {
                throw .invalidConfig(name: "table.include.list", value: pattern, message: "not a valid regular expression")
            }
        }
        self.tableInclude = tableInclude
        self.tableExclude = tableExclude
        self.schemaInclude = schemaInclude
        self.schemaExclude = schemaExclude
        self.columnInclude = columnInclude
        self.columnExclude = columnExclude
    }

    /// Whether the table's events are emitted. System schemas are never captured.
    public func includes(_ table: TableID) -> Bool {
        if ["pg_catalog", "information_schema"].contains(table.schema) || table.schema.hasPrefix("pg_toast") { return false }
        if !schemaInclude.isEmpty && !Self.matches(schemaInclude, table.schema) { return false }
        if Self.matches(schemaExclude, table.schema) { return false }
        if !tableInclude.isEmpty && !Self.matches(tableInclude, table.description) { return false }
        return !Self.matches(tableExclude, table.description)
    }

    /// Whether a `schema.table.column` is part of the events.
    public func includesColumn(_ qualifiedName: String) -> Bool {
        if !columnInclude.isEmpty && !Self.matches(columnInclude, qualifiedName) { return false }
        return !Self.matches(columnExclude, qualifiedName)
    }

    /// Whether an explicit table include list is configured.
    public var hasTableIncludeList: Bool { !tableInclude.isEmpty }

    private static func matches(_ patterns: [String], _ text: String) -> Bool {
        patterns.contains { pattern in
            guard let regex = try? Regex(pattern).ignoresCase() else { return false }
            return (try? regex.wholeMatch(in: text)) != nil
        }
    }
}
