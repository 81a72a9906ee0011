import ConnectAPI
@testable import ConnectREST
import ConnectRuntime
import HTTPTypes
import Testing

@Suite struct OffsetRoutesTests {
    @Test func getPatchDeleteAsInTheSamples() async throws {
        let herder = InMemoryHerder()
        try await withREST(herder) { client in
            _ = try await client.send(.post, "/connectors", sampleCreateBody)
            await herder.setOffsets(
                "local-file-source",
                [.init(partition: ["filename": "/srv/demo/input.txt"], offset: ["position": 792])]
            )
            let initial = try await client.send(.get, "/connectors/local-file-source/offsets")
            #expect(initial.body == #"{"offsets":[{"partition":{"filename":"/srv/demo/input.txt"},"offset":{"position":792}}]}"#)

            let body = #"{"offsets": [{"partition": {"filename": "/srv/demo/input.txt"}, "offset": {"position": 7}}]}"#
            let running = try await client.send(.patch, "/connectors/local-file-source/offsets", body)
            #expect(running.status == 400)
            #expect(
                running.body
                    == #"{"error_code":400,"message":"Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/local-file-source/stop' endpoint"}"#
            )

            _ = try await client.send(.put, "/connectors/local-file-source/stop")
            let altered = try await client.send(.patch, "/connectors/local-file-source/offsets", body)
            #expect(altered.status == 200)
            #expect(altered.body == #"{"message":"The offsets for this connector have been altered successfully"}"#)
            #expect(
                try await client.send(.get, "/connectors/local-file-source/offsets").body
                    == #"{"offsets":[{"partition":{"filename":"/srv/demo/input.txt"},"offset":{"position":7}}]}"#
            )
            let reset = try await client.send(.delete, "/connectors/local-file-source/offsets")
            #expect(reset.body == #"{"message":"The offsets for this connector have been reset successfully"}"#)
            #expect(try await client.send(.get, "/connectors/local-file-source/offsets").body == #"{"offsets":[]}"#)
            let missing = try await client.send(.get, "/connectors/does-not-exist/offsets")
            #expect(missing.body == #"{"error_code":404,"message":"Connector does-not-exist not found"}"#)
        }
    }

    @Test func patchBodyParsesPrimitivesAndNullResets() throws {
        let body = try JSONValue(
            parsing: #"{"offsets":[{"partition":{"kafka_topic":"t","kafka_partition":0},"offset":{"kafka_offset":10,"ratio":0.5,"done":false,"s":"x","n":null}},{"partition":{"f":"a"},"offset":null}]}"#
        )
        let offsets = try ConnectorOffsets(json: body)
        #expect(offsets.offsets.count == 2)
        #expect(offsets.offsets[0].partition == ["kafka_topic": "t", "kafka_partition": 0])
        #expect(offsets.offsets[0].offset == ["kafka_offset": .int(10), "ratio": .double(0.5), "done": false, "s": "x", "n": .null])
        #expect(offsets.offsets[1].offset == nil)
        #expect(
            offsets.json.compactText
                == #"{"offsets":[{"partition":{"kafka_partition":0,"kafka_topic":"t"},"offset":{"done":false,"kafka_offset":10,"n":null,"ratio":0.5,"s":"x"}},{"partition":{"f":"a"},"offset":null}]}"#
        )
    }

    @Test(arguments: [
        #"[]"#, #"{}"#, #"{"offsets": {}}"#, #"{"offsets": [1]}"#, #"{"offsets": [{"offset": {}}]}"#,
        #"{"offsets": [{"partition": {"a": [1]}, "offset": {}}]}"#, #"{"offsets": [{"partition": {}, "offset": 5}]}"#,
    ])
    func malformedPatchBodiesAre400(body: String) async throws {
        try await withREST { client in
            _ = try await client.send(.post, "/connectors", sampleCreateBody)
            _ = try await client.send(.put, "/connectors/local-file-source/stop")
            let reply = try await client.send(.patch, "/connectors/local-file-source/offsets", body)
            #expect(reply.status == 400)
            #expect(try reply.json["error_code"] == .number("400"))
        }
    }
}
