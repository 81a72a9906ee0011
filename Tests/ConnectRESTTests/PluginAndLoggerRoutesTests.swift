@testable import ConnectREST
import HTTPTypes
import Testing

@Suite struct PluginAndLoggerRoutesTests {
    @Test func pluginsConnectorsOnlyByDefault() async throws {
        try await withREST { client in
            let plugins = try await client.send(.get, "/connector-plugins")
            #expect(
                plugins.body
                    == #"[{"class":"org.apache.kafka.connect.file.FileStreamSinkConnector","type":"sink","version":"4.3.0"},{"class":"org.apache.kafka.connect.file.FileStreamSourceConnector","type":"source","version":"4.3.0"}]"#
            )
            let all = try await client.send(.get, "/connector-plugins?connectorsOnly=false")
            guard case .array(let entries) = try all.json else {
                Issue.record("not an array: \(all.body)")
                return
            }
            #expect(entries.count == 3)
        }
    }

    @Test func pluginConfigAndUnknownPlugin() async throws {
        try await withREST { client in
            let config = try await client.send(.get, "/connector-plugins/FileStreamSource/config")
            #expect(
                config.body
                    == #"[{"name":"topic","type":"STRING","required":true,"default_value":null,"importance":"HIGH","documentation":"The topic to publish data to","group":null,"order_in_group":-1,"width":"NONE","display_name":"topic","dependents":[]}]"#
            )
            let unknown = try await client.send(.get, "/connector-plugins/NoSuchPlugin/config")
            #expect(unknown.status == 404)
            #expect(unknown.body == #"{"error_code":404,"message":"Unknown plugin NoSuchPlugin."}"#)
        }
    }

    @Test func validateAnswersConfigInfos() async throws {
        try await withREST { client in
            let reply = try await client.send(
                .put,
                "/connector-plugins/FileStreamSource/config/validate",
                #"{"connector.class": "FileStreamSource", "name": "v2", "tasks.max": "zero"}"#
            )
            #expect(reply.status == 200)
            #expect(
                reply.body
                    == #"{"name":"org.apache.kafka.connect.file.FileStreamSourceConnector","error_count":1,"groups":["Common"],"configs":[{"definition":{"name":"topic","type":"STRING","required":true,"default_value":null,"importance":"HIGH","documentation":"The topic to publish data to","group":null,"order_in_group":-1,"width":"NONE","display_name":"topic","dependents":[]},"value":{"name":"topic","value":null,"recommended_values":[],"errors":["Missing required configuration \"topic\" which has no default value."],"visible":true}}]}"#
            )
            let noClass = try await client.send(.put, "/connector-plugins/FileStreamSource/config/validate", #"{"name": "v4"}"#)
            #expect(noClass.status == 400)
            #expect(noClass.body == #"{"error_code":400,"message":"Connector config {name=v4} contains no connector type"}"#)
            let mismatch = try await client.send(
                .put,
                "/connector-plugins/FileStreamSink/config/validate",
                #"{"connector.class": "FileStreamSource"}"#
            )
            #expect(mismatch.status == 400)
            #expect(
                mismatch.body
                    == #"{"error_code":400,"message":"Included connector type FileStreamSource does not match request type FileStreamSink"}"#
            )
            let malformed = try await client.send(.put, "/connector-plugins/FileStreamSource/config/validate", #"{"name": "v6", "file": "#)
            #expect(malformed.status == 400)
        }
    }

    @Test func loggers() async throws {
        try await withREST { client in
            #expect(try await client.send(.get, "/admin/loggers").body == #"{"root":{"level":"INFO","last_modified":null}}"#)
            #expect(try await client.send(.get, "/admin/loggers/root").body == #"{"level":"INFO","last_modified":null}"#)
            let set = try await client.send(.put, "/admin/loggers/org.apache.kafka.connect.file", #"{"level": "DEBUG"}"#)
            #expect(set.status == 200)
            #expect(set.body == #"["org.apache.kafka.connect.file"]"#)
            let invalid = try await client.send(.put, "/admin/loggers/org.apache.kafka.connect.file", #"{"level": "NOPE"}"#)
            #expect(invalid.status == 404)
            #expect(invalid.body == #"{"error_code":404,"message":"invalid log level 'NOPE'."}"#)
            #expect(
                try await client.send(.get, "/admin/loggers/org.apache.kafka.connect.file").body
                    == #"{"level":"DEBUG","last_modified":1795400767428}"#
            )
            #expect(try await client.send(.put, "/admin/loggers/x", #"{}"#).status == 400)
            #expect(try await client.send(.put, "/admin/loggers/x?scope=cluster", #"{"level":"WARN"}"#).status == 204)
        }
    }
}
