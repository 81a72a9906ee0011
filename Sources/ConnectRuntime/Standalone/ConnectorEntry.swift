import ConnectAPI
import Logging

/// What the herder knows of one connector.
struct ConnectorEntry {
    /// The config as stored (passwords in clear; masked on the way out).
    var config: [String: String]
    var targetState: TargetState
    var plugin: ConnectorPlugin
    /// The running connector instance, if started.
    var instance: ConnectorInstance?
    /// The connector's state: RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED or RESTARTING.
    var state = "UNASSIGNED"
    var trace: String?
    var taskConfigs: [[String: String]] = []
    var tasks: [Int: TaskEntry] = [:]
    /// Consecutive failures of the connector itself, for the restart backoff.
    var failures = 0
    /// Bumped whenever the connector is (re)started; stale completions and restarts are ignored.
    var generation = 0
    var version: String { plugin.version }
}

/// What the herder knows of one task.
struct TaskEntry {
    var runner: any TaskRunner
    /// The gauges the task publishes (empty for tasks that publish none).
    var gauges: TaskGauges
    var run: Task<Void, Never>
    var state = "UNASSIGNED"
    var trace: String?
    var restarts: Int64 = 0
    var failures = 0
    var startedAt = ContinuousClock.now
    /// Identifies this run of the task; a completion of an older run is ignored.
    var generation: Int
}

/// The ``ConnectorContext`` the herder hands a connector.
struct RuntimeConnectorContext: SourceConnectorContext, SinkConnectorContext {
    let name: String
    let herder: StandaloneHerder
    let offsetStorageReader: any OffsetStorageReader
    let logger: Logging.Logger

    func requestTaskReconfiguration() {
        Task { await herder.reconfigureTasks(name) }
    }

    func raiseError(_ error: any Error) {
        Task { await herder.connectorRaisedError(name, error) }
    }
}
