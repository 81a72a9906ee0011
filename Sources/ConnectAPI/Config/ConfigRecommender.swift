/// Suggests valid values for a key and decides whether it is visible, given the other parsed values
/// (Kafka's `ConfigDef.Recommender`). Used only by ``ConfigDefinition/validate(_:)``.
///
/// The closures receive every parsed value so far, keyed by name; keys that are null are absent.
public struct ConfigRecommender: Sendable {
    private let validValuesClosure: @Sendable (_ name: String, _ parsed: [String: ConfigValue]) throws -> [ConfigValue]
    private let visibleClosure: @Sendable (_ name: String, _ parsed: [String: ConfigValue]) throws -> Bool

    /// A recommender from two closures.
    /// - Parameters:
    ///   - validValues: The values to offer for `name`; may throw a ``ConnectError`` to report a problem.
    ///   - visible: Whether `name` should be shown at all given the other values.
    public init(
        validValues: @escaping @Sendable (_ name: String, _ parsed: [String: ConfigValue]) throws -> [ConfigValue],
        visible: @escaping @Sendable (_ name: String, _ parsed: [String: ConfigValue]) throws -> Bool = { _, _ in true }
    ) {
        self.validValuesClosure = validValues
        self.visibleClosure = visible
    }

    /// The values to recommend.
    public func validValues(name: String, parsed: [String: ConfigValue]) throws -> [ConfigValue] {
        try validValuesClosure(name, parsed)
    }

    /// Whether the key is visible.
    public func visible(name: String, parsed: [String: ConfigValue]) throws -> Bool {
        try visibleClosure(name, parsed)
    }
}
