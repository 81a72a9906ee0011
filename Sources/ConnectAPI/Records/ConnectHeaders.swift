/// The ordered headers of a record (Kafka's `ConnectHeaders`): duplicates allowed, insertion order kept.
///
/// A value type; it is a `RandomAccessCollection` of ``ConnectHeader``. Typed `add…` methods pick the
/// schema for the value (``addString(_:_:)``, ``addInt64(_:_:)``, ``addDecimal(_:_:)``…) and cannot fail;
/// ``add(_:_:schema:)`` checks a value against an explicit schema.
///
/// ```swift
/// var headers = ConnectHeaders()
/// headers.addString("__debezium.context.connectorName", "inventory")
/// headers.addInt32("attempt", 1)
/// headers.lastWithName("attempt")?.value   // .int32(1)
/// ```
public struct ConnectHeaders: Hashable, Sendable, RandomAccessCollection, ExpressibleByArrayLiteral, CustomStringConvertible {
    private var headers: [ConnectHeader]

    /// No headers.
    public init() {
        headers = []
    }

    /// These headers, in order.
    public init(_ headers: some Sequence<ConnectHeader>) {
        self.headers = Array(headers)
    }

    /// These headers, in order.
    public init(arrayLiteral elements: ConnectHeader...) {
        headers = elements
    }

    public var startIndex: Int { headers.startIndex }
    public var endIndex: Int { headers.endIndex }
    public subscript(position: Int) -> ConnectHeader { headers[position] }

    /// Appends a header as given.
    public mutating func add(_ header: ConnectHeader) {
        headers.append(header)
    }

    /// Appends a header after checking the value against the schema (when there is one), as Kafka's
    /// `ConnectHeaders.add(key, value, schema)`.
    /// - Throws: ``ConnectError`` (`data`) when the value does not fit the schema.
    public mutating func add(_ key: String, _ value: ConnectValue, schema: Schema?) throws(ConnectError) {
        if let schema { try schema.validateValue(value) }
        headers.append(ConnectHeader(key: key, schema: schema, value: value))
    }

    /// The last header with this key, or `nil` (Kafka's `lastWithName`).
    public func lastWithName(_ key: String) -> ConnectHeader? {
        headers.last { $0.key == key }
    }

    /// Every header with this key, in order (Kafka's `allWithName`).
    public func allWithName(_ key: String) -> [ConnectHeader] {
        headers.filter { $0.key == key }
    }

    /// Removes every header with this key.
    public mutating func remove(_ key: String) {
        headers.removeAll { $0.key == key }
    }

    /// Removes every header.
    public mutating func removeAll() {
        headers.removeAll()
    }

    /// Keeps only the last header of each key, in the order those last headers appear (Kafka's `retainLatest()`).
    public mutating func retainLatest() {
        var seen = Set<String>()
        var kept: [ConnectHeader] = []
        for header in headers.reversed() where seen.insert(header.key).inserted {
            kept.append(header)
        }
        headers = kept.reversed()
    }

    /// Keeps only the last header with this key; other keys are untouched (Kafka's `retainLatest(key)`).
    public mutating func retainLatest(_ key: String) {
        guard let lastIndex = headers.lastIndex(where: { $0.key == key }) else { return }
        headers = headers.enumerated().filter { $0.element.key != key || $0.offset == lastIndex }.map(\.element)
    }

    /// Replaces every header by the transform's result, or drops it when the result is `nil`
    /// (Kafka's `apply(transform)`).
    public mutating func apply(_ transform: (ConnectHeader) throws -> ConnectHeader?) rethrows {
        headers = try headers.compactMap(transform)
    }

    /// Like ``apply(_:)`` but only for headers with this key.
    public mutating func apply(key: String, _ transform: (ConnectHeader) throws -> ConnectHeader?) rethrows {
        headers = try headers.compactMap { $0.key == key ? try transform($0) : $0 }
    }

    public var description: String { "ConnectHeaders(headers: " + headers.map(\.description).joined(separator: ", ") + ")" }
}
