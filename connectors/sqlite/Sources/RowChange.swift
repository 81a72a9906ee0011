import ConnectAPI

/// One column of a row change: its name and its value ready for SQLite.
struct Column: Hashable, Sendable {
    /// The column name, exactly as in the record.
    var name: String
    /// The value and the type a new column gets.
    var mapped: MappedValue
}

/// What one record does to its table.
enum RowChange: Hashable, Sendable {
    /// Write a row with these key and value columns, per `insert.mode`.
    case write(table: String, keys: [Column], values: [Column])
    /// Delete the row with this key.
    case delete(table: String, keys: [Column])
    /// Nothing to do (a tombstone with deletes off, a Debezium truncate or message event…); the reason is logged.
    case skip(reason: String)
}

/// A record field with its schema, from a struct or a string-keyed map.
struct FieldValue {
    /// The field name or map key.
    var name: String
    /// The value (the schema's default for a null struct field).
    var value: ConnectValue
    /// The field schema; `nil` for schemaless data.
    var schema: Schema?

    /// The fields of a struct or a string-keyed map; `nil` for anything else.
    static func fields(of value: ConnectValue) -> [FieldValue]? {
        switch value {
        case .struct(let row):
            return row.schema.fields.map { FieldValue(name: $0.name, value: row.get($0), schema: $0.schema) }
        case .map(let entries):
            var fields: [FieldValue] = []
            fields.reserveCapacity(entries.count)
            for entry in entries {
                guard case .string(let name) = entry.key else { return nil }
                fields.append(FieldValue(name: name, value: entry.value, schema: nil))
            }
            return fields
        default:
            return nil
        }
    }
}
