/// A parsed or to-be-written JSON value, the converter's equivalent of Jackson's `JsonNode` tree.
///
/// Numbers keep the distinctions Jackson keeps: integers that fit 64 bits, bigger integers and
/// fractional/exponent literals (both as their text), and the float/double nodes the writer prints
/// with Java's `Float.toString`/`Double.toString`. Objects keep member order (and duplicates, last one wins on lookup).
public indirect enum JSONNode: Hashable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer literal that fits `Int64`.
    case int(Int64)
    /// An integer literal beyond `Int64`, as its text (Jackson's `BigIntegerNode`).
    case bigInteger(String)
    /// A number with a fraction or exponent, as its text (Jackson's `DecimalNode`); written verbatim.
    case decimal(String)
    /// A double, written as Java's `Double.toString` (Jackson's `DoubleNode`).
    case double(Double)
    /// A float, written as Java's `Float.toString` (Jackson's `FloatNode`).
    case float(Float)
    /// A string.
    case string(String)
    /// Binary data, written as a padded standard base64 string (Jackson's `BinaryNode`).
    case binary([UInt8])
    /// An array.
    case array([JSONNode])
    /// An object, members in order.
    case object([Member])

    /// One object member.
    public struct Member: Hashable, Sendable {
        /// The member name.
        public var name: String
        /// The member value.
        public var value: JSONNode
        /// Creates a member.
        public init(_ name: String, _ value: JSONNode) {
            self.name = name
            self.value = value
        }
    }

    /// The value of the last member with this name, for objects; `nil` otherwise or when absent.
    public subscript(_ name: String) -> JSONNode? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.name == name }?.value
    }

    /// Jackson's node type name, as used in Kafka's error messages (`OBJECT`, `NUMBER`, ...).
    public var nodeType: String {
        switch self {
        case .null: "NULL"
        case .bool: "BOOLEAN"
        case .int, .bigInteger, .decimal, .double, .float: "NUMBER"
        case .string: "STRING"
        case .binary: "BINARY"
        case .array: "ARRAY"
        case .object: "OBJECT"
        }
    }

    /// Whether this is a number node.
    public var isNumber: Bool {
        switch self {
        case .int, .bigInteger, .decimal, .double, .float: true
        default: false
        }
    }

    /// Whether this is an integer number node.
    public var isIntegral: Bool {
        switch self {
        case .int, .bigInteger: true
        default: false
        }
    }

    /// The number as a double (`nil` for non-numbers).
    public var doubleValue: Double? {
        switch self {
        case .int(let v): Double(v)
        case .bigInteger(let s), .decimal(let s): Double(s)
        case .double(let v): v
        case .float(let v): Double(v)
        default: nil
        }
    }

    /// The number as a 64-bit integer, truncating fractions (`nil` for non-numbers and out-of-range values).
    public var int64Value: Int64? {
        switch self {
        case .int(let v): return v
        case .bigInteger: return nil
        case .decimal, .double, .float:
            guard let d = doubleValue, d.isFinite, d >= -9.223372036854775808e18, d < 9.223372036854775808e18 else { return nil }
            return Int64(d.rounded(.towardZero))
        default: return nil
        }
    }

    /// Creates an object node from a dictionary literal-like list of members.
    public static func object(_ pairs: KeyValuePairs<String, JSONNode>) -> JSONNode {
        .object(pairs.map { Member($0.key, $0.value) })
    }
}
