/// The set of configuration keys a connector, task or transform accepts (Kafka's `ConfigDef`).
///
/// A value type built fluently; keys keep their definition order, which is the order of
/// ``validate(_:)`` results and of the REST API's listings.
///
/// ```swift
/// static let definition = ConfigDefinition()
///     .define("file", .string, default: nil, importance: .high,
///             documentation: "Source filename. If not specified, the standard input will be used")
///     .define("topic", .string, validator: .nonEmptyString, importance: .high,
///             documentation: "The topic to publish data to")
///     .define("batch.size", .int, default: 2000, validator: .atLeast(1), importance: .low,
///             documentation: "The maximum number of records the source task can read from the file each time it is polled")
///
/// let config = try definition.parse(["topic": "lines"])
/// config.int("batch.size")   // 2000
/// ```
///
/// Defining the same name twice, or a default that does not fit its type or validator, is a programming
/// error and stops the program (Kafka throws while building the `ConfigDef`).
public struct ConfigDefinition: Sendable {
    /// The keys in definition order.
    public private(set) var keys: [ConfigKey] = []
    /// The group names in order of first use.
    public private(set) var groups: [String] = []
    private var indexByName: [String: Int] = [:]

    /// An empty definition.
    public init() {}

    /// A definition holding these keys, in order.
    public init(_ keys: [ConfigKey]) {
        for key in keys { add(key) }
    }

    /// The key with this name, if defined.
    public subscript(name: String) -> ConfigKey? {
        indexByName[name].map { keys[$0] }
    }

    /// The names of the defined keys, in order.
    public var names: [String] { keys.map(\.name) }

    /// Adds a key.
    public mutating func add(_ key: ConfigKey) {
        precondition(indexByName[key.name] == nil, "Configuration \(key.name) is defined twice.")
        indexByName[key.name] = keys.count
        keys.append(key)
        if let group = key.group, !groups.contains(group) {
            groups.append(group)
        }
    }

    /// A copy with one more key; see ``ConfigKey/init(name:type:defaultValue:validator:importance:documentation:group:orderInGroup:width:displayName:dependents:recommender:isInternal:)``.
    public func define(
        _ name: String,
        _ type: ConfigType,
        default defaultValue: ConfigDefault = .required,
        validator: ConfigValidator? = nil,
        importance: ConfigImportance,
        documentation: String,
        group: String? = nil,
        orderInGroup: Int = -1,
        width: ConfigWidth = .none,
        displayName: String? = nil,
        dependents: [String] = [],
        recommender: ConfigRecommender? = nil
    ) -> ConfigDefinition {
        var copy = self
        copy.add(
            ConfigKey(
                name: name,
                type: type,
                defaultValue: defaultValue,
                validator: validator,
                importance: importance,
                documentation: documentation,
                group: group,
                orderInGroup: orderInGroup,
                width: width,
                displayName: displayName,
                dependents: dependents,
                recommender: recommender
            )
        )
        return copy
    }

    /// A copy with an internal key (not shown in generated documentation), as Kafka's `defineInternal`.
    public func defineInternal(
        _ name: String,
        _ type: ConfigType,
        default defaultValue: ConfigDefault,
        validator: ConfigValidator? = nil,
        importance: ConfigImportance
    ) -> ConfigDefinition {
        var copy = self
        copy.add(
            ConfigKey(
                name: name,
                type: type,
                defaultValue: defaultValue,
                validator: validator,
                importance: importance,
                documentation: "",
                isInternal: true
            )
        )
        return copy
    }

    /// This definition followed by the keys of `other` that are not defined here (keys here win).
    public func merging(_ other: ConfigDefinition) -> ConfigDefinition {
        var copy = self
        for key in other.keys where copy[key.name] == nil {
            copy.add(key)
        }
        return copy
    }

    /// A copy with the keys of `child` added under a name prefix, as Kafka's `ConfigDef.embed`:
    /// names and dependents get `prefix`, groups become `groupPrefix` or `groupPrefix: group`, and orders
    /// are offset by `startingOrder`. This is how per-alias transform configs (`transforms.x.`) are shown.
    public func embedding(prefix: String, groupPrefix: String, startingOrder: Int, _ child: ConfigDefinition) -> ConfigDefinition {
        var copy = self
        for key in child.keys {
            copy.add(
                key.renamed(
                    prefix + key.name,
                    group: groupPrefix + (key.group.map { ": " + $0 } ?? ""),
                    orderInGroup: startingOrder + key.orderInGroup,
                    dependents: key.dependents.map { prefix + $0 }
                )
            )
        }
        return copy
    }
}
