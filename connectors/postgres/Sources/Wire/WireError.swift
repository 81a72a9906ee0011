/// A malformed or unexpected message from the walsender: what was being read, where, and why.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The message or field being decoded, e.g. `Relation.columns[2].name`.
    public var context: String
    /// The byte offset in the message at which decoding failed.
    public var offset: Int
    /// What went wrong.
    public var reason: String

    /// Creates an error.
    public init(context: String, offset: Int, reason: String) {
        self.context = context
        self.offset = offset
        self.reason = reason
    }

    /// `pgoutput: <context> at byte <offset>: <reason>`.
    public var description: String { "pgoutput: \(context) at byte \(offset): \(reason)" }
}
