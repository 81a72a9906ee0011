import ConnectAPI

/// Turns sink records into row changes following the connector settings: the table name, Debezium envelopes,
/// tombstones, the primary-key mode, the field filters, the TOAST placeholder and the type mapping.
struct RecordMapper {
    let config: SQLiteSinkConfig
    private let placeholderBytes: [UInt8]
    private var tables: [String: String] = [:]
    /// The plan of the last struct row with a struct key (records of a topic share their schemas).
    private var lastPlan: StructRowPlan?

    init(config: SQLiteSinkConfig) {
        self.config = config
        self.placeholderBytes = Array(config.unavailablePlaceholder.utf8)
    }

    /// The change a record makes.
    /// - Throws: ``ConnectError`` (`data`) when the record cannot be written (no key for a keyed mode, a value
    ///   that is not a row, a value that does not fit its logical type); such records go to the errant-record reporter.
    mutating func change(for record: SinkRecord) throws(ConnectError) -> RowChange {
        let table = tableName(record.topic)
        if record.value.isNull {
            guard config.deleteEnabled else { return .skip(reason: "tombstone (delete.enabled=false)") }
            return .delete(table: table, keys: try keyColumns(record, row: nil))
        }
        if config.recognizesEnvelopes, let event = ChangeEvent(record.value) {
            switch event.op {
            case "c", "r", "u":
                guard !event.after.isNull else {
                    throw .data("Debezium '\(event.op)' event without an 'after' row")
                }
                return try write(record, row: event.after, table: table)
            case "d":
                guard config.deleteEnabled else { return .skip(reason: "Debezium delete (delete.enabled=false)") }
                return .delete(table: table, keys: try keyColumns(record, row: nil))
            default:
                return .skip(reason: "Debezium '\(event.op)' event")
            }
        }
        return try write(record, row: record.value, table: table)
    }

    private mutating func tableName(_ topic: String) -> String {
        if let known = tables[topic] { return known }
        let name = config.tableName(forTopic: topic)
        if tables.count < 10_000 { tables[topic] = name }
        return name
    }

    private mutating func write(_ record: SinkRecord, row: ConnectValue, table: String) throws(ConnectError) -> RowChange {
        if case .struct(let value) = row, config.pkMode == .recordKey, config.pkFields.isEmpty,
            case .struct(let key) = record.key, let plan = plan(key: key.schema, value: value.schema),
            let keys = try Self.keyColumns(of: key, plan)
        {
            // The common shape (struct key and value, every key field a column) without the field lists.
            return .write(table: table, keys: keys, values: try valueColumns(of: value, plan))
        }
        guard let fields = FieldValue.fields(of: row) else {
            throw .data(
                "SQLiteSink needs a Struct or a map with string keys as the record value (or a Debezium change "
                    + "event), got \(row.kindName) in \(record.topic)-\(record.kafkaPartition ?? -1)@\(record.kafkaOffset)")
        }
        let keys = try keyColumns(record, row: fields)
        if config.insertMode != .insert && keys.isEmpty {
            throw .data("insert.mode \(config.insertMode.rawValue) needs a primary key, and the record has none")
        }
        var values: [Column] = []
        values.reserveCapacity(fields.count)
        for field in fields {
            if keys.contains(where: { $0.name == field.name }) { continue }
            if !config.includeFields.isEmpty && !config.includeFields.contains(field.name) { continue }
            if !config.excludeFields.isEmpty && config.excludeFields.contains(field.name) { continue }
            if isPlaceholder(field.value) { continue }
            values.append(Column(name: field.name, mapped: try ValueMapping.map(field.value, schema: field.schema)))
        }
        return .write(table: table, keys: keys, values: values)
    }

    /// The plan for a (key schema, value schema) pair: the last one when it fits, else a new one.
    private mutating func plan(key: Schema, value: Schema) -> StructRowPlan? {
        if let lastPlan, lastPlan.fits(key: key, value: value) { return lastPlan }
        lastPlan = StructRowPlan(keySchema: key, valueSchema: value, config: config)
        return lastPlan
    }

    /// The value columns of a struct row under its plan: the same columns, in the same order, as the general path.
    private func valueColumns(of row: Struct, _ plan: StructRowPlan) throws(ConnectError) -> [Column] {
        let fields = plan.valueFields
        var values: [Column] = []
        values.reserveCapacity(fields.count)
        for position in fields.indices {
            let value = Self.read(row, fields[position])
            if isPlaceholder(value) { continue }
            values.append(
                Column(name: fields[position].name, mapped: try Self.map(value, fields[position], plan.valueFieldSchemas[position])))
        }
        return values
    }

