/// What every connector provides, source or sink (Kafka's `Connector`).
///
/// A connector does not move data. It reads its configuration, may watch the external system, and splits
/// the work into task configurations; the runtime then starts one task per configuration
/// (``SourceTask``/``SinkTask``) and calls ``taskConfigs(maxTasks:)`` again when the connector asks through
/// ``ConnectorContext/requestTaskReconfiguration()``.
///
/// ## Concurrency
///
/// Connectors are reference types (`AnyObject`) shared between the runtime's tasks, so they must be
/// `Sendable`: make them an `actor`, or a `final class` that keeps its mutable state behind a lock
/// (`Mutex` from `Synchronization`). Requirements that are not `async` (``version``, ``config``, and the
/// `makeTask()` factory) must be `nonisolated` in an actor. The runtime never calls `start`, `taskConfigs`,
/// `validate` and `stop` of one instance concurrently.
///
/// ## Lifecycle
///
/// `start(config:context:)` (defined by ``SourceConnector`` and ``SinkConnector``) → ``taskConfigs(maxTasks:)``
/// (possibly several times) → ``stop()``. ``config`` and ``validate(_:)`` may be called on an instance that
/// was never started, to describe or check a configuration.
public protocol Connector: AnyObject, Sendable {
    /// The connector's version, as shown by `GET /connector-plugins` and in status responses.
    var version: String { get }

    /// The configuration keys the connector accepts (beyond ``ConnectorConfigKeys/common``).
    var config: ConfigDefinition { get }

    /// The task configurations for at most `maxTasks` tasks; fewer is fine. Each map is passed to one
    /// task's `start(config:context:)`. Usually each holds the connector config plus the task's share.
    func taskConfigs(maxTasks: Int) async throws -> [[String: String]]

    /// Stops the connector: release resources and stop any monitoring. Tasks are stopped separately.
    func stop() async throws

    /// Checks a configuration and returns one result per key, for `PUT /connector-plugins/{p}/config/validate`
    /// and before creating the connector. The default runs ``ConfigDefinition/validate(_:)`` on ``config``;
    /// override to add checks across keys or against the external system (append with
    /// `Array.addError(_:to:)`), keeping the default's results.
    func validate(_ config: [String: String]) async -> [ConfigValueInfo]
}

extension Connector {
    /// Per-key validation against ``config``.
    public func validate(_ config: [String: String]) async -> [ConfigValueInfo] {
        self.config.validate(config)
    }
}
