public import ConnectAPI

/// Drops, keeps and renames fields of the key or value (Kafka's `ReplaceField$Key`/`$Value`).
///
/// Keys `exclude` (fields to drop), `include` (fields to keep; empty keeps all) and `renames` (`old:new` pairs).
public struct ReplaceField: Transformation {
    static let purpose = "field replacement"

    /// The part this instance modifies.
    public let part: RecordPart
    var exclude: [String] = []
    var include: [String] = []
    var renames: [String: String] = [:]
    var reverseRenames: [String: String] = [:]
    var replaceNullWithDefault = true
    private let cache = SchemaCache()

    /// An unconfigured transform for the key or the value.
    public init(part: RecordPart) {
        self.part = part
    }

    public var config: ConfigDefinition {
        ConfigDefinition()
            .define("exclude", .list, default: [], importance: .medium,
                    documentation: "Fields to exclude. This takes precedence over the fields to include.")
            .define("include", .list, default: [], importance: .medium,
                    documentation: "Fields to include. If specified, only these fields will be used.")
            .define("renames", .list, default: [], validator: Self.renamesValidator, importance: .medium,
                    documentation: "Field rename mappings.")
            .definingReplaceNullWithDefault()
    }

    static let renamesValidator = ConfigValidator(description: "list of colon-delimited pairs, e.g. foo:bar,abc:xyz") { name, value in
        guard case .list(let items)? = value else { return }
        for item in items where item.split(separator: ":", omittingEmptySubsequences: false).count != 2 {
            throw ConnectError.invalidConfig(name: name, value: items.joined(separator: ","), message: "Invalid rename mapping: \(item)")
        }
    }

    public mutating func configure(_ configs: [String: String]) throws {
        let c = try config.parse(configs)
        exclude = c.list("exclude") ?? []
        include = c.list("include") ?? []
        replaceNullWithDefault = c.bool(replaceNullWithDefaultKey) ?? true
        renames = [:]
        for item in c.list("renames") ?? [] {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            renames[String(parts[0])] = String(parts[1])
        }
        reverseRenames = Dictionary(renames.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
    }

    func filter(_ name: String) -> Bool {
        !exclude.contains(name) && (include.isEmpty || include.contains(name))
    }

    func renamed(_ name: String) -> String { renames[name] ?? name }

    public func apply<R: ConnectRecord>(_ record: R) throws -> R? {
        let value = record.operatingValue(part)
        if value.isNull { return record }
        if let schema = record.operatingSchema(part) {
            let input = try Requirements.requireStruct(value, Self.purpose)
            let updatedSchema = try cache.get(schema) { schema in
                var builder = copySchemaBasics(schema)
                for field in schema.fields where filter(field.name) {
                    builder = builder.field(renamed(field.name), field.schema)
                }
                return try builder.build()
            }
            var updated = try Struct(schema: updatedSchema)
            for field in updatedSchema.fields {
                guard let original = input.schema.field(named: reverseRenames[field.name] ?? field.name) else { continue }
                try updated.put(field, input.value(original, replaceNullWithDefault: replaceNullWithDefault))
            }
            return record.replacing(part, schema: updatedSchema, value: .struct(updated))
        } else {
            let map = try Requirements.requireMap(value, Self.purpose)
            var updated: [ConnectValue.MapEntry] = []
            for entry in map {
                guard case .string(let name) = entry.key else {
                    updated.append(entry)
                    continue
                }
                if filter(name) { updated.append(.init(key: .string(renamed(name)), value: entry.value)) }
            }
            return record.replacing(part, schema: nil, value: .map(updated))
        }
    }
}
