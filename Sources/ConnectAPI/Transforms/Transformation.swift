/// A single message transform (Kafka's `Transformation`): configured once, then applied to every record in turn.
///
/// Implementations are value types; ``configure(_:)`` is `mutating` so a configured copy can be stored
/// in an existential (`any Transformation`) and shared across tasks. ``apply(_:)`` is generic over the
/// record kind, so one transform serves both ``SourceRecord`` and ``SinkRecord`` and still returns the same kind.
public protocol Transformation: Sendable {
    /// The configuration keys the transform accepts.
    var config: ConfigDefinition { get }
    /// Configures the transform from its (alias-prefix-stripped) properties.
    mutating func configure(_ configs: [String: String]) throws
    /// The transformed record, or `nil` to drop it.
    func apply<R: ConnectRecord>(_ record: R) throws -> R?
    /// Releases resources; called once when the transform is no longer used.
    func close()
}

extension Transformation {
    /// Nothing to release by default.
    public func close() {}
}

/// A condition on a record that decides whether a transform runs (Kafka's `Predicate`).
public protocol Predicate: Sendable {
    /// The configuration keys the predicate accepts.
    var config: ConfigDefinition { get }
    /// Configures the predicate from its (alias-prefix-stripped) properties.
    mutating func configure(_ configs: [String: String]) throws
    /// Whether the record matches.
    func test<R: ConnectRecord>(_ record: R) -> Bool
    /// Releases resources; called once when the predicate is no longer used.
    func close()
}

extension Predicate {
    /// Nothing to release by default.
    public func close() {}
}
