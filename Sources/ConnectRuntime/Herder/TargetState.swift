/// The state a user asked a connector to be in (Kafka's `TargetState`; `initial_state` of `POST /connectors`).
public enum TargetState: String, Hashable, Sendable, Codable, CustomStringConvertible {
    /// Running: tasks poll or consume.
    case started = "STARTED"
    /// Paused: tasks exist but do no work.
    case paused = "PAUSED"
    /// Stopped: no tasks (KIP-875); required before changing offsets.
    case stopped = "STOPPED"

    /// Parses `initial_state` (`RUNNING`, `PAUSED`, `STOPPED`) or the stored form (`STARTED`…), ignoring case.
    public init?(requestValue: String) {
        switch requestValue.uppercased() {
        case "RUNNING", "STARTED": self = .started
        case "PAUSED": self = .paused
        case "STOPPED": self = .stopped
        default: return nil
        }
    }

    public var description: String { rawValue }
}
