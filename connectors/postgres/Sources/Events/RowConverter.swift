public import ConnectAPI

/// Turns pgoutput tuples into row structs of a ``TableModel``.
struct RowConverter: Sendable {
    /// Debezium's `unavailable.value.placeholder`, for unchanged TOAST values with no old value.
    var placeholder: String

    /// The row struct for a tuple; `'u'` values come from `oldTuple` when it has them, else the placeholder.
    /// Required columns that are absent (NULL in a key-only tuple, or unparsable) get the type's zero value.
    func row(_ model: TableModel, _ tuple: [PgTupleValue], oldTuple: [PgTupleValue]? = nil) throws(ConnectError) -> Struct {
        guard tuple.count == model.tupleWidth else {
            throw ConnectError.data("\(model.id): tuple has \(tuple.count) columns, the relation \(model.tupleWidth)")
        }
        var row = try Struct(schema: model.rowSchema)
        for (index, column) in model.columns.enumerated() {
            var value: ConnectValue
            switch tuple[column.tupleIndex] {
            case .text(let text): value = column.kind.convert(text) ?? .null
            case .null, .binary: value = .null
            case .unchangedToast:
                if let old = oldTuple?[column.tupleIndex], case .text(let text) = old {
                    value = column.kind.convert(text) ?? .null
                } else {
                    value = placeholderValue(column)
                }
            }
            if value.isNull && !column.schema.isOptional {
                value = column.schema.defaultValue ?? ColumnDefaults.zero(of: column.schema) ?? .null
            }
            try row.put(row.schema.fields[index], ColumnKind.conform(value, to: column.schema))
        }
        return row
    }

    /// The key struct of a row, or `nil` when the table has no key.
    func key(_ model: TableModel, row: Struct) throws(ConnectError) -> Struct? {
        guard let keySchema = model.keySchema else { return nil }
        var key = try Struct(schema: keySchema)
        for (position, index) in model.keyColumns.enumerated() {
            try key.put(keySchema.fields[position], row.get(row.schema.fields[index]))
        }
        return key
    }

    private func placeholderValue(_ column: ModelColumn) -> ConnectValue {
        switch column.schema.type {
        case .string: return .string(placeholder)
        case .bytes: return ConnectValue(bytes: Array(placeholder.utf8))
        case .array where column.schema.valueSchema?.type == .string: return .array([.string(placeholder)])
        default: return .null
        }
    }
}
