import Synchronization

/// One measurement a running task publishes: a name, optional labels (a table, a slot…) and its current value.
public struct TaskGauge: Hashable, Sendable {
    /// Lower-case words joined by `_` (for example `snapshot_rows_scanned`); `/metrics` prefixes it.
    public var name: String
    /// Extra dimensions, such as `table`.
    public var labels: [String: String]
    /// The current value.
    public var value: Double

    /// Creates a gauge reading.
    public init(name: String, labels: [String: String] = [:], value: Double) {
        self.name = name
        self.labels = labels
        self.value = value
    }
}

/// The gauges of one task (snapshot progress, replication lag…), set by the task from any thread and read by the
/// runtime for the task's REST status and `GET /metrics`. Bounded: at most ``capacity`` distinct gauges are kept.
public final class TaskGauges: Sendable {
    /// The most distinct (name, labels) pairs kept; further new ones are ignored.
    public static let capacity = 1024

    private struct Key: Hashable {
        var name: String
        var labels: [String: String]
    }

    private let values = Mutex<[Key: Double]>([:])

    /// An empty set of gauges.
    public init() {}

    /// Sets a gauge, creating it if there is room.
    public func set(_ name: String, labels: [String: String] = [:], to value: Double) {
        let key = Key(name: name, labels: labels)
        values.withLock { values in
            if values[key] != nil || values.count < Self.capacity { values[key] = value }
        }
    }

    /// Removes a gauge (a finished table's progress, say).
    public func remove(_ name: String, labels: [String: String] = [:]) {
        _ = values.withLock { $0.removeValue(forKey: Key(name: name, labels: labels)) }
    }

    /// Removes every gauge named `name`, whatever its labels.
    public func removeAll(named name: String) {
        values.withLock { values in values = values.filter { $0.key.name != name } }
    }

    /// Every gauge, sorted by name and then labels.
    public func snapshot() -> [TaskGauge] {
        values.withLock { $0.map { TaskGauge(name: $0.key.name, labels: $0.key.labels, value: $0.value) } }
            .sorted { ($0.name, $0.labels.sorted { $0.key < $1.key }.description) < ($1.name, $1.labels.sorted { $0.key < $1.key }.description) }
    }
}
