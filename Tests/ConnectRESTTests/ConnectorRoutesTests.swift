@testable import ConnectREST
import HTTPTypes
import Testing

@Suite struct ConnectorRoutesTests {
    static let sampleInfo = """
        {"name":"local-file-source","config":{"connector.class":"FileStreamSource","file":"/srv/demo/input.txt",\
        "name":"local-file-source","tasks.max":"1","topic":"rest-samples-src"},\
        "tasks":[{"connector":"local-file-source","task":0}],"type":"source"}
        """
    static let sampleStatus = """
        {"name":"local-file-source","connector":{"state":"RUNNING","worker_id":"127.0.0.1:18083","version":"4.3.0"},\
        "tasks":[{"id":0,"state":"RUNNING","worker_id":"127.0.0.1:18083","version":"4.3.0"}],"type":"source"}
        """

    @Test func rootAndEmptyList() async throws {
        try await withREST { client in
            let root = try await client.send(.get, "/")
            #expect(root.status == 200)
            #expect(root.body == #"{"version":"4.3.0","commit":"a9ce3221537b8653","kafka_cluster_id":"example-cluster"}"#)
            #expect(root.headers[.contentType] == "application/json")
            let list = try await client.send(.get, "/connectors")
            #expect(list.status == 200)
            #expect(list.body == "[]")
        }
    }

    @Test func createAnswers201WithInfoInKafkasFieldOrder() async throws {
        try await withREST { client in
            let created = try await client.send(.post, "/connectors", sampleCreateBody)
            #expect(created.status == 201)
            // Kafka's field order (name, config, tasks, type); config keys sorted.
            #expect(created.body == Self.sampleInfo)
            let again = try await client.send(.post, "/connectors", sampleCreateBody)
            #expect(again.status == 409)
            #expect(again.body == #"{"error_code":409,"message":"Connector local-file-source already exists"}"#)
            #expect(try await client.send(.get, "/connectors").body == #"["local-file-source"]"#)
        }
    }

    @Test func infoConfigStatusAndUnknownConnector() async throws {
        try await withREST { client in
            _ = try await client.send(.post, "/connectors", sampleCreateBody)
            #expect(try await client.send(.get, "/connectors/local-file-source").body == Self.sampleInfo)
            let config = try await client.send(.get, "/connectors/local-file-source/config")
            #expect(
                try sameJSON(
                    config.body,
                    #"{"connector.class":"FileStreamSource","tasks.max":"1","file":"/srv/demo/input.txt","topic":"rest-samples-src","name":"local-file-source"}"#
                )
            )
            #expect(try await client.send(.get, "/connectors/local-file-source/status").body == Self.sampleStatus)
            let missing = try await client.send(.get, "/connectors/does-not-exist")
            #expect(missing.status == 404)
            #expect(missing.body == #"{"error_code":404,"message":"Connector does-not-exist not found"}"#)
            let missingStatus = try await client.send(.get, "/connectors/does-not-exist/status")
            #expect(missingStatus.body == #"{"error_code":404,"message":"No status found for connector does-not-exist"}"#)
        }
    }

    @Test func expandStatusInfoAndBoth() async throws {
        try await withREST { client in
            _ = try await client.send(.post, "/connectors", sampleCreateBody)
            let status = try await client.send(.get, "/connectors?expand=status")
            #expect(status.body == #"{"local-file-source":{"status":"# + Self.sampleStatus + "}}")
            let info = try await client.send(.get, "/connectors?expand=info")
            #expect(info.body == #"{"local-file-source":{"info":"# + Self.sampleInfo + "}}")
            let both = try await client.send(.get, "/connectors?expand=status&expand=info")
            #expect(both.body == #"{"local-file-source":{"status":"# + Self.sampleStatus + #","info":"# + Self.sampleInfo + "}}")
        }
    }

    @Test func putConfigCreates201ThenUpdates200() async throws {
        try await withREST { client in
            let body = #"{"connector.class": "FileStreamSource", "tasks.max": "1", "file": "/srv/demo/input.txt", "topic": "rest-samples-put"}"#
            let created = try await client.send(.put, "/connectors/created-by-put/config", body)
            #expect(created.status == 201)
            #expect(
                try sameJSON(
                    created.body,
                    #"{"name":"created-by-put","config":{"connector.class":"FileStreamSource","tasks.max":"1","file":"/srv/demo/input.txt","topic":"rest-samples-put","name":"created-by-put"},"tasks":[{"connector":"created-by-put","task":0}],"type":"source"}"#
                )
            )
            let updated = try await client.send(.put, "/connectors/created-by-put/config", body)
            #expect(updated.status == 200)
            let mismatch = try await client.send(
                .put,
                "/connectors/created-by-put/config",
                #"{"connector.class": "FileStreamSource", "name": "different"}"#
            )
            #expect(mismatch.status == 400)
            #expect(
                mismatch.body
                    == #"{"error_code":400,"message":"Connector name configuration (different) doesn't match connector name in the URL (created-by-put)"}"#
            )
        }
    }

    @Test func patchConfigSetsAndRemovesKeys() async throws {
        try await withREST { client in
            _ = try await client.send(.post, "/connectors", sampleCreateBody)
            let patched = try await client.send(
                .patch,
                "/connectors/local-file-source/config",
                #"{"batch.size": 500, "file": null}"#
            )
            #expect(patched.status == 200)
            let config = try await client.send(.get, "/connectors/local-file-source/config")
            #expect(
                config.body
                    == #"{"batch.size":"500","connector.class":"FileStreamSource","name":"local-file-source","tasks.max":"1","topic":"rest-samples-src"}"#
            )
            let rename = try await client.send(.patch, "/connectors/local-file-source/config", #"{"name": "x"}"#)
            #expect(rename.status == 400)
        }
    }

    @Test func deleteAnswers204Then404AndPassesDeleteOffsets() async throws {
        let herder = InMemoryHerder()
        try await withREST(herder) { client in
            _ = try await client.send(.post, "/connectors", sampleCreateBody)
            let deleted = try await client.send(.delete, "/connectors/local-file-source?offsets=delete")
            #expect(deleted.status == 204)
            #expect(deleted.body.isEmpty)
            #expect(await herder.lastDeleteOffsets == true)
            let again = try await client.send(.delete, "/connectors/local-file-source")
            #expect(again.status == 404)
            #expect(again.body == #"{"error_code":404,"message":"Connector local-file-source not found"}"#)
            _ = try await client.send(.post, "/connectors", sampleCreateBody)
            #expect(try await client.send(.delete, "/connectors/local-file-source").status == 204)
            #expect(await herder.lastDeleteOffsets == false)
            _ = try await client.send(.post, "/connectors", sampleCreateBody)
            #expect(try await client.send(.delete, "/connectors/local-file-source?offsets=maybe").status == 400)
        }
    }

    @Test func percentEncodedNamesAreDecoded() async throws {
        try await withREST { client in
            let body = #"{"name": "my source", "config": {"connector.class": "FileStreamSource", "topic": "t"}}"#
            #expect(try await client.send(.post, "/connectors", body).status == 201)
            let info = try await client.send(.get, "/connectors/my%20source")
            #expect(info.status == 200)
            #expect(try info.json["name"] == .string("my source"))
        }
    }
}
