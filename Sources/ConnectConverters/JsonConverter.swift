public import ConnectAPI
public import NIOCore

/// Kafka's `org.apache.kafka.connect.json.JsonConverter`, byte for byte.
///
/// With `schemas.enable=true` (the default) each record is `{"schema":…,"payload":…}`, the schema written
/// as Kafka's `asJsonSchema` does (`type`, then `fields`/`items`/`keys`+`values`, then `optional`, `name`,
/// `version`, `doc`, `parameters`, `default`, and `field` last inside struct fields). With
/// `schemas.enable=false` only the payload is written and reading yields schemaless values
/// (objects become string-keyed maps, integers `int64`, other numbers `float64`).
/// A null value without a schema is written as no bytes (a tombstone).
public struct JsonConverter: Converter {
    /// The effective settings.
    public private(set) var settings = JsonConverterConfig() {
        didSet { makeCaches() }
    }
    /// Serialized JSON schemas by schema (hash precomputed, identity checked first): a hit writes the bytes as they are.
    private var fromConnectSchemaCache = BoundedCache<Schema, [UInt8]>(capacity: 1000)
    private var toConnectSchemaCache = BoundedCache<JSONNode, Schema>(capacity: 1000)
    /// Parsed schemas by the exact bytes of the envelope's `"schema"` object: a hit skips parsing it at all.
    private var rawSchemaCache = BoundedCache<RawSchemaKey, Schema>(capacity: 1000)
    /// The schema bytes of the last envelope read, compared first: a match skips the lookup as well.
    private var lastRawSchema = LastRawSchema()

    /// A converter with Kafka's defaults (schemas enabled, value converter).
    public init() {}

    /// A converter with these settings.
    public init(settings: JsonConverterConfig) {
        self.settings = settings
        makeCaches()
    }

    private mutating func makeCaches() {
        fromConnectSchemaCache = BoundedCache(capacity: settings.schemaCacheSize)
        toConnectSchemaCache = BoundedCache(capacity: settings.schemaCacheSize)
        rawSchemaCache = BoundedCache(capacity: settings.schemaCacheSize)
        lastRawSchema = LastRawSchema()
    }

    /// How many schemas each cache holds (for tests and metrics): JSON for Connect schemas, and back.
    public var cachedSchemaCounts: (fromConnect: Int, toConnect: Int) {
        (fromConnectSchemaCache.count, toConnectSchemaCache.count)
    }

    /// How many schemas are cached by the exact bytes of their JSON (for tests and metrics).
    public var cachedRawSchemaCount: Int { rawSchemaCache.count }

    /// Header values use the same format as record values (Kafka's `fromConnectHeader`).
    public func fromConnectHeader(topic: String, headerKey: String, schema: Schema?, value: ConnectValue) throws(ConnectError) -> [UInt8]? {
        try serialize(schema: schema, value: value)
    }

    /// Header values use the same format as record values (Kafka's `toConnectHeader`).
    public func toConnectHeader(topic: String, headerKey: String, value: [UInt8]?) throws(ConnectError) -> SchemaAndValue {
        guard let value else { return .null }
        return try deserialize(value)
    }

    public var config: ConfigDefinition { JsonConverterConfig.definition }

    /// Applies the properties; `converter.type` is set from `isKey` as Kafka does.
    public mutating func configure(_ configs: [String: String], isKey: Bool) throws {
        var properties = configs
        properties[JsonConverterConfig.typeConfig] = isKey ? ConverterType.key.rawValue : ConverterType.value.rawValue
        settings = try JsonConverterConfig(properties)
    }

    /// Applies properties that already carry `converter.type` (Kafka's `configure(Map)`).
    public mutating func configure(_ configs: [String: String]) throws {
        settings = try JsonConverterConfig(configs)
    }

    public func fromConnectData(topic: String, headers: ConnectHeaders?, schema: Schema?, value: ConnectValue) throws -> ByteBuffer? {
        guard let bytes = try serialize(schema: schema, value: value) else { return nil }
        return ByteBuffer(bytes: bytes)
    }

