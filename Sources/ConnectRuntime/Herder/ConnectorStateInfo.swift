public import ConnectAPI

/// `GET /connectors/{name}/status`:
/// `{"name":…,"connector":{"state":…,"worker_id":…,"version":…},"tasks":[{"id":0,"state":…,…}],"type":…}`.
public struct ConnectorStateInfo: Hashable, Sendable, Codable {
    /// The connector's own state.
    public struct ConnectorState: Hashable, Sendable, Codable {
        /// `UNASSIGNED`, `RUNNING`, `PAUSED`, `STOPPED`, `FAILED` or `RESTARTING`.
        public var state: String
        /// The worker running it (`host:port` of its REST listener).
        public var workerId: String
        /// The connector's version.
        public var version: String?
        /// The error trace when FAILED.
        public var trace: String?

        /// Creates a state.
        public init(state: String, workerId: String, version: String?, trace: String? = nil) {
            self.state = state
            self.workerId = workerId
            self.version = version
            self.trace = trace
        }

        enum CodingKeys: String, CodingKey {
            case state
            case workerId = "worker_id"
            case version, trace
        }
    }

    /// One task's state.
    public struct TaskState: Hashable, Sendable, Codable {
        /// The task number.
        public var id: Int
        /// As for the connector.
        public var state: String
        /// The worker running it.
        public var workerId: String
        /// The task's version.
        public var version: String?
        /// The error trace when FAILED (Tributary also keeps it while RESTARTING after a failure).
        public var trace: String?
        /// Tributary: the gauges the task publishes (snapshot progress, replication lag…), shown as `metrics`.
        public var gauges: [TaskGauge] = []

        /// Creates a state.
        public init(
            id: Int, state: String, workerId: String, version: String?, trace: String? = nil, gauges: [TaskGauge] = []
        ) {
            self.id = id
            self.state = state
            self.workerId = workerId
            self.version = version
            self.trace = trace
            self.gauges = gauges
        }

        enum CodingKeys: String, CodingKey {
            case id, state
            case workerId = "worker_id"
            case version, trace
        }
    }

    /// The connector name.
    public var name: String
    /// The connector's state.
    public var connector: ConnectorState
    /// The tasks' states, by id.
    public var tasks: [TaskState]
    /// Source or sink.
    public var type: ConnectorType

    /// Creates a status.
    public init(name: String, connector: ConnectorState, tasks: [TaskState], type: ConnectorType) {
        self.name = name
        self.connector = connector
        self.tasks = tasks
        self.type = type
    }
}
