/// A connector that consumes records from Kafka and writes them to an external system (Kafka's `SinkConnector`).
///
/// The runtime subscribes the tasks to the connector's `topics` or `topics.regex` (see
/// ``ConnectorConfigKeys/sink``) in the consumer group `connect-<name>`, and hands records to ``SinkTask/put(_:)``.
public protocol SinkConnector: Connector {
    /// Starts the connector with its configuration (string properties, as given by the user).
    /// - Throws: Any error fails the connector; use ``ConnectError`` with code `config` for bad settings.
    func start(config: [String: String], context: any SinkConnectorContext) async throws

    /// A new, unstarted task. May be called on a connector instance that was never started.
    func makeTask() -> any SinkTask

    /// Approves or rejects a request to change consumer offsets (KIP-875); a `nil` offset resets its partition.
    /// Return `true` if the connector handled it (e.g. offsets kept in the target database), `false`
    /// (the default) to let the runtime alter the consumer group; throw to refuse.
    func alterOffsets(config: [String: String], offsets: [TopicPartitionRef: Int64?]) async throws -> Bool
}

extension SinkConnector {
    /// Lets the runtime alter the consumer group's offsets.
    public func alterOffsets(config: [String: String], offsets: [TopicPartitionRef: Int64?]) async throws -> Bool {
        false
    }
}
