public import ConnectAPI
import Synchronization

/// Appends the values of the records of the connector's topics to a file, one line each; accepts Kafka
/// FileStreamSink configs unchanged (`file`, `topics`).
///
/// One task: a single writer keeps the lines of each partition in order in the one file.
public final class FileSinkConnector: SinkConnector {
    /// The connector's version, the plugin's.
    public let version = FileConnectorPlugins.version
    private let settings = Mutex<[String: String]>([:])

    /// A new, unstarted connector.
    public init() {}

    /// FileSink's keys (see ``FileSinkConfig/definition``).
    public var config: ConfigDefinition { FileSinkConfig.definition }

    /// Checks the configuration and keeps it for the task.
    /// - Throws: ``ConnectError`` (`config`) for a bad setting.
    public func start(config: [String: String], context: any SinkConnectorContext) async throws {
        _ = try FileSinkConfig(properties: config)
        settings.withLock { $0 = config }
    }

    /// One task configuration, whatever `maxTasks` is: the connector's own configuration.
    public func taskConfigs(maxTasks: Int) async throws -> [[String: String]] {
        [settings.withLock { $0 }]
    }

    /// Nothing to release.
    public func stop() async throws {}

    /// A new FileSink task.
    public func makeTask() -> any SinkTask { FileSinkTask() }
}
