/// The rows of a query in text format; `nil` cells are SQL NULLs.
public struct QueryResult: Sendable {
    /// Column names.
    public var columns: [String]
    /// Rows of text cells.
    public var rows: [[String?]]

    /// The cell of `column` in row `row`, or `nil` when NULL or absent.
    public func value(_ row: Int, _ column: String) -> String? {
        guard row < rows.count, let index = columns.firstIndex(of: column) else { return nil }
        return rows[row][index]
    }
}
