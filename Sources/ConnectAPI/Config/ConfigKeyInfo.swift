/// One key's definition, shaped as Kafka Connect's REST `definition` object (and the entries of
/// `GET /connector-plugins/{plugin}/config`): `{"name":…,"type":"INT","required":false,"default_value":"2000",
/// "importance":"LOW","documentation":…,"group":null,"order_in_group":-1,"width":"NONE","display_name":…,"dependents":[]}`.
public struct ConfigKeyInfo: Hashable, Sendable, Codable {
    /// The key name.
    public var name: String
    /// The type name, e.g. `INT`.
    public var type: String
    /// Whether the key has no default.
    public var required: Bool
    /// The default as a string (lists joined by `,`, passwords `[hidden]`), or `nil` when required or null.
    public var defaultValue: String?
    /// `HIGH`, `MEDIUM` or `LOW`.
    public var importance: String
    /// What the key does.
    public var documentation: String?
    /// The UI group, or `nil`.
    public var group: String?
    /// The position within the group, or -1.
    public var orderInGroup: Int
    /// `NONE`, `SHORT`, `MEDIUM` or `LONG`.
    public var width: String
    /// The UI label.
    public var displayName: String
    /// Keys that depend on this one.
    public var dependents: [String]

    /// Creates an info from its parts.
    public init(
        name: String,
        type: String,
        required: Bool,
        defaultValue: String?,
        importance: String,
        documentation: String?,
        group: String?,
        orderInGroup: Int,
        width: String,
        displayName: String,
        dependents: [String]
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.importance = importance
        self.documentation = documentation
        self.group = group
        self.orderInGroup = orderInGroup
        self.width = width
        self.displayName = displayName
        self.dependents = dependents
    }

    /// The REST form of a key definition (Kafka's `AbstractHerder.convertConfigKey`).
    public init(_ key: ConfigKey) {
        self.init(
            name: key.name,
            type: key.type.rawValue,
            required: !key.hasDefault,
            defaultValue: key.parsedDefault?.description,
            importance: key.importance.rawValue,
            documentation: key.documentation,
            group: key.group,
            orderInGroup: key.orderInGroup,
            width: key.width.rawValue,
            displayName: key.displayName,
            dependents: key.dependents
        )
    }

    enum CodingKeys: String, CodingKey {
        case name
        case type
        case required
        case defaultValue = "default_value"
        case importance
        case documentation
        case group
        case orderInGroup = "order_in_group"
        case width
        case displayName = "display_name"
        case dependents
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        type = try container.decode(String.self, forKey: .type)
        required = try container.decodeIfPresent(Bool.self, forKey: .required) ?? false
        defaultValue = try container.decodeIfPresent(String.self, forKey: .defaultValue)
        importance = try container.decodeIfPresent(String.self, forKey: .importance) ?? ConfigImportance.low.rawValue
        documentation = try container.decodeIfPresent(String.self, forKey: .documentation)
        group = try container.decodeIfPresent(String.self, forKey: .group)
        orderInGroup = try container.decodeIfPresent(Int.self, forKey: .orderInGroup) ?? -1
        width = try container.decodeIfPresent(String.self, forKey: .width) ?? ConfigWidth.none.rawValue
        displayName = try container.decodeIfPresent(String.self, forKey: .displayName) ?? name
        dependents = try container.decodeIfPresent([String].self, forKey: .dependents) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
        try container.encode(required, forKey: .required)
        try container.encode(defaultValue, forKey: .defaultValue)
        try container.encode(importance, forKey: .importance)
        try container.encode(documentation, forKey: .documentation)
        try container.encode(group, forKey: .group)
        try container.encode(orderInGroup, forKey: .orderInGroup)
        try container.encode(width, forKey: .width)
        try container.encode(displayName, forKey: .displayName)
        try container.encode(dependents, forKey: .dependents)
    }
}

extension ConfigKey {
    /// The REST form of this key.
    public var info: ConfigKeyInfo { ConfigKeyInfo(self) }
}

extension ConfigDefinition {
    /// The REST listing of `GET /connector-plugins/{plugin}/config`: every non-internal key, in order.
    public var keyInfos: [ConfigKeyInfo] { keys.filter { !$0.isInternal }.map(\.info) }
}
