public import ConnectAPI
import Synchronization

/// Writes the records of the connector's topics into SQLite tables, exactly once (see ``SQLiteSinkTask``);
/// accepts the Confluent JDBC sink's keys for what applies to SQLite.
///
/// One task: SQLite has a single writer at a time, so more tasks would only queue on the database lock.
public final class SQLiteSinkConnector: SinkConnector {
    /// The connector's version, the plugin's.
    public let version = SQLiteConnectorPlugins.version
    private let settings = Mutex<[String: String]>([:])

    /// A new, unstarted connector.
    public init() {}

    /// SQLiteSink's keys (see ``SQLiteSinkConfig/definition``).
    public var config: ConfigDefinition { SQLiteSinkConfig.definition }

    /// Checks the configuration (including the combinations of modes) and keeps it for the task.
    /// - Throws: ``ConnectError`` (`config`) for a bad setting.
    public func start(config: [String: String], context: any SinkConnectorContext) async throws {
        _ = try SQLiteSinkConfig(properties: config)
        settings.withLock { $0 = config }
    }

    /// One task configuration, whatever `maxTasks` is: the connector's own configuration.
    public func taskConfigs(maxTasks: Int) async throws -> [[String: String]] {
        [settings.withLock { $0 }]
    }

    /// Nothing to release.
    public func stop() async throws {}

    /// A new SQLiteSink task.
    public func makeTask() -> any SinkTask { SQLiteSinkTask() }

    /// Per-key validation plus the checks across keys (a keyed insert mode without pk.mode, deletes without
    /// record keys, a JDBC URL that is not SQLite's).
    public func validate(_ config: [String: String]) async -> [ConfigValueInfo] {
        var results = SQLiteSinkConfig.definition.validate(config)
        guard results.errorCount == 0 else { return results }
        do throws(ConnectError) {
            _ = try SQLiteSinkConfig(properties: config)
        } catch {
            results.addError(error.message, to: error.configName ?? SQLiteSinkConfig.connectionURLKey)
        }
        return results
    }
}
