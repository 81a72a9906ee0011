public import Logging

/// What the runtime offers a running connector (Kafka's `ConnectorContext`). Implemented by the runtime.
public protocol ConnectorContext: Sendable {
    /// The logger to use, with metadata such as `connector.name` already set. The default discards everything.
    var logger: Logger { get }

    /// Asks the runtime to call ``Connector/taskConfigs(maxTasks:)`` again and restart the tasks, e.g. after the
    /// set of tables or files changed. Returns at once.
    func requestTaskReconfiguration()

    /// Reports an error that happened outside a call from the runtime (e.g. in a monitoring task);
    /// the runtime fails the connector. Returns at once.
    func raiseError(_ error: any Error)
}

/// The context of a ``SourceConnector`` (Kafka's `SourceConnectorContext`).
public protocol SourceConnectorContext: ConnectorContext {
    /// Reads the offsets the connector's tasks have committed.
    var offsetStorageReader: any OffsetStorageReader { get }
}

/// The context of a ``SinkConnector`` (Kafka's `SinkConnectorContext`).
public protocol SinkConnectorContext: ConnectorContext {}

extension ConnectorContext {
    /// A logger that discards everything.
    public var logger: Logger { Logger.discarding }
}

extension Logger {
    /// A logger with no output, for contexts that do not supply one (tests, tools).
    static let discarding = Logger(label: "tributary.connect.discarded") { _ in SwiftLogNoOpLogHandler() }
}
