/// An error from PostgreSQL or libpq: whether the connection is gone (retry with a new one) or the server
/// refused a statement (with its SQLSTATE).
public struct PostgresError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public enum Kind: Hashable, Sendable {
        /// Connecting failed or the connection broke: retriable.
        case connection
        /// The server returned an error for a statement.
        case server
        /// The server sent something unexpected.
        case protocolViolation
    }

    /// What kind of failure.
    public var kind: Kind
    /// The server's SQLSTATE (`42704`, …) when it sent one.
    public var sqlState: String?
    /// libpq's or the server's message.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, sqlState: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
    }

    /// The message with the SQLSTATE, if any.
    public var description: String {
        let text = message.trimmingTrailingWhitespace
        return sqlState.map { "\(text) (SQLSTATE \($0))" } ?? text
    }
}

extension String {
    /// The string without trailing spaces and newlines (libpq messages end in `\n`).
    var trimmingTrailingWhitespace: String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
