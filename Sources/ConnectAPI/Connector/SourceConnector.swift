/// A connector that reads an external system and produces records to Kafka (Kafka's `SourceConnector`).
///
/// ```swift
/// actor LineSourceConnector: SourceConnector {
///     nonisolated let version = "1.0.0"
///     nonisolated var config: ConfigDefinition { LineSourceConfig.definition }
///     private var settings: [String: String] = [:]
///
///     func start(config: [String: String], context: any SourceConnectorContext) async throws {
///         _ = try LineSourceConfig.definition.parse(config)   // fail fast on bad config
///         settings = config
///     }
///     func taskConfigs(maxTasks: Int) async throws -> [[String: String]] { [settings] }
///     func stop() async throws {}
///     nonisolated func makeTask() -> any SourceTask { LineSourceTask() }
/// }
/// ```
public protocol SourceConnector: Connector {
    /// Starts the connector with its configuration (string properties, as given by the user).
    /// - Throws: Any error fails the connector; use ``ConnectError`` with code `config` for bad settings.
    func start(config: [String: String], context: any SourceConnectorContext) async throws

    /// A new, unstarted task. May be called on a connector instance that was never started (the runtime
    /// creates tasks wherever they run), so it must not depend on ``start(config:context:)``.
    func makeTask() -> any SourceTask

    /// Whether exactly-once delivery is possible with this configuration; `nil` (the default) means unknown.
    func exactlyOnceSupport(config: [String: String]) -> ExactlyOnceSupport?

    /// Whether the tasks define transaction boundaries for this configuration; the default is `unsupported`.
    func canDefineTransactionBoundaries(config: [String: String]) -> ConnectorTransactionBoundaries

    /// Approves or rejects a request to change offsets (KIP-875's `PATCH /connectors/{name}/offsets`); a `nil`
    /// offset resets its partition. Return `true` if the connector handled the change itself (e.g. also
    /// moved a replication slot), `false` (the default) to let the runtime just write them; throw to refuse.
    func alterOffsets(config: [String: String], offsets: [SourcePartition: SourceOffset?]) async throws -> Bool
}

extension SourceConnector {
    /// Unknown.
    public func exactlyOnceSupport(config: [String: String]) -> ExactlyOnceSupport? { nil }

    /// Unsupported.
    public func canDefineTransactionBoundaries(config: [String: String]) -> ConnectorTransactionBoundaries {
        .unsupported
    }

    /// Lets the runtime write the offsets.
    public func alterOffsets(config: [String: String], offsets: [SourcePartition: SourceOffset?]) async throws -> Bool {
        false
    }
}
