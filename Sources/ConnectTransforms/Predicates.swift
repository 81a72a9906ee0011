public import ConnectAPI

/// Matches records whose topic fully matches a regular expression (Kafka's `TopicNameMatches`, key `pattern`).
public struct TopicNameMatches: Predicate {
    private var regex: SendableRegex?

    /// An unconfigured predicate.
    public init() {}

    public var config: ConfigDefinition {
        ConfigDefinition().define("pattern", .string, validator: .all(.nonEmptyString, .regex), importance: .medium,
                                  documentation: "A Java regular expression for matching against the name of a record's topic.")
    }

    public mutating func configure(_ configs: [String: String]) throws {
        let parsed = try config.parse(configs)
        regex = try SendableRegex(parsed.string("pattern") ?? "")
    }

    public func test<R: ConnectRecord>(_ record: R) -> Bool {
        regex?.matchesWhole(record.topic) ?? false
    }
}

/// Matches records with at least one header with the given key (Kafka's `HasHeaderKey`, key `name`).
public struct HasHeaderKey: Predicate {
    private var name = ""

    /// An unconfigured predicate.
    public init() {}

    public var config: ConfigDefinition {
        ConfigDefinition().define("name", .string, validator: .nonEmptyString, importance: .medium,
                                  documentation: "The header name.")
    }

    public mutating func configure(_ configs: [String: String]) throws {
        name = try config.parse(configs).string("name") ?? ""
    }

    public func test<R: ConnectRecord>(_ record: R) -> Bool {
        record.headers.lastWithName(name) != nil
    }
}

/// Matches tombstones: records whose value is null (Kafka's `RecordIsTombstone`).
public struct RecordIsTombstone: Predicate {
    /// A predicate; it takes no configuration.
    public init() {}

    public var config: ConfigDefinition { ConfigDefinition() }

    public mutating func configure(_ configs: [String: String]) throws {}

    public func test<R: ConnectRecord>(_ record: R) -> Bool { record.value.isNull }
}

/// Drops every record; meant to be guarded by a predicate (Kafka's `Filter`).
public struct Filter: Transformation {
    /// A filter; it takes no configuration.
    public init() {}

    public var config: ConfigDefinition { ConfigDefinition() }

    public mutating func configure(_ configs: [String: String]) throws {}

    public func apply<R: ConnectRecord>(_ record: R) throws -> R? { nil }
}
