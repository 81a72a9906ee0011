/// Why a ``Herder`` call failed, with the HTTP status Kafka Connect answers for it.
public enum HerderError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 400: a bad config, an invalid request, or a state that forbids it (e.g. offsets of a running connector).
    case badRequest(String)
    /// 404: no such connector, task, plugin or logger.
    case notFound(String)
    /// 409: a connector of that name exists already, or a rebalance is in progress.
    case conflict(String)
    /// 500: anything else (e.g. the internal topics cannot be written).
    case internalError(String)

    /// The HTTP status code.
    public var statusCode: Int {
        switch self {
        case .badRequest: 400
        case .notFound: 404
        case .conflict: 409
        case .internalError: 500
        }
    }

    /// The message for `{"error_code":…,"message":…}`.
    public var message: String {
        switch self {
        case .badRequest(let m), .notFound(let m), .conflict(let m), .internalError(let m): m
        }
    }

    public var description: String { "\(statusCode): \(message)" }
}
