@testable import ConnectREST
import ConnectRuntime
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import HTTPTypes
import Testing

/// Runs `test` against the REST API over `herder`, in process (HummingbirdTesting's router framework).
func withREST(
    _ herder: InMemoryHerder = InMemoryHerder(),
    authToken: String? = nil,
    maxBodyBytes: Int = 1 << 20,
    _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    let server = ConnectRESTServer(
        herder: herder,
        configuration: ConnectRESTConfiguration(port: 0, authToken: authToken, maxBodyBytes: maxBodyBytes),
        logger: Logger(label: "connect-rest-tests")
    )
    try await server.makeApplication().test(.router) { client in try await test(client) }
}

/// A sent request's status and body text.
struct Reply: Sendable {
    var status: Int
    var body: String
    var headers: HTTPFields

    /// The body parsed as JSON (fails the test when it is not).
    var json: JSONValue {
        get throws { try JSONValue(parsing: body) }
    }
}

extension TestClientProtocol {
    /// Sends a request; a body is sent as `application/json` unless `contentType` says otherwise.
    func send(
        _ method: HTTPRequest.Method,
        _ uri: String,
        _ body: String? = nil,
        contentType: String? = "application/json",
        headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if body != nil, let contentType { headers[.contentType] = contentType }
        let response = try await execute(
            uri: uri,
            method: method,
            headers: headers,
            body: body.map { ByteBuffer(string: $0) }
        )
        return Reply(status: Int(response.status.code), body: String(buffer: response.body), headers: response.headers)
    }
}

/// The sample file connector of the Kafka Connect samples (24).
let sampleCreateBody = """
    {"name": "local-file-source", "config": {"connector.class": "FileStreamSource", "tasks.max": "1", \
    "file": "/srv/demo/input.txt", "topic": "rest-samples-src"}}
    """

/// JSON with every object's members sorted, so documents compare regardless of map order.
func normalized(_ value: JSONValue) -> JSONValue {
    switch value {
    case .object(let members): .object(members.map { ($0.0, normalized($0.1)) }.sorted { $0.0 < $1.0 })
    case .array(let elements): .array(elements.map(normalized))
    default: value
    }
}

/// Whether a body equals a Kafka sample once map order is ignored.
func sameJSON(_ body: String, _ sample: String) throws -> Bool {
    normalized(try JSONValue(parsing: body)) == normalized(try JSONValue(parsing: sample))
}
