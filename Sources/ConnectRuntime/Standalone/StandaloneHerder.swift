public import ConnectAPI
public import KafkaClient
public import Logging

/// The standalone herder: one worker runs every connector and task, keeping connector configs and target
/// states in `connect-configs`, source offsets in `connect-offsets` and statuses in `connect-status` (unlike
/// Kafka's standalone mode, which keeps configs in memory and loses connectors created over REST on restart).
public actor StandaloneHerder: Herder {
    let plugins: PluginRegistry
    let worker: WorkerContext
    let configStore: ConfigStore
    let statusStore: StatusStore
    let version: String
    let loggerLevels: LoggerLevels
    let logger: Logger
    var connectors: [String: ConnectorEntry] = [:]
    var workerId: String
    var started = false
    var stopping = false
    var clusterId: String?
    var nextGeneration = 0

    /// Creates a herder; nothing runs until ``start()``.
    /// - Parameters:
    ///   - config: The worker config.
    ///   - client: How to reach Kafka (the embedded broker's in-process transport, or TCP to `bootstrap.servers`).
    ///   - plugins: The connector plugins.
    ///   - version: Tributary's version, for `GET /` and statuses.
    ///   - loggerLevels: The levels `GET|PUT /admin/loggers` read and change.
    ///   - logger: The worker's logger.
    public init(
        config: WorkerConfig,
        client: KafkaClientConfiguration,
        plugins: PluginRegistry,
        version: String,
        loggerLevels: LoggerLevels = LoggerLevels(),
        logger: Logger
    ) {
        let offsetsLog = CompactedTopicLog(
            topic: config.offsetStorageTopic, partitions: config.offsetStoragePartitions,
            replicationFactor: config.storageReplicationFactor, client: client, logger: logger)
        let configLog = CompactedTopicLog(
            topic: config.configStorageTopic, partitions: 1, replicationFactor: config.storageReplicationFactor,
            client: client, logger: logger)
        let statusLog = CompactedTopicLog(
            topic: config.statusStorageTopic, partitions: config.statusStoragePartitions,
            replicationFactor: config.storageReplicationFactor, client: client, logger: logger)
        let offsets = OffsetStore(log: offsetsLog, logger: logger)
        self.worker = WorkerContext(config: config, client: client, offsets: offsets, logger: logger)
        self.configStore = ConfigStore(log: configLog, logger: logger)
        self.statusStore = StatusStore(log: statusLog, logger: logger)
        self.plugins = plugins
        self.version = version
        self.loggerLevels = loggerLevels
        self.logger = logger
        self.workerId = config.workerId
    }

    /// Sets the worker id (the REST listener's `host:port`) once the listener is bound.
    public func setWorkerId(_ id: String) {
        workerId = id
    }

    /// Reads the three internal topics and starts every stored connector in its target state.
    public func start() async throws {
        try await worker.offsets.start()
        try await statusStore.start()
        let snapshot = try await configStore.start()
        await fetchClusterId()
        for (name, config) in snapshot.connectors.sorted(by: { $0.key < $1.key }) {
            guard let className = config[ConnectorConfigKeys.connectorClass], let plugin = plugins.plugin(named: className)
            else {
                logger.error("Stored connector names an unknown plugin; skipped", metadata: ["connector": "\(name)"])
                continue
            }
            connectors[name] = ConnectorEntry(
                config: config, targetState: snapshot.targetStates[name] ?? .started, plugin: plugin)
            await startConnector(name)
        }
        started = true
        logger.info("Worker started", metadata: ["connectors": "\(connectors.count)"])
    }

    /// Stops every task and connector gracefully (offsets committed), then closes the internal topics.
    public func shutdown() async {
        stopping = true
        for name in connectors.keys.sorted() {
            await stopTasks(name)
            await stopConnectorInstance(name)
        }
        await worker.offsets.close()
        await configStore.close()
        await statusStore.close()
    }

    /// Creates or updates the connectors given on the command line (properties or JSON files), as Kafka's
    /// `connect-standalone` does; a stored connector of the same name gets this config.
    public func putStartupConnector(_ config: [String: String]) async throws(HerderError) {
        guard let name = config[ConnectorConfigKeys.name], !name.isEmpty else {
            throw .badRequest("Connector config file has no 'name'")
        }
        _ = try await putConnectorConfig(name: name, config: config, allowReplace: true, initialState: nil)
    }

    private func fetchClusterId() async {
        var configuration = KafkaAdminConfiguration()
        configuration.client = worker.client
        let admin = KafkaAdmin(configuration: configuration, logger: logger)
        clusterId = try? await admin.describeCluster().clusterId
        await admin.close()
    }

    // MARK: Herder basics

    public func serverInfo() async -> ServerInfo {
        ServerInfo(version: version, commit: "unknown", kafkaClusterId: clusterId)
    }

    public func health() async -> WorkerHealth {
        if stopping { return WorkerHealth(status: "unhealthy", message: "Worker is shutting down") }
        if !started { return WorkerHealth(status: "starting", message: "Worker is still starting up") }
        return WorkerHealth(status: "healthy", message: "Worker has completed startup and is ready to handle requests.")
    }

    public func connectorNames() async -> [String] {
        connectors.keys.sorted()
    }

    func entry(_ name: String) throws(HerderError) -> ConnectorEntry {
        guard let entry = connectors[name] else { throw .notFound("Connector \(name) not found") }
        return entry
    }

    public func connectorInfo(_ name: String) async throws(HerderError) -> ConnectorInfo {
        let entry = try entry(name)
        return ConnectorInfo(
            name: name,
            config: masked(entry.config, plugin: entry.plugin),
            tasks: entry.taskConfigs.indices.map { ConnectorTaskId(connector: name, task: $0) },
            type: entry.plugin.type
        )
    }

    public func connectorConfig(_ name: String) async throws(HerderError) -> [String: String] {
        let entry = try entry(name)
        return masked(entry.config, plugin: entry.plugin)
    }

    public func taskConfigs(_ name: String) async throws(HerderError) -> [TaskInfo] {
        let entry = try entry(name)
        return entry.taskConfigs.enumerated().map {
            TaskInfo(id: ConnectorTaskId(connector: name, task: $0.offset), config: masked($0.element, plugin: entry.plugin))
        }
    }

    public func connectorStatus(_ name: String) async throws(HerderError) -> ConnectorStateInfo {
        guard let entry = connectors[name] else { throw .notFound("No status found for connector \(name)") }
        return status(name, entry)
    }

    func status(_ name: String, _ entry: ConnectorEntry) -> ConnectorStateInfo {
        ConnectorStateInfo(
            name: name,
            connector: .init(state: entry.state, workerId: workerId, version: entry.version, trace: entry.trace),
            tasks: entry.tasks.keys.sorted().compactMap { id in
                entry.tasks[id].map {
                    .init(
                        id: id, state: $0.state, workerId: workerId, version: entry.version, trace: $0.trace,
                        gauges: $0.gauges.snapshot())
                }
            },
            type: entry.plugin.type
        )
    }

    public func taskStatus(_ id: ConnectorTaskId) async throws(HerderError) -> ConnectorStateInfo.TaskState {
        let entry = try entry(id.connector)
        guard let task = entry.tasks[id.task] else { throw .notFound("No status found for task \(id)") }
        return .init(
            id: id.task, state: task.state, workerId: workerId, version: entry.version, trace: task.trace,
            gauges: task.gauges.snapshot())
    }

    public func connectorTopics(_ name: String) async throws(HerderError) -> [String] {
        _ = try entry(name)
        return await statusStore.topics[name].map { $0.sorted() } ?? []
    }

    public func resetConnectorTopics(_ name: String) async throws(HerderError) {
        _ = try entry(name)
        await statusStore.removeTopics(connector: name)
    }

    public func metrics() async -> WorkerMetricsSnapshot {
        var tasks: [WorkerMetricsSnapshot.Task] = []
        var states: [String: String] = [:]
        for (name, entry) in connectors.sorted(by: { $0.key < $1.key }) {
            states[name] = entry.state
            for (_, task) in entry.tasks.sorted(by: { $0.key < $1.key }) {
                var snapshot = await task.runner.snapshot(state: task.state, restarts: task.restarts)
                snapshot.gauges = task.gauges.snapshot()
                tasks.append(snapshot)
            }
        }
        return WorkerMetricsSnapshot(connectorStates: states, tasks: tasks)
    }

    /// The config with every PASSWORD-typed value shown as `[hidden]`.
    func masked(_ config: [String: String], plugin: ConnectorPlugin) -> [String: String] {
        let definition = plugin.configDefinition
        var result = config
        for (key, _) in config where definition[key]?.type == .password {
            result[key] = "[hidden]"
        }
        return result
    }
}