    public func toConnectData(topic: String, headers: ConnectHeaders?, value: ByteBuffer?) throws -> SchemaAndValue {
        guard let value else { return .null }
        return try deserialize(value.readableBytesView)
    }

    /// The JSON bytes for a value, or `nil` for a schemaless null (Kafka returns a null `byte[]`).
    /// - Throws: ``ConnectError`` (`data`) with Kafka's messages when the value does not fit the schema.
    public func serialize(schema: Schema?, value: ConnectValue) throws(ConnectError) -> [UInt8]? {
        if schema == nil && value.isNull { return nil }
        guard settings.schemasEnabled else {
            if let schema {
                var out: [UInt8] = []
                out.reserveCapacity(256)
                if payloadWriter.write(schema, value, into: &out) { return out }
            }
            guard let payload = try convertToJson(schema, value) else { return nil }
            return JSONWriter.write(payload)
        }
        // `{"schema":…,"payload":…}` as JSONWriter writes the two-member object, the schema's bytes cached.
        let schemaBytes = try cachedJsonSchemaBytes(schema)
        var out: [UInt8] = []
        out.reserveCapacity(schemaBytes.count + 512)
        out.append(contentsOf: Self.envelopeHead)
        out.append(contentsOf: schemaBytes)
        out.append(contentsOf: Self.envelopeMiddle)
        let payloadStart = out.count
        if let schema, payloadWriter.write(schema, value, into: &out) {
            out.append(UInt8(ascii: "}"))
            return out
        }
        out.removeSubrange(payloadStart...)
        JSONWriter.write(try convertToJson(schema, value) ?? .null, into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The payload writer for these settings (the tree-free fast path of `convertToJson` + `JSONWriter`).
    private var payloadWriter: SchemaPayloadWriter {
        SchemaPayloadWriter(replaceNullWithDefault: settings.replaceNullWithDefault, decimalFormat: settings.decimalFormat)
    }

    private static let envelopeHead: [UInt8] = Array(#"{"schema":"#.utf8)
    private static let envelopeMiddle: [UInt8] = Array(#","payload":"#.utf8)
    private static let nullBytes: [UInt8] = Array("null".utf8)

    /// Parses JSON bytes into a value and schema (schemaless when schemas are disabled).
    /// - Throws: ``ConnectError`` (`data`) for malformed JSON, a missing envelope or values that do not fit.
    public func deserialize(_ bytes: some Collection<UInt8>) throws(ConnectError) -> SchemaAndValue {
        if settings.schemasEnabled { return try deserializeEnvelope(bytes) }
        let parsed: JSONNode?
        do {
            parsed = try JSONParser.parse(bytes)
        } catch {
            throw .data("Converting byte[] to Kafka Connect data failed due to serialization error: ", cause: error)
        }
        return SchemaAndValue(schema: nil, value: try convertToConnect(nil, parsed))
    }

    /// `deserialize` with schemas enabled: `{"schema":…,"payload":…}`, the schema taken from the raw-bytes
    /// cache when the record's schema bytes were seen before (then they are not parsed at all).
    private func deserializeEnvelope(_ bytes: some Collection<UInt8>) throws(ConnectError) -> SchemaAndValue {
        if settings.schemaCacheSize > 0, let last = lastRawSchema.get(),
            let known = bytes.withContiguousStorageIfAvailable({ deserializeKnownEnvelope($0, last: last) }) ?? nil
        {
            return known
        }
        let envelope: JSONEnvelope<Schema>
        do {
            envelope = try JSONParser.parseEnvelope(bytes, rawMember: "schema") {
                rawSchemaCache.get(RawSchemaKey(borrowing: $0))
            }
        } catch {
            throw .data("Converting byte[] to Kafka Connect data failed due to serialization error: ", cause: error)
        }
        let parsed = envelope.root
        guard case .object(let members)? = parsed, members.count == 2,
            let schemaNode = parsed?["schema"], let payload = parsed?["payload"]
        else {
            throw .data(
                "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may not contain additional fields. If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration."
            )
        }
        let schema: Schema?
        if let cached = envelope.resolved {
            schema = cached
        } else {
            schema = try cachedConnectSchema(schemaNode)
            if let schema, let raw = envelope.rawValue { rawSchemaCache.put(RawSchemaKey(copying: raw), schema) }
        }
        if settings.schemaCacheSize > 0, let schema, let raw = envelope.rawValue { lastRawSchema.set(raw, schema) }
        return SchemaAndValue(schema: schema, value: try convertToConnect(schema, payload))
    }

    // MARK: - Schema ⇄ JSON

    /// The JSON bytes of a schema's `asJsonSchema` (`null` for none), from the cache when this schema was written before.
    private func cachedJsonSchemaBytes(_ schema: Schema?) throws(ConnectError) -> [UInt8] {
        guard let schema else { return Self.nullBytes }
        if let cached = fromConnectSchemaCache.get(schema) { return cached }
        let bytes = JSONWriter.write(try asJsonSchema(schema) ?? .null)
        fromConnectSchemaCache.put(schema, bytes)
        return bytes
    }

    private func cachedConnectSchema(_ node: JSONNode?) throws(ConnectError) -> Schema? {
        guard let node, node != .null else { return nil }
        if let cached = toConnectSchemaCache.get(node) { return cached }
        guard let schema = try asConnectSchema(node) else { return nil }
        toConnectSchemaCache.put(node, schema)
        return schema
    }

    /// The JSON form of a schema (Kafka's `asJsonSchema`); `nil` for no schema.
    public func asJsonSchema(_ schema: Schema?) throws(ConnectError) -> JSONNode? {
        guard let schema else { return nil }
        var members: [JSONNode.Member] = [JSONNode.Member("type", .string(Self.jsonTypeName(schema.type)))]
        switch schema.type {
        case .struct:
            var fields: [JSONNode] = []
            for field in schema.fields {
                guard case .object(var fieldMembers)? = try asJsonSchema(field.schema) else { continue }
                fieldMembers.append(JSONNode.Member("field", .string(field.name)))
                fields.append(.object(fieldMembers))
            }
            members.append(JSONNode.Member("fields", .array(fields)))
        case .array:
            members.append(JSONNode.Member("items", try asJsonSchema(schema.valueSchema) ?? .null))
        case .map:
            members.append(JSONNode.Member("keys", try asJsonSchema(schema.keySchema) ?? .null))
            members.append(JSONNode.Member("values", try asJsonSchema(schema.valueSchema) ?? .null))
        default:
            break
        }
        members.append(JSONNode.Member("optional", .bool(schema.isOptional)))
        if let name = schema.name { members.append(JSONNode.Member("name", .string(name))) }
        if let version = schema.version { members.append(JSONNode.Member("version", .int(Int64(version)))) }
        if let doc = schema.doc { members.append(JSONNode.Member("doc", .string(doc))) }
        if !schema.parameters.isEmpty {
            members.append(JSONNode.Member("parameters", .object(Self.orderedParameters(schema.parameters).map { JSONNode.Member($0.key, .string($0.value)) })))
        }
        if let defaultValue = schema.defaultValue {
            members.append(JSONNode.Member("default", try convertToJson(schema, defaultValue) ?? .null))
        }
        return .object(members)
    }

    /// Kafka's JSON schema type names: Connect's lower-case names, except `float` and `double`.
    static func jsonTypeName(_ type: SchemaType) -> String {
        switch type {
        case .float32: "float"
        case .float64: "double"
        default: type.lowercaseName
        }
    }

    /// Schema parameters have no order here; Kafka keeps insertion order, and Decimal's `scale` always
    /// comes first (Debezium adds `connect.decimal.precision` after it), so `scale` leads and the rest sort by name.
    static func orderedParameters(_ parameters: [String: String]) -> [(key: String, value: String)] {
        parameters.sorted { lhs, rhs in
            if lhs.key == ConnectDecimal.scaleParameter { return rhs.key != ConnectDecimal.scaleParameter }
            if rhs.key == ConnectDecimal.scaleParameter { return false }
            return lhs.key < rhs.key
        }
    }

    /// The schema a JSON schema describes (Kafka's `asConnectSchema`); `nil` for a missing or null schema.
    public func asConnectSchema(_ node: JSONNode?) throws(ConnectError) -> Schema? {
        guard let node, node != .null else { return nil }
        guard case .string(let typeName)? = node["type"] else {
            throw .data("Schema must contain 'type' field")
        }
        var builder: SchemaBuilder
        switch typeName {
        case "boolean": builder = .boolean()
        case "int8": builder = .int8()
        case "int16": builder = .int16()
        case "int32": builder = .int32()
        case "int64": builder = .int64()
        case "float": builder = .float32()
        case "double": builder = .float64()
        case "bytes": builder = .bytes()
        case "string": builder = .string()
        case "array":
            guard let items = node["items"], items != .null, let element = try asConnectSchema(items) else {
                throw .data("Array schema did not specify the element type")
            }
            builder = .array(element)
        case "map":
            guard let keys = node["keys"], keys != .null, let keySchema = try asConnectSchema(keys) else {
                throw .data("Map schema did not specify the key type")
            }
            guard let values = node["values"], values != .null, let valueSchema = try asConnectSchema(values) else {
                throw .data("Map schema did not specify the value type")
            }
            builder = .map(keySchema, valueSchema)
        case "struct":
            builder = .struct()
            guard case .array(let fields)? = node["fields"] else {
                throw .data("Struct schema's \"fields\" argument is not an array.")
            }
            for field in fields {
                guard case .string(let fieldName)? = field["field"] else {
                    throw .data("Struct schema's field name not specified properly")
                }
                guard let fieldSchema = try asConnectSchema(field) else {
                    throw .data("Struct schema's field name not specified properly")
                }
                builder = builder.field(fieldName, fieldSchema)
            }
        default:
            throw .data("Unknown schema type: \(typeName)")
        }
        if case .bool(true)? = node["optional"] { builder = builder.optional() } else { builder = builder.required() }
        if case .string(let name)? = node["name"] { builder = builder.name(name) }
        if let version = node["version"], version.isIntegral, let v = version.int64Value {
            builder = builder.version(Int32(truncatingIfNeeded: v))
        }
        if case .string(let doc)? = node["doc"] { builder = builder.doc(doc) }
        if case .object(let parameters)? = node["parameters"] {
            for parameter in parameters {
                guard case .string(let text) = parameter.value else {
                    throw .data("Schema parameters must have string values.")
                }
                builder = builder.parameter(parameter.name, text)
            }
        }
        if let defaultNode = node["default"] {
            let withoutDefault = try builder.build()
            builder = builder.defaultValue(try convertToConnect(withoutDefault, defaultNode))
        }
        return try builder.build()
    }

    // MARK: - Value → JSON

    /// The JSON for a value under an optional schema (Kafka's `convertToJson`); `nil` is Java's null,
    /// returned only for a null value without a schema.
    public func convertToJson(_ schema: Schema?, _ value: ConnectValue) throws(ConnectError) -> JSONNode? {
        if value.isNull {
            guard let schema else { return nil }
            if let fallback = schema.defaultValue, settings.replaceNullWithDefault {
                return try convertToJson(schema, fallback)
            }
            if schema.isOptional { return .null }
            throw .data("Conversion error: null value for field that is required and has no default value")
        }
        if let schema, let name = schema.name, let logical = try logicalToJson(name: name, schema: schema, value: value) {
            return logical
        }
        let type: SchemaType
        if let schema {
            type = schema.type
        } else {
            switch value {
            case .decimal, .date, .time, .timestamp:
                throw .data("Java class \(value.kindName) does not have corresponding schema type.")
            default:
                type = value.schemaType ?? .string
            }
        }
        func mismatch() -> ConnectError {
            .data("Invalid type for \(schema.map { $0.type.rawValue } ?? "unknown schema"): \(value.kindName)")
        }
        switch (type, value) {
        case (.int8, .int8(let v)): return .int(Int64(v))
        case (.int16, .int16(let v)): return .int(Int64(v))
        case (.int32, .int32(let v)): return .int(Int64(v))
        case (.int64, .int64(let v)): return .int(v)
        case (.float32, .float32(let v)): return .float(v)
        case (.float64, .float64(let v)): return .double(v)
        case (.boolean, .boolean(let v)): return .bool(v)
        case (.string, .string(let v)): return .string(v)
        case (.bytes, .bytes(let buffer)): return .binary(Array(buffer.readableBytesView))
        case (.array, .array(let elements)):
            var nodes: [JSONNode] = []
            nodes.reserveCapacity(elements.count)
            for element in elements {
                nodes.append(try convertToJson(schema?.valueSchema, element) ?? .null)
            }
            return .array(nodes)
        case (.map, .map(let entries)):
            let objectMode: Bool
            if let schema {
                objectMode = schema.keySchema?.type == .string
            } else {
                objectMode = entries.allSatisfy { if case .string = $0.key { true } else { false } }
            }
            if objectMode {
                var members: [JSONNode.Member] = []
                var indexByName: [String: Int] = [:]
                for entry in entries {
                    let keyNode = try convertToJson(schema?.keySchema, entry.key) ?? .null
                    let valueNode = try convertToJson(schema?.valueSchema, entry.value) ?? .null
                    let name = Self.asText(keyNode)
                    if let existing = indexByName[name] {
                        members[existing].value = valueNode
                    } else {
                        indexByName[name] = members.count
                        members.append(JSONNode.Member(name, valueNode))
                    }
                }
                return .object(members)
            }
            var pairs: [JSONNode] = []
            for entry in entries {
                let keyNode = try convertToJson(schema?.keySchema, entry.key) ?? .null
                let valueNode = try convertToJson(schema?.valueSchema, entry.value) ?? .null
                pairs.append(.array([keyNode, valueNode]))
            }
            return .array(pairs)
        case (.struct, .struct(let row)):
            if let schema, row.schema != schema { throw .data("Mismatching schema.") }
            var members: [JSONNode.Member] = []
            for field in row.schema.fields {
                let fieldValue = row.getWithoutDefault(field)
                members.append(JSONNode.Member(field.name, try convertToJson(field.schema, fieldValue) ?? .null))
            }
            return .object(members)
        default:
            throw mismatch()
        }
    }

    /// Jackson's `asText()` for a map key node.
    private static func asText(_ node: JSONNode) -> String {
        switch node {
        case .string(let s): return s
        case .null: return "null"
        case .array, .object: return ""
        default: return String(decoding: JSONWriter.write(node), as: UTF8.self)
        }
    }

    private func logicalToJson(name: String, schema: Schema, value: ConnectValue) throws(ConnectError) -> JSONNode? {
        switch name {
        case ConnectDecimal.logicalName:
            guard case .decimal(let decimal) = value else {
                throw .data("Invalid type for Decimal, expected BigDecimal but was \(value.kindName)")
            }
            switch settings.decimalFormat {
            case .base64:
                return .binary(try ConnectDecimal.fromLogical(schema, decimal))
            case .numeric:
                let unscaled = ConnectDecimal(unscaledBytes: decimal.unscaledBytes, scale: 0).description
                return .decimal(JavaNumberFormat.bigDecimalToString(unscaled: unscaled, scale: Int(decimal.scale)))
            }
        case ConnectDate.logicalName:
            guard case .date(let date) = value else {
                throw .data("Invalid type for Date, expected Date but was \(value.kindName)")
            }
            return .int(Int64(try ConnectDate.fromLogical(schema, date)))
        case ConnectTime.logicalName:
            guard case .time(let time) = value else {
                throw .data("Invalid type for Time, expected Date but was \(value.kindName)")
            }
            return .int(Int64(try ConnectTime.fromLogical(schema, time)))
        case ConnectTimestamp.logicalName:
            guard case .timestamp(let timestamp) = value else {
                throw .data("Invalid type for Timestamp, expected Date but was \(value.kindName)")
            }
            return .int(try ConnectTimestamp.fromLogical(schema, timestamp))
        default:
            return nil
        }
    }

    // MARK: - JSON → value

    /// The Connect value for a JSON node under an optional schema (Kafka's `convertToConnect`).
    public func convertToConnect(_ schema: Schema?, _ node: JSONNode?) throws(ConnectError) -> ConnectValue {
        guard let schema else { return try Self.schemaless(node) }
        guard let node, node != .null else {
            if let fallback = schema.defaultValue, settings.replaceNullWithDefault { return fallback }
            if schema.isOptional { return .null }
            throw .data("Invalid null value for required \(schema.type) field")
        }
        if let name = schema.name, let logical = try logicalToConnect(name: name, schema: schema, node: node) {
            return logical
        }
        func wrongType() -> ConnectError {
            .data("Invalid JSON \(node.nodeType) value for schema type \(schema.type)")
        }
        switch schema.type {
        case .boolean:
            guard case .bool(let b) = node else { throw wrongType() }
            return .boolean(b)
        case .int8, .int16, .int32, .int64:
            guard node.isNumber, let v = node.int64Value else { throw wrongType() }
            switch schema.type {
            case .int8: return .int8(Int8(truncatingIfNeeded: v))
            case .int16: return .int16(Int16(truncatingIfNeeded: v))
            case .int32: return .int32(Int32(truncatingIfNeeded: v))
            default: return .int64(v)
            }
        case .float32:
            guard let d = Self.floatingValue(node) else { throw wrongType() }
            return .float32(Float(d))
        case .float64:
            guard let d = Self.floatingValue(node) else { throw wrongType() }
            return .float64(d)
        case .string:
            guard case .string(let s) = node else { throw wrongType() }
            return .string(s)
        case .bytes:
            guard let bytes = Self.binaryValue(node) else { throw .data("Invalid bytes field") }
            return ConnectValue(bytes: bytes)
        case .array:
            guard case .array(let elements) = node else {
                throw .data("Arrays should be encoded as JSON arrays, but found \(node.nodeType)")
            }
            var values: [ConnectValue] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try convertToConnect(schema.valueSchema, element)) }
            return .array(values)
        case .map:
            var entries: [ConnectValue.MapEntry] = []
            if schema.keySchema?.type == .string {
                guard case .object(let members) = node else {
                    throw .data("Maps with string fields should be encoded as JSON objects, but found \(node.nodeType)")
                }
                for member in Self.deduplicated(members) {
                    entries.append(ConnectValue.MapEntry(
                        key: try convertToConnect(schema.keySchema, .string(member.name)),
                        value: try convertToConnect(schema.valueSchema, member.value)))
                }
            } else {
                guard case .array(let tuples) = node else {
                    throw .data("Maps with non-string fields should be encoded as JSON array of tuples, but found \(node.nodeType)")
                }
                for tuple in tuples {
                    guard case .array(let pair) = tuple else {
                        throw .data("Found invalid map entry instead of array tuple: \(tuple.nodeType)")
                    }
                    guard pair.count == 2 else {
                        throw .data("Found invalid map entry, expected length 2 but found :\(pair.count)")
                    }
                    entries.append(ConnectValue.MapEntry(
                        key: try convertToConnect(schema.keySchema, pair[0]),
                        value: try convertToConnect(schema.valueSchema, pair[1])))
                }
            }
            return .map(entries)
        case .struct:
            guard case .object = node else {
                throw .data("Structs should be encoded as JSON objects, but found \(node.nodeType)")
            }
            var row = try Struct(schema: schema)
            for field in schema.fields {
                let value = try convertToConnect(field.schema, node[field.name])
                if !value.isNull { try row.put(field, value) }
            }
            return .struct(row)
        }
    }

    private func logicalToConnect(name: String, schema: Schema, node: JSONNode) throws(ConnectError) -> ConnectValue? {
        switch name {
        case ConnectDecimal.logicalName:
            if node.isNumber {
                let text: String
                switch node {
                case .int(let v): text = String(v)
                case .bigInteger(let s), .decimal(let s): text = s
                case .double(let d): text = String(d)
                case .float(let f): text = String(f)
                default: text = ""
                }
                guard var decimal = ConnectDecimal(text) else { throw .data("Invalid decimal number \(text)") }
                if let scale = try? ConnectDecimal.scale(of: schema), let rescaled = decimal.rescaled(to: scale) {
                    decimal = rescaled
                }
                return .decimal(decimal)
            }
            switch node {
            case .string, .binary: break
            default:
                throw .data("Invalid type for Decimal, underlying representation should be numeric or bytes but was \(node.nodeType)")
            }
            guard let bytes = Self.binaryValue(node), !bytes.isEmpty else { throw .data("Invalid bytes for Decimal field") }
            do {
                return .decimal(try ConnectDecimal.toLogical(schema, bytes))
            } catch {
                throw .data("Invalid bytes for Decimal field", cause: error)
            }
        case ConnectDate.logicalName:
            guard case .int(let v) = node, let days = Int32(exactly: v) else {
                throw .data("Invalid type for Date, underlying representation should be integer but was \(node.nodeType)")
            }
            return .date(try ConnectDate.toLogical(schema, days))
        case ConnectTime.logicalName:
            guard case .int(let v) = node, let ms = Int32(exactly: v) else {
                throw .data("Invalid type for Time, underlying representation should be integer but was \(node.nodeType)")
            }
            return .time(try ConnectTime.toLogical(schema, ms))
        case ConnectTimestamp.logicalName:
            guard case .int(let v) = node else {
                throw .data("Invalid type for Timestamp, underlying representation should be integral but was \(node.nodeType)")
            }
            return .timestamp(try ConnectTimestamp.toLogical(schema, v))
        default:
            return nil
        }
    }

    /// Schemaless conversion: objects → string-keyed maps, integers → `int64` (beyond 64 bits → `float64`),
    /// other numbers → `float64`, strings, booleans, arrays, null.
    static func schemaless(_ node: JSONNode?) throws(ConnectError) -> ConnectValue {
        guard let node else { return .null }
        switch node {
        case .null: return .null
        case .bool(let b): return .boolean(b)
        case .int(let v): return .int64(v)
        case .bigInteger, .decimal, .double, .float: return .float64(node.doubleValue ?? .nan)
        case .string(let s): return .string(s)
        case .binary(let bytes): return ConnectValue(bytes: bytes)
        case .array(let elements):
            var values: [ConnectValue] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try schemaless(element)) }
            return .array(values)
        case .object(let members):
            var entries: [ConnectValue.MapEntry] = []
            for member in deduplicated(members) {
                entries.append(ConnectValue.MapEntry(key: .string(member.name), value: try schemaless(member.value)))
            }
            return .map(entries)
        }
    }

    /// Object members as Jackson's `ObjectNode` holds them: first position, last value for repeated names.
    private static func deduplicated(_ members: [JSONNode.Member]) -> [JSONNode.Member] {
        var result: [JSONNode.Member] = []
        var indexByName: [String: Int] = [:]
        for member in members {
            if let i = indexByName[member.name] {
                result[i].value = member.value
            } else {
                indexByName[member.name] = result.count
                result.append(member)
            }
        }
        return result
    }

    private static func binaryValue(_ node: JSONNode) -> [UInt8]? {
        switch node {
        case .binary(let bytes): bytes
        case .string(let text): Base64.decode(text)
        default: nil
        }
    }

    /// Numbers, plus the `"NaN"`/`"Infinity"`/`"-Infinity"` strings Jackson writes for non-finite values.
    private static func floatingValue(_ node: JSONNode) -> Double? {
        switch node {
        case .string("NaN"): .nan
        case .string("Infinity"): .infinity
        case .string("-Infinity"): -.infinity
        default: node.doubleValue
        }
    }
}
