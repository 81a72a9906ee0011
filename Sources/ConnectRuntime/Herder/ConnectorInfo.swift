public import ConnectAPI

/// `GET /connectors/{name}`: `{"name":…,"config":{…},"tasks":[{"connector":…,"task":0}],"type":"source"}`.
public struct ConnectorInfo: Hashable, Sendable, Codable {
    /// The connector name.
    public var name: String
    /// Its config, `name` included.
    public var config: [String: String]
    /// Its tasks (empty when stopped).
    public var tasks: [ConnectorTaskId]
    /// Source or sink.
    public var type: ConnectorType

    /// Creates an info.
    public init(name: String, config: [String: String], tasks: [ConnectorTaskId], type: ConnectorType) {
        self.name = name
        self.config = config
        self.tasks = tasks
        self.type = type
    }
}

/// One element of `GET /connectors/{name}/tasks`: `{"id":{"connector":…,"task":0},"config":{…}}`.
public struct TaskInfo: Hashable, Sendable, Codable {
    /// The task id.
    public var id: ConnectorTaskId
    /// The task's config, as the connector's `taskConfigs` returned it.
    public var config: [String: String]

    /// Creates an info.
    public init(id: ConnectorTaskId, config: [String: String]) {
        self.id = id
        self.config = config
    }
}

/// `GET /`: `{"version":…,"commit":…,"kafka_cluster_id":…}`.
public struct ServerInfo: Hashable, Sendable, Codable {
    /// Tributary's version.
    public var version: String
    /// The build's commit id, or "unknown".
    public var commit: String
    /// The cluster id of the Kafka cluster the worker uses.
    public var kafkaClusterId: String?

    /// Creates an info.
    public init(version: String, commit: String, kafkaClusterId: String?) {
        self.version = version
        self.commit = commit
        self.kafkaClusterId = kafkaClusterId
    }

    enum CodingKeys: String, CodingKey {
        case version, commit
        case kafkaClusterId = "kafka_cluster_id"
    }
}

/// `GET /health` (KIP-1017): `{"status":"healthy","message":…}`, answered 200 when healthy, else 500 (503 while
/// starting).
public struct WorkerHealth: Hashable, Sendable, Codable {
    /// `healthy`, `starting` or `unhealthy`.
    public var status: String
    /// A human-readable explanation.
    public var message: String

    /// Creates a health report.
    public init(status: String, message: String) {
        self.status = status
        self.message = message
    }

    /// The HTTP status: 200 healthy, 503 starting, 500 unhealthy.
    public var httpStatus: Int {
        switch status {
        case "healthy": 200
        case "starting": 503
        default: 500
        }
    }
}

/// A logger's level for `GET /admin/loggers`: `{"level":"INFO","last_modified":1700000000000}`.
public struct LoggerLevel: Hashable, Sendable, Codable {
    /// The level name, upper case (`TRACE`, `DEBUG`, `INFO`, `WARN`, `ERROR`, `FATAL`, `OFF`).
    public var level: String
    /// When it was last set over REST (ms since the epoch), or `nil` if never.
    public var lastModified: Int64?

    /// Creates a level.
    public init(level: String, lastModified: Int64?) {
        self.level = level
        self.lastModified = lastModified
    }

    enum CodingKeys: String, CodingKey {
        case level
        case lastModified = "last_modified"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(level, forKey: .level)
        try container.encode(lastModified, forKey: .lastModified)  // null, not absent, as Kafka writes it
    }
}
