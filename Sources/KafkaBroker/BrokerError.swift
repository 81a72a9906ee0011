/// A broker failure outside any one request (binding, I/O), naming the cause.
public struct BrokerError: Error, CustomStringConvertible, Sendable {
    public var description: String

    static func io(_ message: String) -> BrokerError { BrokerError(description: message) }
}
