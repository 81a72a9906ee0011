import ConnectAPI
import ConnectRuntime
@testable import ConnectREST
import HTTPTypes
import Testing

@Suite struct MetricsTests {
    static func snapshot() -> WorkerMetricsSnapshot {
        var source = WorkerMetricsSnapshot.Task(id: ConnectorTaskId(connector: "src", task: 0), type: "source", state: "RUNNING")
        source.recordsPolled = 10
        source.recordsWritten = 9
        source.recordErrors = 2
        source.recordsSkipped = 1
        source.deadLetterQueueRecords = 1
        source.offsetCommitsSucceeded = 3
        source.offsetCommitsFailed = 1
        source.offsetCommitSecondsSum = 0.5
        source.offsetCommitSecondsMax = 0.25
        source.restarts = 4
        var sink = WorkerMetricsSnapshot.Task(id: ConnectorTaskId(connector: "a\"b\\c\nd", task: 1), type: "sink", state: "FAILED")
        sink.recordsPolled = 7
        sink.consumerLag = ["t-1": 5, "t-0": 0]
        return WorkerMetricsSnapshot(connectorStates: ["src": "RUNNING", "a\"b\\c\nd": "RUNNING"], tasks: [source, sink])
    }

    @Test func exposesPrometheusText() async throws {
        let herder = InMemoryHerder()
        await herder.setSnapshot(Self.snapshot())
        try await withREST(herder) { client in
            let reply = try await client.send(.get, "/metrics")
            #expect(reply.status == 200)
            #expect(reply.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            let lines = reply.body.split(separator: "\n").map(String.init)
            #expect(lines.contains(#"tributary_connect_connector_state{connector="src",state="RUNNING"} 1"#))
            #expect(lines.contains(#"tributary_connect_connector_state{connector="src",state="FAILED"} 0"#))
            #expect(lines.contains(#"tributary_connect_task_state{connector="src",task="0",state="RUNNING"} 1"#))
            #expect(lines.contains(#"tributary_connect_source_records_polled_total{connector="src",task="0"} 10"#))
            #expect(lines.contains(#"tributary_connect_source_records_written_total{connector="src",task="0"} 9"#))
            #expect(lines.contains(#"tributary_connect_record_errors_total{connector="src",task="0"} 2"#))
            #expect(lines.contains(#"tributary_connect_records_skipped_total{connector="src",task="0"} 1"#))
            #expect(lines.contains(#"tributary_connect_deadletterqueue_records_total{connector="src",task="0"} 1"#))
            #expect(lines.contains(#"tributary_connect_offset_commit_seconds_sum{connector="src",task="0"} 0.5"#))
            #expect(lines.contains(#"tributary_connect_offset_commit_seconds_count{connector="src",task="0"} 4"#))
            #expect(lines.contains(#"tributary_connect_offset_commit_seconds_max{connector="src",task="0"} 0.25"#))
            #expect(lines.contains(#"tributary_connect_task_restarts_total{connector="src",task="0"} 4"#))
            #expect(lines.contains(#"tributary_connect_sink_records_polled_total{connector="a\"b\\c\nd",task="1"} 7"#))
            #expect(lines.contains(#"tributary_connect_sink_consumer_lag{connector="a\"b\\c\nd",task="1",partition="t-1"} 5"#))
            #expect(lines.contains("# TYPE tributary_connect_offset_commit_seconds summary"))
            #expect(lines.contains("# TYPE tributary_connect_source_records_polled_total counter"))
            // A source task never appears in sink families.
            #expect(!lines.contains { $0.hasPrefix("tributary_connect_sink_records_polled_total{connector=\"src\"") })
        }
    }

    @Test func everySampleBelongsToTheFamilyDeclaredAboveIt() {
        let text = PrometheusFormatter.format(Self.snapshot())
        var family: String?
        var seen = Set<String>()
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# HELP ") { continue }
            if line.hasPrefix("# TYPE ") {
                let name = String(line.split(separator: " ")[2])
                #expect(!seen.contains(name), "family \(name) declared twice")
                seen.insert(name)
                family = name
                continue
            }
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            guard let family else {
                Issue.record("sample before any TYPE line: \(line)")
                return
            }
            let allowed = [family, family + "_sum", family + "_count"]
            #expect(allowed.contains(name), "\(name) under family \(family)")
        }
        #expect(text.hasSuffix("\n"))
    }

    @Test func escaping() {
        #expect(PrometheusText.escapeLabelValue("a\"b\\c\nd") == #"a\"b\\c\nd"#)
        #expect(PrometheusText.escapeHelp("x\\y\nz\"") == #"x\\y\nz""#)
    }
}

@Suite struct TaskGaugeRenderingTests {
    @Test func taskGaugesBecomeOneGaugeFamilyPerNameWithTheirLabels() {
        var source = WorkerMetricsSnapshot.Task(id: ConnectorTaskId(connector: "pg", task: 0), type: "source", state: "RUNNING")
        source.gauges = [
            TaskGauge(name: "slot_retained_wal_bytes", labels: ["slot": "s1"], value: 4096),
            TaskGauge(name: "snapshot_rows_scanned", labels: ["table": "public.a"], value: 10),
            TaskGauge(name: "snapshot.odd-name", value: 0.5),
        ]
        let text = PrometheusFormatter.format(WorkerMetricsSnapshot(connectorStates: ["pg": "RUNNING"], tasks: [source]))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("# TYPE tributary_connect_task_slot_retained_wal_bytes gauge"))
        #expect(lines.contains(#"tributary_connect_task_slot_retained_wal_bytes{connector="pg",task="0",slot="s1"} 4096.0"#))
        #expect(lines.contains(#"tributary_connect_task_snapshot_rows_scanned{connector="pg",task="0",table="public.a"} 10.0"#))
        #expect(lines.contains(#"tributary_connect_task_snapshot_odd_name{connector="pg",task="0"} 0.5"#))
    }

    @Test func taskStatusShowsGaugesAsMetricsOnlyWhenThereAreSome() {
        let plain = ConnectorStateInfo.TaskState(id: 0, state: "RUNNING", workerId: "w:1", version: "1")
        #expect(plain.json.compactText == #"{"id":0,"state":"RUNNING","worker_id":"w:1","version":"1"}"#)
        let busy = ConnectorStateInfo.TaskState(
            id: 0, state: "RUNNING", workerId: "w:1", version: "1",
            gauges: [TaskGauge(name: "rows", labels: ["table": "t"], value: 3), TaskGauge(name: "ratio", value: 0.25)])
        #expect(busy.json.compactText == #"{"id":0,"state":"RUNNING","worker_id":"w:1","version":"1","metrics":[{"name":"rows","labels":{"table":"t"},"value":3},{"name":"ratio","value":0.25}]}"#)
    }
}
