public import ConnectAPI

/// The numbers `GET /metrics` exports in Prometheus' text format, read from a worker at one moment.
public struct WorkerMetricsSnapshot: Hashable, Sendable {
    /// One task's counters and gauges.
    public struct Task: Hashable, Sendable {
        /// The task.
        public var id: ConnectorTaskId
        /// `source` or `sink`.
        public var type: String
        /// The task's state (`RUNNING`, `FAILED`…).
        public var state: String
        /// Source: records returned by `poll`. Sink: records read from Kafka.
        public var recordsPolled: Int64
        /// Source: records acknowledged by the broker. Sink: records passed to `put`.
        public var recordsWritten: Int64
        /// Records that failed conversion or a transform (whether tolerated or not).
        public var recordErrors: Int64
        /// Records skipped under `errors.tolerance=all`.
        public var recordsSkipped: Int64
        /// Records written to the dead letter queue.
        public var deadLetterQueueRecords: Int64
        /// Offset commits that succeeded and failed.
        public var offsetCommitsSucceeded: Int64
        /// Offset commits that failed.
        public var offsetCommitsFailed: Int64
        /// The sum of offset commit durations, in seconds (with the count, an average).
        public var offsetCommitSecondsSum: Double
        /// The longest offset commit so far, in seconds.
        public var offsetCommitSecondsMax: Double
        /// Automatic restarts after failures.
        public var restarts: Int64
        /// Sink only: per partition, the log end offset minus the consumer's position.
        public var consumerLag: [String: Int64]
        /// The gauges the task itself publishes (see ``TaskGauges``).
        public var gauges: [TaskGauge] = []

        /// Creates a task snapshot with all counters zero.
        public init(id: ConnectorTaskId, type: String, state: String) {
            self.id = id
            self.type = type
            self.state = state
            recordsPolled = 0
            recordsWritten = 0
            recordErrors = 0
            recordsSkipped = 0
            deadLetterQueueRecords = 0
            offsetCommitsSucceeded = 0
            offsetCommitsFailed = 0
            offsetCommitSecondsSum = 0
            offsetCommitSecondsMax = 0
            restarts = 0
            consumerLag = [:]
        }
    }

    /// Connector name → its state (`RUNNING`, `PAUSED`…).
    public var connectorStates: [String: String]
    /// Every task.
    public var tasks: [Task]

    /// Creates a snapshot.
    public init(connectorStates: [String: String], tasks: [Task]) {
        self.connectorStates = connectorStates
        self.tasks = tasks
    }
}
