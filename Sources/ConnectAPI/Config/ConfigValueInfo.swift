/// The validation result for one key, shaped as the `value` object of Kafka Connect's
/// `PUT /connector-plugins/{plugin}/config/validate` response:
/// `{"name":…,"value":…,"recommended_values":[…],"errors":[…],"visible":true}`.
///
/// Encoding writes every field, `null` included, with Kafka's snake_case names.
public struct ConfigValueInfo: Hashable, Sendable, Codable {
    /// The key name.
    public var name: String
    /// The parsed value as a string (passwords `[hidden]`), or `nil` when unset or unparsable.
    public var value: String?
    /// Values a recommender suggests.
    public var recommendedValues: [String]
    /// Problems found, in Kafka's words.
    public var errors: [String]
    /// Whether a UI should show the key.
    public var visible: Bool

    /// Creates a result; by default no value, no recommendations, no errors, visible.
    public init(name: String, value: String? = nil, recommendedValues: [String] = [], errors: [String] = [], visible: Bool = true) {
        self.name = name
        self.value = value
        self.recommendedValues = recommendedValues
        self.errors = errors
        self.visible = visible
    }

    /// Records a problem.
    public mutating func addError(_ message: String) {
        errors.append(message)
    }

    enum CodingKeys: String, CodingKey {
        case name
        case value
        case recommendedValues = "recommended_values"
        case errors
        case visible
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        value = try container.decodeIfPresent(String.self, forKey: .value)
        recommendedValues = try container.decodeIfPresent([String].self, forKey: .recommendedValues) ?? []
        errors = try container.decodeIfPresent([String].self, forKey: .errors) ?? []
        visible = try container.decodeIfPresent(Bool.self, forKey: .visible) ?? true
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(value, forKey: .value)
        try container.encode(recommendedValues, forKey: .recommendedValues)
        try container.encode(errors, forKey: .errors)
        try container.encode(visible, forKey: .visible)
    }
}

extension Array where Element == ConfigValueInfo {
    /// The total number of error messages, as Kafka's `error_count`.
    public var errorCount: Int { reduce(0) { $0 + $1.errors.count } }

    /// The result for a key, if present.
    public subscript(name: String) -> ConfigValueInfo? {
        first { $0.name == name }
    }

    /// Appends an error to the result for `name`, adding a result if there is none (for connector-specific
    /// checks in ``Connector/validate(_:)``).
    public mutating func addError(_ message: String, to name: String) {
        if let index = firstIndex(where: { $0.name == name }) {
            self[index].errors.append(message)
        } else {
            append(ConfigValueInfo(name: name, errors: [message]))
        }
    }
}
