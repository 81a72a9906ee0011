/// The default of a configuration key: none (the key is required), null, or a value.
///
/// Literals are accepted and converted to the key's type when the key is defined, as Kafka parses
/// defaults: `"2000"` or `2000` for an `INT` key, `""` or `[]` for an empty `LIST`, `nil` for a null default.
public enum ConfigDefault: Hashable, Sendable {
    /// No default: the key must be given (Kafka's `NO_DEFAULT_VALUE`); the REST API shows `"required": true`.
    case required
    /// The default is null.
    case null
    /// The default is this value (converted to the key's type when defined).
    case value(ConfigValue)
}

extension ConfigDefault: ExpressibleByNilLiteral, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral
{
    /// `nil` is ``null``.
    public init(nilLiteral: ()) { self = .null }
    /// A string literal, parsed for the key's type when the key is defined.
    public init(stringLiteral value: String) { self = .value(.string(value)) }
    /// An integer literal, converted to the key's numeric type.
    public init(integerLiteral value: Int64) { self = .value(.long(value)) }
    /// A floating point literal, for `DOUBLE` keys.
    public init(floatLiteral value: Double) { self = .value(.double(value)) }
    /// A boolean literal, for `BOOLEAN` keys.
    public init(booleanLiteral value: Bool) { self = .value(.boolean(value)) }
    /// A list literal, for `LIST` keys.
    public init(arrayLiteral elements: String...) { self = .value(.list(elements)) }
}
