import ConnectAPI
import ConnectRuntime

/// A small, honest ``Herder`` for the REST tests: connectors live in a dictionary, every connector has one
/// task, states follow the target state, and errors carry Kafka Connect's messages.
actor InMemoryHerder: Herder {
    struct Connector {
        var config: [String: String]
        var type: ConnectorType
        var target: TargetState
        var offsets: [ConnectorOffsets.Entry] = []
        var topics: [String] = []
    }

    static let workerId = "127.0.0.1:18083"
    static let pluginInfos = [
        PluginInfo(className: "org.apache.kafka.connect.file.FileStreamSinkConnector", type: "sink", version: "4.3.0"),
        PluginInfo(className: "org.apache.kafka.connect.file.FileStreamSourceConnector", type: "source", version: "4.3.0"),
    ]

    private(set) var connectors: [String: Connector] = [:]
    private(set) var lastDeleteOffsets: Bool?
    private(set) var restartedTasks: [ConnectorTaskId] = []
    var workerHealth = WorkerHealth(status: "healthy", message: "Worker has completed startup and is ready to handle requests.")
    var loggerLevels: [String: LoggerLevel] = ["root": LoggerLevel(level: "INFO", lastModified: nil)]
    var snapshot = WorkerMetricsSnapshot(connectorStates: [:], tasks: [])

    func setHealth(_ health: WorkerHealth) { workerHealth = health }
    func setSnapshot(_ snapshot: WorkerMetricsSnapshot) { self.snapshot = snapshot }
    func setOffsets(_ name: String, _ entries: [ConnectorOffsets.Entry]) { connectors[name]?.offsets = entries }
    func setTopics(_ name: String, _ topics: [String]) { connectors[name]?.topics = topics }

    func serverInfo() -> ServerInfo {
        ServerInfo(version: "4.3.0", commit: "a9ce3221537b8653", kafkaClusterId: "example-cluster")
    }

    func health() -> WorkerHealth { workerHealth }

    func connectorNames() -> [String] { connectors.keys.sorted() }

    private func existing(_ name: String) throws(HerderError) -> Connector {
        guard let connector = connectors[name] else { throw .notFound("Connector \(name) not found") }
        return connector
    }

    private func tasks(_ name: String, _ connector: Connector) -> [ConnectorTaskId] {
        connector.target == .stopped ? [] : [ConnectorTaskId(connector: name, task: 0)]
    }

    func connectorInfo(_ name: String) throws(HerderError) -> ConnectorInfo {
        let connector = try existing(name)
        return ConnectorInfo(name: name, config: connector.config, tasks: tasks(name, connector), type: connector.type)
    }

    func connectorConfig(_ name: String) throws(HerderError) -> [String: String] { try existing(name).config }

    func connectorStatus(_ name: String) throws(HerderError) -> ConnectorStateInfo {
        guard let connector = connectors[name] else { throw .notFound("No status found for connector \(name)") }
        let state = switch connector.target {
        case .started: "RUNNING"
        case .paused: "PAUSED"
        case .stopped: "STOPPED"
        }
        return ConnectorStateInfo(
            name: name,
            connector: .init(state: state, workerId: Self.workerId, version: "4.3.0"),
            tasks: tasks(name, connector).map { .init(id: $0.task, state: "RUNNING", workerId: Self.workerId, version: "4.3.0") },
            type: connector.type
        )
    }

    func taskConfigs(_ name: String) throws(HerderError) -> [TaskInfo] {
        let connector = try existing(name)
        return tasks(name, connector).map { TaskInfo(id: $0, config: connector.config) }
    }

    func taskStatus(_ id: ConnectorTaskId) throws(HerderError) -> ConnectorStateInfo.TaskState {
        guard let task = try? connectorStatus(id.connector).tasks.first(where: { $0.id == id.task }) else {
            throw .notFound("No status found for task \(id)")
        }
        return task
    }

    func connectorTopics(_ name: String) throws(HerderError) -> [String] { try existing(name).topics }

    func resetConnectorTopics(_ name: String) throws(HerderError) {
        _ = try existing(name)
        connectors[name]?.topics = []
    }

    func putConnectorConfig(
        name: String,
        config: [String: String],
        allowReplace: Bool,
        initialState: TargetState?
    ) throws(HerderError) -> (created: Bool, info: ConnectorInfo) {
        guard config["name"] == name else { throw .internalError("the REST layer must put the name in the config") }
        guard let className = config["connector.class"] else {
            let listed = config.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            throw .badRequest("Connector config {\(listed)} contains no connector type")
        }
        guard let plugin = Self.plugin(className) else {
            throw .badRequest("Failed to find any class that implements Connector and which name matches \(className)")
        }
        let exists = connectors[name] != nil
        if exists && !allowReplace { throw .conflict("Connector \(name) already exists") }
        let type = ConnectorType(rawValue: plugin.type) ?? .source
        connectors[name] = Connector(
            config: config,
            type: type,
            target: connectors[name]?.target ?? initialState ?? .started,
            offsets: connectors[name]?.offsets ?? [],
            topics: connectors[name]?.topics ?? []
        )
        return (!exists, try connectorInfo(name))
    }

    func patchConnectorConfig(name: String, patch: [String: String?]) throws(HerderError) -> ConnectorInfo {
        var config = try existing(name).config
        for (key, value) in patch { config[key] = value }
        return try putConnectorConfig(name: name, config: config, allowReplace: true, initialState: nil).info
    }

    func deleteConnector(_ name: String, deleteOffsets: Bool) throws(HerderError) {
        _ = try existing(name)
        connectors[name] = nil
        lastDeleteOffsets = deleteOffsets
    }

    func restartConnector(_ name: String, includeTasks: Bool, onlyFailed: Bool) throws(HerderError) -> ConnectorStateInfo? {
        var status = try connectorStatus(name)
        guard includeTasks || onlyFailed else { return nil }
        if !onlyFailed {
            status.connector.state = "RESTARTING"
            if includeTasks { status.tasks = status.tasks.map { var task = $0; task.state = "RESTARTING"; return task } }
        }
        return status
    }

    func restartTask(_ id: ConnectorTaskId) throws(HerderError) {
        _ = try taskStatus(id)
        restartedTasks.append(id)
    }

    func setTargetState(_ name: String, _ state: TargetState) throws(HerderError) {
        _ = try existing(name)
        connectors[name]?.target = state
    }

    func connectorOffsets(_ name: String) throws(HerderError) -> ConnectorOffsets {
        ConnectorOffsets(offsets: try existing(name).offsets)
    }

    func alterConnectorOffsets(_ name: String, offsets: ConnectorOffsets?) throws(HerderError) -> String {
        let connector = try existing(name)
        guard connector.target == .stopped else {
            throw .badRequest(
                "Connectors must be in the STOPPED state before their offsets can be modified. This can be done for "
                    + "the specified connector by issuing a 'PUT' request to the '/connectors/\(name)/stop' endpoint"
            )
        }
        guard let offsets else {
            connectors[name]?.offsets = []
            return "The offsets for this connector have been reset successfully"
        }
        var entries = connector.offsets
        for entry in offsets.offsets {
            entries.removeAll { $0.partition == entry.partition }
            if entry.offset != nil { entries.append(entry) }
        }
        connectors[name]?.offsets = entries
        return "The offsets for this connector have been altered successfully"
    }

    func plugins(connectorsOnly: Bool) -> [PluginInfo] {
        connectorsOnly
            ? Self.pluginInfos
            : Self.pluginInfos + [
                PluginInfo(className: "org.apache.kafka.connect.transforms.Filter", type: "transformation", version: "4.3.0")
            ]
    }

    func pluginConfig(_ plugin: String) throws(HerderError) -> [ConfigKeyInfo] {
        guard Self.plugin(plugin) != nil else { throw .notFound("Unknown plugin \(plugin).") }
        return [Self.topicKey]
    }

    func validate(plugin: String, config: [String: String]) throws(HerderError) -> ConfigInfos {
        guard let className = config["connector.class"] else {
            throw .badRequest("Connector config {name=\(config["name"] ?? "")} contains no connector type")
        }
        guard let found = Self.plugin(className) else {
            throw .badRequest("Failed to find any class that implements Connector and which name matches \(className)")
        }
        var value = ConfigValueInfo(name: "topic", value: config["topic"])
        if config["topic"] == nil { value.addError("Missing required configuration \"topic\" which has no default value.") }
        return ConfigInfos(
            name: found.className,
            errorCount: value.errors.count,
            groups: ["Common"],
            configs: [ConfigInfos.Entry(definition: Self.topicKey, value: value)]
        )
    }

    func loggers() -> [String: LoggerLevel] { loggerLevels }

    func logger(_ name: String) throws(HerderError) -> LoggerLevel {
        guard let level = loggerLevels[name] else { throw .notFound("Logger \(name) not found.") }
        return level
    }

    func setLoggerLevel(_ name: String, level: String) throws(HerderError) -> [String] {
        let levels = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF"]
        guard levels.contains(level.uppercased()) else { throw .notFound("invalid log level '\(level)'.") }
        loggerLevels[name] = LoggerLevel(level: level.uppercased(), lastModified: 1_795_400_767_428)
        return [name]
    }

    func metrics() -> WorkerMetricsSnapshot { snapshot }

    static let topicKey = ConfigKeyInfo(
        name: "topic", type: "STRING", required: true, defaultValue: nil, importance: "HIGH",
        documentation: "The topic to publish data to", group: nil, orderInGroup: -1, width: "NONE",
        displayName: "topic", dependents: []
    )

    private static func plugin(_ name: String) -> PluginInfo? {
        pluginInfos.first { info in
            info.className == name || info.className.hasSuffix("." + name) || info.className.hasSuffix("." + name + "Connector")
        }
    }
}
