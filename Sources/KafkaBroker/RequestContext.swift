import KafkaProtocol
import Logging

/// What a handler knows about the request it serves.
public struct RequestContext: Sendable {
    /// The request header.
    public var header: RequestHeader
    /// The client's address, for group member hosts and logs.
    public var clientAddress: String
    /// A logger with the request's metadata attached.
    public var logger: Logger
}
