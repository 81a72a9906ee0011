public import ConnectAPI
import Synchronization

/// Streams PostgreSQL changes through logical replication (pgoutput) as Debezium-compatible events.
/// Always one task: a replication slot has one consumer.
public final class PostgresSourceConnector: SourceConnector {
    /// The connector's version.
    public let version = PostgresConnectorPlugins.version
    private let settings = Mutex<[String: String]>([:])

    /// A new, unstarted connector.
    public init() {}

    /// Debezium's keys (see ``PostgresSourceConfig/definition``).
    public var config: ConfigDefinition { PostgresSourceConfig.definition }

    /// Checks the configuration and keeps it for the task.
    /// - Throws: ``ConnectError`` (`config`) for the first bad setting.
    public func start(config: [String: String], context: any SourceConnectorContext) async throws {
        _ = try PostgresSourceConfig(properties: config)
        settings.withLock { $0 = config }
    }

    /// One task configuration: the connector's own.
    public func taskConfigs(maxTasks: Int) async throws -> [[String: String]] { [settings.withLock { $0 }] }

    /// Nothing to release.
    public func stop() async throws {}

    /// A new task.
    public func makeTask() -> any SourceTask { PostgresSourceTask() }

    /// Per-key results, plus connectivity, `wal_level`, the user's REPLICATION privilege and the publication
    /// (when `publication.autocreate.mode=disabled`), checked against the server.
    public func validate(_ config: [String: String]) async -> [ConfigValueInfo] {
        var results = self.config.validate(config)
        guard results.errorCount == 0 else { return results }
        let parsed: PostgresSourceConfig
        do { parsed = try PostgresSourceConfig(properties: config) } catch {
            results.addError(error.message, to: error.configName ?? PostgresSourceConfig.topicPrefixKey)
            return results
        }
        let executor = PGExecutor(label: "tributary.postgres.validate")
        let problems: [(key: String, message: String)]
        do {
            problems = try await executor.run {
                let connection = try PGConnection(conninfo: parsed.conninfo(replication: false, applicationName: "tributary-validate"))
                return try Preflight.problems(Catalog(connection: connection), parsed)
            }
        } catch {
            problems = [(PostgresSourceConfig.hostnameKey, "cannot connect to PostgreSQL: \(error)")]
        }
        for problem in problems { results.addError(problem.message, to: problem.key) }
        return results
    }
}
