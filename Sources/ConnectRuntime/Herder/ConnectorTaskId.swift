/// A task of a connector: `{"connector":"name","task":0}` (Kafka's `ConnectorTaskId`).
public struct ConnectorTaskId: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The connector name.
    public var connector: String
    /// The task number, from 0.
    public var task: Int

    /// Creates an id.
    public init(connector: String, task: Int) {
        self.connector = connector
        self.task = task
    }

    /// `name-0`, as Kafka prints it.
    public var description: String { "\(connector)-\(task)" }

    public static func < (lhs: ConnectorTaskId, rhs: ConnectorTaskId) -> Bool {
        (lhs.connector, lhs.task) < (rhs.connector, rhs.task)
    }
}
