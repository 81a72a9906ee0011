/// A parsed configuration value, one case per ``ConfigType``.
public enum ConfigValue: Hashable, Sendable, CustomStringConvertible {
    /// A ``ConfigType/boolean`` value.
    case boolean(Bool)
    /// A ``ConfigType/string`` value.
    case string(String)
    /// A ``ConfigType/int`` value.
    case int(Int32)
    /// A ``ConfigType/short`` value.
    case short(Int16)
    /// A ``ConfigType/long`` value.
    case long(Int64)
    /// A ``ConfigType/double`` value.
    case double(Double)
    /// A ``ConfigType/list`` value.
    case list([String])
    /// A ``ConfigType/class`` value: the class name or alias.
    case className(String)
    /// A ``ConfigType/password`` value.
    case password(Password)

    /// The type this value belongs to.
    public var type: ConfigType {
        switch self {
        case .boolean: .boolean
        case .string: .string
        case .int: .int
        case .short: .short
        case .long: .long
        case .double: .double
        case .list: .list
        case .className: .class
        case .password: .password
        }
    }

    /// The string form Kafka's `ConfigDef.convertToString` gives: lists joined with `,`, passwords `[hidden]`.
    /// This is what the REST API shows for values and defaults.
    public var description: String {
        switch self {
        case .boolean(let v): String(v)
        case .string(let v): v
        case .int(let v): String(v)
        case .short(let v): String(v)
        case .long(let v): String(v)
        case .double(let v): String(v)
        case .list(let v): v.joined(separator: ",")
        case .className(let v): v
        case .password(let v): v.description
        }
    }

    /// The form Java's `toString` gives, used inside error messages: lists print as `[a, b]`.
    var messageDescription: String {
        if case .list(let v) = self { return "[" + v.joined(separator: ", ") + "]" }
        return description
    }

    /// The value as a number, for range checks.
    var numericValue: Double? {
        switch self {
        case .int(let v): Double(v)
        case .short(let v): Double(v)
        case .long(let v): Double(v)
        case .double(let v): v
        default: nil
        }
    }
}
