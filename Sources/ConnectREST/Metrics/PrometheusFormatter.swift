public import ConnectRuntime
import ConnectAPI

/// `GET /metrics`: a ``WorkerMetricsSnapshot`` in Prometheus' text exposition format 0.0.4.
public enum PrometheusFormatter {
    /// The Content-Type of the format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The states a connector or task state gauge always lists (1 for the current one, 0 for the others).
    static let knownStates = ["UNASSIGNED", "RUNNING", "PAUSED", "STOPPED", "FAILED", "RESTARTING"]

    /// The exposition text: one `# HELP`/`# TYPE` block per metric family, samples sorted by connector and task.
    public static func format(_ snapshot: WorkerMetricsSnapshot) -> String {
        var text = PrometheusText()
        let tasks = snapshot.tasks.sorted { $0.id < $1.id }

        text.family("tributary_connect_connector_state", .gauge, "Connector state: 1 for the current state.")
        for (connector, state) in snapshot.connectorStates.sorted(by: { $0.key < $1.key }) {
            for candidate in states(including: state) {
                text.sample(
                    "tributary_connect_connector_state",
                    [("connector", connector), ("state", candidate)],
                    Int64(candidate == state ? 1 : 0)
                )
            }
        }
        text.family("tributary_connect_task_state", .gauge, "Task state: 1 for the current state.")
        for task in tasks {
            for candidate in states(including: task.state) {
                text.sample(
                    "tributary_connect_task_state",
                    labels(task) + [("state", candidate)],
                    Int64(candidate == task.state ? 1 : 0)
                )
            }
        }

        let sources = tasks.filter { $0.type == "source" }
        let sinks = tasks.filter { $0.type != "source" }
        let counters: [(String, String, [WorkerMetricsSnapshot.Task], KeyPath<WorkerMetricsSnapshot.Task, Int64>)] = [
            ("source_records_polled_total", "Records returned by source tasks' poll.", sources, \.recordsPolled),
            ("source_records_written_total", "Source records acknowledged by the broker.", sources, \.recordsWritten),
            ("sink_records_polled_total", "Records sink tasks read from Kafka.", sinks, \.recordsPolled),
            ("sink_records_written_total", "Records passed to sink tasks' put.", sinks, \.recordsWritten),
            ("record_errors_total", "Records that failed conversion or a transform.", tasks, \.recordErrors),
            ("records_skipped_total", "Records skipped under errors.tolerance=all.", tasks, \.recordsSkipped),
            (
                "deadletterqueue_records_total", "Records written to the dead letter queue.", tasks,
                \.deadLetterQueueRecords
            ),
        ]
        for (suffix, help, selected, value) in counters {
            counter(&text, "tributary_connect_" + suffix, help, selected, value)
        }

        text.family("tributary_connect_offset_commits_total", .counter, "Offset commits, by result.")
        for task in tasks {
            let name = "tributary_connect_offset_commits_total"
            text.sample(name, labels(task) + [("result", "success")], task.offsetCommitsSucceeded)
            text.sample(name, labels(task) + [("result", "failure")], task.offsetCommitsFailed)
        }
        text.family("tributary_connect_offset_commit_seconds", .summary, "Time taken by offset commits.")
        for task in tasks {
            text.sample("tributary_connect_offset_commit_seconds_sum", labels(task), task.offsetCommitSecondsSum)
            text.sample(
                "tributary_connect_offset_commit_seconds_count",
                labels(task),
                task.offsetCommitsSucceeded + task.offsetCommitsFailed
            )
        }
        text.family("tributary_connect_offset_commit_seconds_max", .gauge, "The longest offset commit so far.")
        for task in tasks {
            text.sample("tributary_connect_offset_commit_seconds_max", labels(task), task.offsetCommitSecondsMax)
        }
        let restarts = "Automatic task restarts after failures."
        counter(&text, "tributary_connect_task_restarts_total", restarts, tasks, \.restarts)

        text.family(
            "tributary_connect_sink_consumer_lag",
            .gauge,
            "Log end offset minus the sink consumer's position."
        )
        for task in sinks {
            for (partition, lag) in task.consumerLag.sorted(by: { $0.key < $1.key }) {
                text.sample("tributary_connect_sink_consumer_lag", labels(task) + [("partition", partition)], lag)
            }
        }
        taskGauges(&text, tasks)
        return text.output
    }

    /// The tasks' own gauges: one family `tributary_connect_task_<name>` per gauge name, with the gauge's labels.
    private static func taskGauges(_ text: inout PrometheusText, _ tasks: [WorkerMetricsSnapshot.Task]) {
        var byName: [String: [(WorkerMetricsSnapshot.Task, TaskGauge)]] = [:]
        for task in tasks {
            for gauge in task.gauges { byName["tributary_connect_task_" + metricName(gauge.name), default: []].append((task, gauge)) }
        }
        for (name, samples) in byName.sorted(by: { $0.key < $1.key }) {
            text.family(name, .gauge, "Published by the task: \(samples[0].1.name).")
            for (task, gauge) in samples {
                let extra = gauge.labels.sorted { $0.key < $1.key }.map { (metricName($0.key), $0.value) }
                text.sample(name, labels(task) + extra, gauge.value)
            }
        }
    }

    /// A name reduced to Prometheus' `[a-zA-Z0-9_]` alphabet.
    static func metricName(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    private static func counter(
        _ text: inout PrometheusText,
        _ name: String,
        _ help: String,
        _ tasks: [WorkerMetricsSnapshot.Task],
        _ value: KeyPath<WorkerMetricsSnapshot.Task, Int64>
    ) {
        text.family(name, .counter, help)
        for task in tasks { text.sample(name, labels(task), task[keyPath: value]) }
    }

    private static func labels(_ task: WorkerMetricsSnapshot.Task) -> [(String, String)] {
        [("connector", task.id.connector), ("task", String(task.id.task))]
    }

    private static func states(including state: String) -> [String] {
        knownStates.contains(state) ? knownStates : knownStates + [state]
    }
}
