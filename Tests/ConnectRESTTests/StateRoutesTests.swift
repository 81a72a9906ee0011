import ConnectAPI
@testable import ConnectREST
import ConnectRuntime
import HTTPTypes
import Testing

@Suite struct StateRoutesTests {
    @Test func tasksAndTaskStatus() async throws {
        try await withREST { client in
            _ = try await client.send(.post, "/connectors", sampleCreateBody)
            let tasks = try await client.send(.get, "/connectors/local-file-source/tasks")
            #expect(tasks.status == 200)
            #expect(tasks.body.hasPrefix(#"[{"id":{"connector":"local-file-source","task":0},"config":{"#))
            let task = try await client.send(.get, "/connectors/local-file-source/tasks/0/status")
            #expect(task.body == #"{"id":0,"state":"RUNNING","worker_id":"127.0.0.1:18083","version":"4.3.0"}"#)
            let unknown = try await client.send(.get, "/connectors/local-file-source/tasks/7/status")
            #expect(unknown.status == 404)
            #expect(unknown.body == #"{"error_code":404,"message":"No status found for task local-file-source-7"}"#)
            let notNumber = try await client.send(.get, "/connectors/local-file-source/tasks/x/status")
            #expect(notNumber.body == #"{"error_code":404,"message":"HTTP 404 Not Found"}"#)
        }
    }

    @Test func pauseResumeAnswer202EmptyAndStopAnswers204() async throws {
        try await withREST { client in
            _ = try await client.send(.post, "/connectors", sampleCreateBody)
            let pause = try await client.send(.put, "/connectors/local-file-source/pause")
            #expect(pause.status == 202)
            #expect(pause.body.isEmpty)
            #expect(try await client.send(.get, "/connectors/local-file-source/status").json["connector"]?["state"] == .string("PAUSED"))
            #expect(try await client.send(.put, "/connectors/local-file-source/resume").status == 202)
            let stop = try await client.send(.put, "/connectors/local-file-source/stop")
            #expect(stop.status == 204)
            #expect(
                try await client.send(.get, "/connectors/local-file-source/status").body
                    == #"{"name":"local-file-source","connector":{"state":"STOPPED","worker_id":"127.0.0.1:18083","version":"4.3.0"},"tasks":[],"type":"source"}"#
            )
            #expect(try await client.send(.put, "/connectors/nope/pause").status == 404)
        }
    }

    @Test func restartLegacy204AndWithTasks202() async throws {
        let herder = InMemoryHerder()
        try await withREST(herder) { client in
            _ = try await client.send(.post, "/connectors", sampleCreateBody)
            let legacy = try await client.send(.post, "/connectors/local-file-source/restart")
            #expect(legacy.status == 204)
            #expect(legacy.body.isEmpty)
            let withTasks = try await client.send(
                .post,
                "/connectors/local-file-source/restart?includeTasks=true&onlyFailed=false"
            )
            #expect(withTasks.status == 202)
            #expect(
                withTasks.body
                    == #"{"name":"local-file-source","connector":{"state":"RESTARTING","worker_id":"127.0.0.1:18083","version":"4.3.0"},"tasks":[{"id":0,"state":"RESTARTING","worker_id":"127.0.0.1:18083","version":"4.3.0"}],"type":"source"}"#
            )
            let task = try await client.send(.post, "/connectors/local-file-source/tasks/0/restart")
            #expect(task.status == 204)
            #expect(await herder.restartedTasks == [ConnectorTaskId(connector: "local-file-source", task: 0)])
            #expect(try await client.send(.post, "/connectors/local-file-source/tasks/3/restart").status == 404)
        }
    }

    @Test func failedTaskTraceIsWrittenAndAbsentOtherwise() {
        let running = ConnectorStateInfo.TaskState(id: 0, state: "RUNNING", workerId: "w", version: nil)
        let failed = ConnectorStateInfo.TaskState(id: 0, state: "FAILED", workerId: "w", version: "1", trace: "boom\n\tat x")
        let status = ConnectorStateInfo(
            name: "s",
            connector: .init(state: "RUNNING", workerId: "w", version: "1"),
            tasks: [running, failed],
            type: .sink
        )
        #expect(
            status.json.compactText
                == #"{"name":"s","connector":{"state":"RUNNING","worker_id":"w","version":"1"},"tasks":[{"id":0,"state":"RUNNING","worker_id":"w"},{"id":0,"state":"FAILED","worker_id":"w","version":"1","trace":"boom\n\tat x"}],"type":"sink"}"#
        )
    }

    @Test func topicsAndReset() async throws {
        let herder = InMemoryHerder()
        try await withREST(herder) { client in
            _ = try await client.send(.post, "/connectors", sampleCreateBody)
            await herder.setTopics("local-file-source", ["rest-samples-src"])
            let topics = try await client.send(.get, "/connectors/local-file-source/topics")
            #expect(topics.body == #"{"local-file-source":{"topics":["rest-samples-src"]}}"#)
            #expect(try await client.send(.put, "/connectors/local-file-source/topics/reset").status == 202)
            #expect(
                try await client.send(.get, "/connectors/local-file-source/topics").body
                    == #"{"local-file-source":{"topics":[]}}"#
            )
        }
    }
}
