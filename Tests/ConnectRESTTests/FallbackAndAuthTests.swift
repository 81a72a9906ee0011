import ConnectRuntime
@testable import ConnectREST
import Hummingbird
import HTTPTypes
import Testing

@Suite struct FallbackAndAuthTests {
    @Test func unknownPathIs404AndWrongMethodIs405() async throws {
        try await withREST { client in
            let unknown = try await client.send(.get, "/no/such/path")
            #expect(unknown.status == 404)
            #expect(unknown.body == #"{"error_code":404,"message":"HTTP 404 Not Found"}"#)
            let collection = try await client.send(.delete, "/connectors")
            #expect(collection.status == 405)
            #expect(collection.body == #"{"error_code":405,"message":"HTTP 405 Method Not Allowed"}"#)
            let status = try await client.send(.post, "/connectors/local-file-source/status")
            #expect(status.status == 405)
            #expect(status.body == #"{"error_code":405,"message":"HTTP 405 Method Not Allowed"}"#)
            #expect(try await client.send(.head, "/connectors").status == 200)
        }
    }

    @Test func healthUsesTheHerdersStatus() async throws {
        let herder = InMemoryHerder()
        try await withREST(herder) { client in
            let healthy = try await client.send(.get, "/health")
            #expect(healthy.status == 200)
            #expect(
                healthy.body
                    == #"{"status":"healthy","message":"Worker has completed startup and is ready to handle requests."}"#
            )
            await herder.setHealth(WorkerHealth(status: "starting", message: "Worker is still starting up."))
            #expect(try await client.send(.get, "/health").status == 503)
            await herder.setHealth(WorkerHealth(status: "unhealthy", message: "stuck"))
            #expect(try await client.send(.get, "/health").status == 500)
        }
    }

    @Test func mutatingCallsNeedTheBearerTokenAndGetsStayOpen() async throws {
        try await withREST(authToken: "s3cret") { client in
            let anonymous = try await client.send(.post, "/connectors", sampleCreateBody)
            #expect(anonymous.status == 401)
            #expect(try anonymous.json["error_code"] == .number("401"))
            #expect(anonymous.headers[.wwwAuthenticate] == #"Bearer realm="tributary""#)
            let wrong = try await client.send(.post, "/connectors", sampleCreateBody, headers: [.authorization: "Bearer nope"])
            #expect(wrong.status == 401)
            let basic = try await client.send(.post, "/connectors", sampleCreateBody, headers: [.authorization: "Basic czNjcmV0"])
            #expect(basic.status == 401)
            let authorized = try await client.send(
                .post,
                "/connectors",
                sampleCreateBody,
                headers: [.authorization: "Bearer s3cret"]
            )
            #expect(authorized.status == 201)
            #expect(try await client.send(.get, "/connectors").body == #"["local-file-source"]"#)
            #expect(try await client.send(.delete, "/connectors/local-file-source").status == 401)
            #expect(try await client.send(.put, "/connectors/local-file-source/pause").status == 401)
            #expect(
                try await client.send(.delete, "/connectors/local-file-source", headers: [.authorization: "bearer s3cret"])
                    .status == 204
            )
        }
    }

    @Test func constantTimeComparison() {
        #expect(BearerAuthMiddleware<BasicRequestContext>.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!BearerAuthMiddleware<BasicRequestContext>.constantTimeEqual(Array("abc".utf8), Array("abd".utf8)))
        #expect(!BearerAuthMiddleware<BasicRequestContext>.constantTimeEqual(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!BearerAuthMiddleware<BasicRequestContext>.constantTimeEqual([], Array("a".utf8)))
    }
}
