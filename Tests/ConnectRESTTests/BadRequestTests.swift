@testable import ConnectREST
import HTTPTypes
import Testing

@Suite struct BadRequestTests {
    static let emptyName = #"{"error_code":400,"message":"Connector configuration is invalid and contains the following 1 error(s):\nInvalid value  for configuration name: String may not be empty\nYou can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`"}"#

    @Test func missingOrEmptyNameAnswersKafkasValidationMessage() async throws {
        try await withREST { client in
            let missing = try await client.send(
                .post,
                "/connectors",
                #"{"config": {"connector.class": "FileStreamSource", "tasks.max": "1", "file": "/srv/demo/input.txt", "topic": "rest-samples-src"}}"#
            )
            #expect(missing.status == 400)
            #expect(missing.body == Self.emptyName)
            let empty = try await client.send(
                .post,
                "/connectors",
                #"{"name": "  ", "config": {"connector.class": "FileStreamSource"}}"#
            )
            #expect(empty.status == 400)
            #expect(empty.body == Self.emptyName)
        }
    }

    @Test func nameMismatchMatchesSample21() async throws {
        try await withREST { client in
            let reply = try await client.send(
                .post,
                "/connectors",
                #"{"name": "name-mismatch", "config": {"connector.class": "FileStreamSource", "tasks.max": "1", "file": "/srv/demo/input.txt", "topic": "rest-samples-src", "name": "other-name"}}"#
            )
            #expect(reply.status == 400)
            #expect(
                reply.body
                    == #"{"error_code":400,"message":"Connector name configuration (other-name) doesn't match connector name in the URL (name-mismatch)"}"#
            )
        }
    }

    @Test func missingConfigIsA400NotKafkas500() async throws {
        try await withREST { client in
            let reply = try await client.send(.post, "/connectors", #"{"name": "no-config"}"#)
            #expect(reply.status == 400)
            #expect(try reply.json["error_code"] == .number("400"))
            guard case .string(let message)? = try reply.json["message"] else {
                Issue.record("no message in \(reply.body)")
                return
            }
            #expect(message.contains("'config'"))
        }
    }

    @Test func herderValidationErrorsPassThrough() async throws {
        try await withREST { client in
            let reply = try await client.send(.post, "/connectors", #"{"name": "no-class", "config": {"tasks.max": "1"}}"#)
            #expect(reply.status == 400)
            #expect(
                reply.body == #"{"error_code":400,"message":"Connector config {name=no-class, tasks.max=1} contains no connector type"}"#
            )
        }
    }

    @Test(arguments: [
        (#"{"name": "broken", "config": {"connector.class": "FileStreamSource","#, "end of input"),
        ("not json at all", "line 1, column 1"),
        (#"{"name": "x", "config": {"a": "b"}} trailing"#, "after the JSON value"),
        ("", "Empty body"),
    ])
    func malformedJSONIsA400NamingTheProblem(body: String, expected: String) async throws {
        try await withREST { client in
            let reply = try await client.send(.post, "/connectors", body)
            #expect(reply.status == 400)
            guard case .string(let message)? = try reply.json["message"] else {
                Issue.record("no message in \(reply.body)")
                return
            }
            #expect(message.hasPrefix("Request body is not valid JSON: "))
            #expect(message.contains(expected))
        }
    }

    @Test func nonJSONContentTypeIs415() async throws {
        try await withREST { client in
            let reply = try await client.send(.post, "/connectors", sampleCreateBody, contentType: "text/plain")
            #expect(reply.status == 415)
            #expect(reply.body == #"{"error_code":415,"message":"HTTP 415 Unsupported Media Type"}"#)
            let withCharset = try await client.send(
                .post,
                "/connectors",
                sampleCreateBody,
                contentType: "application/json; charset=utf-8"
            )
            #expect(withCharset.status == 201)
        }
    }

    @Test func oversizedBodyIs413() async throws {
        try await withREST(maxBodyBytes: 64) { client in
            let reply = try await client.send(.post, "/connectors", sampleCreateBody)
            #expect(reply.status == 413)
            #expect(try reply.json["error_code"] == .number("413"))
        }
    }

    @Test func numbersAndBooleansInConfigAreStringified() async throws {
        try await withREST { client in
            let reply = try await client.send(
                .post,
                "/connectors",
                #"{"name": "n", "config": {"connector.class": "FileStreamSource", "tasks.max": 2, "flag": true, "ratio": 1.50}}"#
            )
            #expect(reply.status == 201)
            let config = try reply.json["config"]
            #expect(config?["tasks.max"] == .string("2"))
            #expect(config?["flag"] == .string("true"))
            #expect(config?["ratio"] == .string("1.50"))
            let nested = try await client.send(
                .post,
                "/connectors",
                #"{"name": "m", "config": {"connector.class": "FileStreamSource", "list": [1]}}"#
            )
            #expect(nested.status == 400)
        }
    }

    @Test func initialStateIsParsed() async throws {
        try await withREST { client in
            let paused = try await client.send(
                .post,
                "/connectors",
                #"{"name": "p", "config": {"connector.class": "FileStreamSource"}, "initial_state": "PAUSED"}"#
            )
            #expect(paused.status == 201)
            let status = try await client.send(.get, "/connectors/p/status")
            #expect(try status.json["connector"]?["state"] == .string("PAUSED"))
            let bad = try await client.send(
                .post,
                "/connectors",
                #"{"name": "q", "config": {"connector.class": "FileStreamSource"}, "initial_state": "SLEEPING"}"#
            )
            #expect(bad.status == 400)
        }
    }
}
