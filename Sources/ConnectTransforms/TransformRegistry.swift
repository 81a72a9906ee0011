public import ConnectAPI

/// Maps transform and predicate class names (and short aliases) to factories of unconfigured instances,
/// standing in for Kafka's plugin class loading.
public struct TransformRegistry: Sendable {
    /// Creates an unconfigured transformation.
    public typealias TransformationFactory = @Sendable () -> any Transformation
    /// Creates an unconfigured predicate.
    public typealias PredicateFactory = @Sendable () -> any Predicate

    /// Transformation factories by class name or alias.
    public private(set) var transformations: [String: TransformationFactory] = [:]
    /// Predicate factories by class name or alias.
    public private(set) var predicates: [String: PredicateFactory] = [:]

    /// An empty registry.
    public init() {}

    /// Registers a transformation under each of these names.
    public mutating func registerTransformation(_ names: String..., factory: @escaping TransformationFactory) {
        for name in names { transformations[name] = factory }
    }

    /// Registers a predicate under each of these names.
    public mutating func registerPredicate(_ names: String..., factory: @escaping PredicateFactory) {
        for name in names { predicates[name] = factory }
    }

    /// A new transformation for a class name or alias, or `nil` when unknown.
    public func makeTransformation(_ name: String) -> (any Transformation)? { transformations[name]?() }

    /// A new predicate for a class name or alias, or `nil` when unknown.
    public func makePredicate(_ name: String) -> (any Predicate)? { predicates[name]?() }

    /// Every transform and predicate in this module, under Kafka's full class names and simple names
    /// (`org.apache.kafka.connect.transforms.InsertField$Value` and `InsertField$Value`).
    public static let standard: TransformRegistry = {
        var r = TransformRegistry()
        let t = "org.apache.kafka.connect.transforms."
        let p = "org.apache.kafka.connect.transforms.predicates."
        func keyValue(_ simple: String, _ make: @escaping @Sendable (RecordPart) -> any Transformation) {
            r.registerTransformation(t + simple + "$Key", simple + "$Key") { make(.key) }
            r.registerTransformation(t + simple + "$Value", simple + "$Value") { make(.value) }
        }
        func single(_ simple: String, _ make: @escaping TransformationFactory) {
            r.registerTransformation(t + simple, simple, factory: make)
        }
        keyValue("InsertField") { InsertField(part: $0) }
        keyValue("ReplaceField") { ReplaceField(part: $0) }
        keyValue("MaskField") { MaskField(part: $0) }
        single("ValueToKey") { ValueToKey() }
        keyValue("ExtractField") { ExtractField(part: $0) }
        keyValue("HoistField") { HoistField(part: $0) }
        keyValue("Cast") { Cast(part: $0) }
        keyValue("Flatten") { Flatten(part: $0) }
        keyValue("TimestampConverter") { TimestampConverter(part: $0) }
        single("TimestampRouter") { TimestampRouter() }
        single("RegexRouter") { RegexRouter() }
        single("InsertHeader") { InsertHeader() }
        single("DropHeaders") { DropHeaders() }
        keyValue("HeaderFrom") { HeaderFrom(part: $0) }
        single("Filter") { Filter() }
        r.registerPredicate(p + "TopicNameMatches", "TopicNameMatches") { TopicNameMatches() }
        r.registerPredicate(p + "HasHeaderKey", "HasHeaderKey") { HasHeaderKey() }
        r.registerPredicate(p + "RecordIsTombstone", "RecordIsTombstone") { RecordIsTombstone() }
        return r
    }()
}
