/// A failure of the worker itself (bad worker config, internal topics unusable), with a message naming the cause.
public struct RuntimeError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
