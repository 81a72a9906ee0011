public import ConnectAPI
import Synchronization

/// Tails log files into one topic, through rename and `copytruncate` rotation; accepts Kafka FileStreamSource
/// configs unchanged (`file`, `topic`, `batch.size`) and adds globs, multiline and `read.from`.
///
/// Always one task, as Kafka's FileStreamSource: the files' offsets are a single task's state.
public final class FileTailSourceConnector: SourceConnector {
    /// The connector's version, the plugin's.
    public let version = FileConnectorPlugins.version
    private let settings = Mutex<[String: String]>([:])

    /// A new, unstarted connector.
    public init() {}

    /// FileTailSource's keys (see ``FileTailSourceConfig/definition``).
    public var config: ConfigDefinition { FileTailSourceConfig.definition }

    /// Checks the configuration and keeps it for the task.
    /// - Throws: ``ConnectError`` (`config`) for the first bad setting.
    public func start(config: [String: String], context: any SourceConnectorContext) async throws {
        _ = try FileTailSourceConfig(properties: config)
        settings.withLock { $0 = config }
    }

    /// One task configuration, whatever `maxTasks` is: the connector's own configuration.
    public func taskConfigs(maxTasks: Int) async throws -> [[String: String]] {
        [settings.withLock { $0 }]
    }

    /// Nothing to release: the connector watches nothing itself.
    public func stop() async throws {}

    /// A new FileTailSource task.
    public func makeTask() -> any SourceTask { FileTailSourceTask() }

    /// Per-key results of the definition, plus the check that `file` or `files` names something.
    public func validate(_ config: [String: String]) async -> [ConfigValueInfo] {
        var results = self.config.validate(config)
        for problem in FileTailSourceConfig.crossKeyProblems(config) {
            results.addError(problem.message, to: problem.key)
        }
        return results
    }

    /// Supported: every record's offset is the exact byte position after its line, so the runtime can
    /// write records and offsets in one transaction.
    public func exactlyOnceSupport(config: [String: String]) -> ExactlyOnceSupport? { .supported }

    /// Refuses offsets that are not FileTailSource's (see ``FileTailOffsets``); lets the runtime write the others.
    public func alterOffsets(config: [String: String], offsets: [SourcePartition: SourceOffset?]) async throws -> Bool {
        try FileTailOffsets.validateAlteration(offsets)
        return false
    }
}
