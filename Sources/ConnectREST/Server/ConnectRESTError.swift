public import ConnectRuntime

/// An error the REST layer answers with Kafka Connect's body, `{"error_code":<status>,"message":…}`.
public struct ConnectRESTError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The HTTP status code, which is also the body's `error_code`.
    public var status: Int
    /// The body's `message`.
    public var message: String

    /// Creates an error.
    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }

    /// The error a herder call failed with, with the status Kafka Connect gives it.
    public init(_ error: HerderError) {
        self.init(status: error.statusCode, message: error.message)
    }

    /// 400 with a message.
    public static func badRequest(_ message: String) -> ConnectRESTError {
        ConnectRESTError(status: 400, message: message)
    }

    /// The error with Jersey's generic message, e.g. `HTTP 404 Not Found`, as Kafka Connect sends for
    /// unknown paths, wrong methods and unsupported media types.
    public static func generic(_ status: Int) -> ConnectRESTError {
        ConnectRESTError(status: status, message: "HTTP \(status) \(reasonPhrase(status))")
    }

    /// 404 `HTTP 404 Not Found`.
    public static var notFound: ConnectRESTError { generic(404) }
    /// 405 `HTTP 405 Method Not Allowed`.
    public static var methodNotAllowed: ConnectRESTError { generic(405) }
    /// 415 `HTTP 415 Unsupported Media Type`.
    public static var unsupportedMediaType: ConnectRESTError { generic(415) }

    /// The JSON body.
    public var body: JSONValue {
        .object([("error_code", .int(status)), ("message", .string(message))])
    }

    public var description: String { "\(status): \(message)" }

    /// The reason phrases Jersey uses in its generic messages.
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Request Entity Too Large"
        case 415: "Unsupported Media Type"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Error"
        }
    }
}
