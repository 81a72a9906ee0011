public import ConnectAPI

/// What the REST API (and the CLI) can ask of a worker's connectors: Kafka Connect's `Herder`.
///
/// Every method that names a connector throws ``HerderError/notFound(_:)`` when there is no such connector.
/// Results are shaped as Kafka Connect's REST entities, so the REST layer only encodes them.
public protocol Herder: Sendable {
    /// `GET /`: version, commit and the Kafka cluster id.
    func serverInfo() async -> ServerInfo
    /// `GET /health`: whether the worker has started and can serve requests.
    func health() async -> WorkerHealth

    /// `GET /connectors`: the connector names, sorted.
    func connectorNames() async -> [String]
    /// `GET /connectors/{name}`: config, task ids and type.
    func connectorInfo(_ name: String) async throws(HerderError) -> ConnectorInfo
    /// `GET /connectors/{name}/config`.
    func connectorConfig(_ name: String) async throws(HerderError) -> [String: String]
    /// `GET /connectors/{name}/status`.
    func connectorStatus(_ name: String) async throws(HerderError) -> ConnectorStateInfo
    /// `GET /connectors/{name}/tasks`: task ids with their configs.
    func taskConfigs(_ name: String) async throws(HerderError) -> [TaskInfo]
    /// `GET /connectors/{name}/tasks/{id}/status`; ``HerderError/notFound(_:)`` for an unknown task id.
    func taskStatus(_ id: ConnectorTaskId) async throws(HerderError) -> ConnectorStateInfo.TaskState
    /// `GET /connectors/{name}/topics`: the topics the connector has used.
    func connectorTopics(_ name: String) async throws(HerderError) -> [String]
    /// `PUT /connectors/{name}/topics/reset`.
    func resetConnectorTopics(_ name: String) async throws(HerderError)

    /// `POST /connectors` (`allowReplace` false) and `PUT /connectors/{name}/config` (true). `config` must
    /// already carry `name` (the REST layer adds it and rejects a mismatch). Validates first: an invalid config
    /// throws ``HerderError/badRequest(_:)`` with Kafka's "Connector configuration is invalid…" message.
    /// - Returns: Whether the connector was created (201) rather than updated (200), and its info.
    func putConnectorConfig(
        name: String,
        config: [String: String],
        allowReplace: Bool,
        initialState: TargetState?
    ) async throws(HerderError) -> (created: Bool, info: ConnectorInfo)
    /// `PATCH /connectors/{name}/config`: keys set to `nil` are removed (KIP-477).
    func patchConnectorConfig(name: String, patch: [String: String?]) async throws(HerderError) -> ConnectorInfo
    /// `DELETE /connectors/{name}`; with `deleteOffsets` its source offsets (or sink group offsets) go too.
    func deleteConnector(_ name: String, deleteOffsets: Bool) async throws(HerderError)

    /// `POST /connectors/{name}/restart`. Returns `nil` for the legacy form (connector only, answered 204),
    /// or the status with the instances being restarted marked RESTARTING (answered 202).
    func restartConnector(_ name: String, includeTasks: Bool, onlyFailed: Bool) async throws(HerderError)
        -> ConnectorStateInfo?
    /// `POST /connectors/{name}/tasks/{id}/restart`.
    func restartTask(_ id: ConnectorTaskId) async throws(HerderError)
    /// `PUT /connectors/{name}/pause|resume|stop`.
    func setTargetState(_ name: String, _ state: TargetState) async throws(HerderError)

    /// `GET /connectors/{name}/offsets`.
    func connectorOffsets(_ name: String) async throws(HerderError) -> ConnectorOffsets
    /// `PATCH /connectors/{name}/offsets` (`offsets` given) or `DELETE …/offsets` (`nil`: reset all). The
    /// connector must be STOPPED. Returns the message of Kafka's `{"message":…}` answer.
    func alterConnectorOffsets(_ name: String, offsets: ConnectorOffsets?) async throws(HerderError) -> String

    /// `GET /connector-plugins`; with `connectorsOnly` false also converters, transformations and predicates.
    func plugins(connectorsOnly: Bool) async -> [PluginInfo]
    /// `GET /connector-plugins/{plugin}/config`.
    func pluginConfig(_ plugin: String) async throws(HerderError) -> [ConfigKeyInfo]
    /// `PUT /connector-plugins/{plugin}/config/validate`: validates `config` (whose `connector.class` picks the
    /// plugin, as in Kafka) and returns the per-key results. Throws ``HerderError/badRequest(_:)`` when
    /// `connector.class` is missing or names no plugin.
    func validate(plugin: String, config: [String: String]) async throws(HerderError) -> ConfigInfos

    /// `GET /admin/loggers`: every logger with an explicitly set level.
    func loggers() async -> [String: LoggerLevel]
    /// `GET /admin/loggers/{name}`; ``HerderError/notFound(_:)`` if the logger has no level set or inherited.
    func logger(_ name: String) async throws(HerderError) -> LoggerLevel
    /// `PUT /admin/loggers/{name}`: sets the level of the logger and every logger below it; returns their names,
    /// sorted. An unknown level throws ``HerderError/notFound(_:)`` with "invalid log level 'X'." as Kafka does.
    func setLoggerLevel(_ name: String, level: String) async throws(HerderError) -> [String]

    /// The numbers `GET /metrics` exports.
    func metrics() async -> WorkerMetricsSnapshot
}
