/// A secret configuration value whose printed form is always `[hidden]` (Kafka's `Password`).
///
/// `description`, `debugDescription`, string interpolation and `dump` all show `[hidden]`; read the
/// secret explicitly through ``value``.
public struct Password: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// What every printed form of a password shows.
    public static let hidden = "[hidden]"

    /// The secret itself.
    public let value: String

    /// Wraps a secret.
    public init(_ value: String) {
        self.value = value
    }

    public var description: String { Self.hidden }
    public var debugDescription: String { Self.hidden }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
