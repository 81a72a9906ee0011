/// The definition of one configuration key (Kafka's `ConfigDef.ConfigKey`): name, type, default,
/// validator, importance, documentation, UI grouping and dependents.
public struct ConfigKey: Sendable {
    /// The key name, e.g. `batch.size`.
    public let name: String
    /// The value type.
    public let type: ConfigType
    /// The default, already converted to ``type``; ``ConfigDefault/required`` when there is none.
    public let defaultValue: ConfigDefault
    /// The check run on every parsed value (and on the default when the key is defined).
    public let validator: ConfigValidator?
    /// How much the key matters.
    public let importance: ConfigImportance
    /// What the key does.
    public let documentation: String
    /// The UI group, e.g. `Common`, or `nil`.
    public let group: String?
    /// The position within the group, or -1.
    public let orderInGroup: Int
    /// The UI input width.
    public let width: ConfigWidth
    /// The UI label (the name unless given).
    public let displayName: String
    /// Keys whose valid values or visibility depend on this one.
    public let dependents: [String]
    /// Suggests values and visibility for ``ConfigDefinition/validate(_:)``.
    public let recommender: ConfigRecommender?
    /// Whether the key is internal (hidden from generated documentation).
    public let isInternal: Bool

    /// Whether the key has a default (possibly null), i.e. is not required.
    public var hasDefault: Bool { defaultValue != .required }

    /// The parsed default value; `nil` when the key is required or defaults to null.
    public var parsedDefault: ConfigValue? {
        if case .value(let value) = defaultValue { return value }
        return nil
    }

    /// Defines a key, converting the default to the key's type and checking it with the validator.
    ///
    /// A default that does not convert or does not validate is a programming error in the definition
    /// and stops the program, as Kafka throws when the `ConfigDef` is built.
    public init(
        name: String,
        type: ConfigType,
        defaultValue: ConfigDefault = .required,
        validator: ConfigValidator? = nil,
        importance: ConfigImportance,
        documentation: String,
        group: String? = nil,
        orderInGroup: Int = -1,
        width: ConfigWidth = .none,
        displayName: String? = nil,
        dependents: [String] = [],
        recommender: ConfigRecommender? = nil,
        isInternal: Bool = false
    ) {
        var resolvedDefault = defaultValue
        if case .value(let given) = defaultValue {
            guard let converted = ConfigParsing.coerce(name: name, given, to: type) else {
                preconditionFailure("Invalid default \(given.messageDescription) for configuration \(name) of type \(type)")
            }
            resolvedDefault = .value(converted)
        }
        if let validator, resolvedDefault != .required {
            do {
                try validator.ensureValid(name: name, value: resolvedDefault.valueOrNil)
            } catch {
                preconditionFailure("Default of configuration \(name) is invalid: \(error.message)")
            }
        }
        self.name = name
        self.type = type
        self.defaultValue = resolvedDefault
        self.validator = validator
        self.importance = importance
        self.documentation = documentation
        self.group = group
        self.orderInGroup = orderInGroup
        self.width = width
        self.displayName = displayName ?? name
        self.dependents = dependents
        self.recommender = recommender
        self.isInternal = isInternal
    }

    /// This key under another name, e.g. with a prefix, for ``ConfigDefinition/embedding(prefix:groupPrefix:startingOrder:_:)``.
    func renamed(_ name: String, group: String?, orderInGroup: Int, dependents: [String]) -> ConfigKey {
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
            recommender: recommender,
            isInternal: isInternal
        )
    }
}

extension ConfigDefault {
    /// The value of ``value(_:)``; `nil` for ``required`` and ``null``.
    var valueOrNil: ConfigValue? {
        if case .value(let value) = self { return value }
        return nil
    }
}
