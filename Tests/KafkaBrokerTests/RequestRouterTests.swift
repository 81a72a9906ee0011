import KafkaBroker
import KafkaProtocol
import Logging
import NIOCore
import Testing

/// The router without sockets: ApiVersions rules, framing, and what happens to requests it cannot serve.
@Suite struct RequestRouterTests {
    let router = RequestRouter()
    let logger = Logger(label: "test")

    private func frame(apiKey: Int16, version: Int16, correlation: Int32, body: [UInt8] = [], flexible: Bool = false)
        -> ByteBuffer
    {
        var buffer = ByteBuffer()
        RequestHeader(apiKey: ApiKey(rawValue: apiKey), apiVersion: version, correlationId: correlation, clientId: "t")
            .write(into: &buffer, flexible: flexible)
        buffer.writeBytes(body)
        return buffer
    }

    private func bytes(_ routed: RequestRouter.Routed) throws -> [UInt8] {
        guard case .respond(let chunks) = routed else {
            Issue.record("expected a response, got \(routed)")
            return []
        }
        var all: [UInt8] = []
        for chunk in chunks {
            guard case .bytes(let buffer) = chunk else { throw TestFailure("unexpected file chunk") }
            all += Array(buffer.readableBytesView)
        }
        return all
    }

    @Test func apiVersionsV3UsesHeaderV0AndNoTaggedFields() async throws {
        // v3 request: flexible header (tags) + compact client software name and version + tags.
        let body: [UInt8] = [0x04] + Array("abc".utf8) + [0x02] + Array("1".utf8) + [0x00]
        let response = try bytes(
            await router.route(frame: frame(apiKey: 18, version: 3, correlation: 77, body: body, flexible: true), clientAddress: "x", logger: logger))
        // size, correlation id (no header tag byte), error 0, compact array of 1 entry (ApiVersions 0–4), tags, throttle, tags.
        #expect(response == [0, 0, 0, 19, 0, 0, 0, 77, 0, 0, 2, 0, 18, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0])
    }

    @Test func unsupportedApiVersionsVersionGetsTheV0ErrorBody() async throws {
        let response = try bytes(await router.route(frame: frame(apiKey: 18, version: 9, correlation: 5), clientAddress: "x", logger: logger))
        // size, correlation, error 35, int32 count 1, (18, 0, 4)
        #expect(response == [0, 0, 0, 16, 0, 0, 0, 5, 0, 35, 0, 0, 0, 1, 0, 18, 0, 0, 0, 4])
    }

    @Test func unknownKeysUnknownVersionsAndGarbageCloseTheConnection() async {
        let cases: [(String, ByteBuffer)] = [
            ("unknown key", frame(apiKey: 999, version: 0, correlation: 1)),
            ("unregistered key", frame(apiKey: 3, version: 1, correlation: 1)),
            ("truncated header", ByteBuffer(bytes: [0, 3, 0])),
        ]
        for (name, input) in cases {
            let routed = await router.route(frame: input, clientAddress: "x", logger: logger)
            guard case .close = routed else {
                Issue.record("\(name): expected the connection to close, got \(routed)")
                continue
            }
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
