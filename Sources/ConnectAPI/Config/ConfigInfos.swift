/// A whole validation response, shaped as Kafka Connect's `PUT /connector-plugins/{plugin}/config/validate`
/// body: `{"name":…,"error_count":…,"groups":[…],"configs":[{"definition":…,"value":…}]}`.
public struct ConfigInfos: Hashable, Sendable, Codable {
    /// One entry of ``configs``: a key's definition (`nil` for values of undefined keys) and its result.
    public struct Entry: Hashable, Sendable, Codable {
        /// The key definition.
        public var definition: ConfigKeyInfo?
        /// The validation result.
        public var value: ConfigValueInfo?

        /// Creates an entry.
        public init(definition: ConfigKeyInfo?, value: ConfigValueInfo?) {
            self.definition = definition
            self.value = value
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(definition, forKey: .definition)
            try container.encode(value, forKey: .value)
        }
    }

    /// The connector class name the request named.
    public var name: String
    /// The total number of error messages.
    public var errorCount: Int
    /// The groups of the definitions, in order.
    public var groups: [String]
    /// The entries.
    public var configs: [Entry]

    /// Creates a response from its parts.
    public init(name: String, errorCount: Int, groups: [String], configs: [Entry]) {
        self.name = name
        self.errorCount = errorCount
        self.groups = groups
        self.configs = configs
    }

    /// Pairs results with a definition as Kafka's `AbstractHerder.generateResult`: results for keys the
    /// definition lacks come first with a `nil` definition, then every defined key in order.
    public init(name: String, definition: ConfigDefinition, values: [ConfigValueInfo]) {
        var byName: [String: ConfigValueInfo] = [:]
        var entries: [Entry] = []
        var errors = 0
        for value in values {
            byName[value.name] = value
            if definition[value.name] == nil {
                entries.append(Entry(definition: nil, value: value))
                errors += value.errors.count
            }
        }
        for key in definition.keys {
            let value = byName[key.name]
            errors += value?.errors.count ?? 0
            entries.append(Entry(definition: key.info, value: value))
        }
        self.init(name: name, errorCount: errors, groups: definition.groups, configs: entries)
    }

    /// Validates properties against a definition and shapes the response.
    public init(name: String, validating properties: [String: String], against definition: ConfigDefinition) {
        self.init(name: name, definition: definition, values: definition.validate(properties))
    }

    /// Several responses as one (Kafka's `mergeConfigInfos`): entries concatenated, errors summed, groups united.
    public static func merged(name: String, _ parts: [ConfigInfos]) -> ConfigInfos {
        var groups: [String] = []
        for group in parts.flatMap(\.groups) where !groups.contains(group) {
            groups.append(group)
        }
        return ConfigInfos(
            name: name,
            errorCount: parts.reduce(0) { $0 + $1.errorCount },
            groups: groups,
            configs: parts.flatMap(\.configs)
        )
    }

    enum CodingKeys: String, CodingKey {
        case name
        case errorCount = "error_count"
        case groups
        case configs
    }
}