    /// Every field of a struct key as a column (`pk.mode=record_key` without `pk.fields`); `nil` when the general
    /// path must decide (a null field: it names the problem).
    private static func keyColumns(of key: Struct, _ plan: StructRowPlan) throws(ConnectError) -> [Column]? {
        let fields = plan.keyFields
        var columns: [Column] = []
        columns.reserveCapacity(fields.count)
        for position in fields.indices {
            let value = read(key, fields[position])
            guard !value.isNull else { return nil }
            columns.append(Column(name: fields[position].name, mapped: try map(value, fields[position], plan.keyFieldSchemas[position])))
        }
        return columns
    }

    /// A planned field's value, or its default when null (what `Struct.get` returns).
    private static func read(_ row: Struct, _ field: StructRowPlan.PlannedField) -> ConnectValue {
        let value = row.storedValue(at: field.index)
        if value.isNull, let fallback = field.defaultValue { return fallback }
        return value
    }

    private static func map(_ value: ConnectValue, _ field: StructRowPlan.PlannedField, _ schema: Schema) throws(ConnectError)
        -> MappedValue
    {
        if let type = field.plainType { return try ValueMapping.mapPlain(value, schemaType: type) }
        return try ValueMapping.map(value, schema: schema)
    }

    /// The primary-key columns per `pk.mode`; `row` is the value's fields (nil for deletes).
    private func keyColumns(_ record: SinkRecord, row: [FieldValue]?) throws(ConnectError) -> [Column] {
        switch config.pkMode {
        case .none:
            return []
        case .kafka:
            let names = config.kafkaKeyColumns
            return [
                Column(name: names[0], mapped: MappedValue(value: .text(record.topic), type: .text)),
                Column(name: names[1], mapped: MappedValue(value: .integer(Int64(record.kafkaPartition ?? -1)), type: .integer)),
                Column(name: names[2], mapped: MappedValue(value: .integer(record.kafkaOffset), type: .integer)),
            ]
        case .recordKey:
            return try recordKeyColumns(record)
        case .recordValue:
            guard let row else { throw .data("pk.mode record_value cannot delete: the record has no value") }
            return try selected(row, names: config.pkFields, what: "record value")
        }
    }

    private func recordKeyColumns(_ record: SinkRecord) throws(ConnectError) -> [Column] {
        if record.key.isNull {
            throw .data("pk.mode record_key needs a record key, and \(record.topic)-\(record.kafkaPartition ?? -1)@"
                + "\(record.kafkaOffset) has none")
        }
        if let fields = FieldValue.fields(of: record.key) {
            return try selected(fields, names: config.pkFields, what: "record key")
        }
        guard config.pkFields.count == 1, let name = config.pkFields.first else {
            throw .data("Need exactly one PK column defined since the key schema for records is a primitive type, "
                + "defined columns are: \(config.pkFields)")
        }
        return [Column(name: name, mapped: try ValueMapping.map(record.key, schema: record.keySchema))]
    }

    /// The named fields (all when `names` is empty), each required to be present and non-null.
    private func selected(_ fields: [FieldValue], names: [String], what: String) throws(ConnectError) -> [Column] {
        var chosen: [FieldValue] = []
        if names.isEmpty {
            chosen = fields
        } else {
            for name in names {
                guard let field = fields.first(where: { $0.name == name }) else {
                    throw .data("PK field \(name) not found in the \(what) (fields: \(fields.map(\.name)))")
                }
                chosen.append(field)
            }
        }
        guard !chosen.isEmpty else { throw .data("the \(what) has no fields to use as the primary key") }
        var columns: [Column] = []
        columns.reserveCapacity(chosen.count)
        for field in chosen {
            guard !field.value.isNull else { throw .data("PK field \(field.name) of the \(what) is null") }
            columns.append(Column(name: field.name, mapped: try ValueMapping.map(field.value, schema: field.schema)))
        }
        return columns
    }

    /// Whether a value is Debezium's unavailable-value placeholder (as text, bytes or a one-element array).
    private func isPlaceholder(_ value: ConnectValue) -> Bool {
        switch value {
        case .string(let text):
            return text.utf8.count == placeholderBytes.count && text == config.unavailablePlaceholder
        case .bytes:
            return value.byteArray == placeholderBytes
        case .array(let elements):
            return elements.count == 1 && isPlaceholder(elements[0])
        default:
            return false
        }
    }
}
