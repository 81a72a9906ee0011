import ConnectAPI

/// A Debezium change event recognized in a record value: `op` plus the `before` and `after` row images,
/// whether it came with a Connect schema (a struct) or without (a map from schemaless JSON).
struct ChangeEvent {
    /// `c`, `r`, `u`, `d`, `t`, `m`…
    var op: String
    /// The row before the change (`null` for creates).
    var before: ConnectValue
    /// The row after the change (`null` for deletes).
    var after: ConnectValue

    /// The event a value holds, if it looks like a Debezium envelope: a string `op` and a `before` or `after` field.
    init?(_ value: ConnectValue) {
        switch value {
        case .struct(let row):
            guard let opField = row.schema.field(named: "op"),
                row.schema.field(named: "after") != nil || row.schema.field(named: "before") != nil,
                case .string(let op) = row.get(opField)
            else { return nil }
            self.op = op
            self.before = row["before"] ?? .null
            self.after = row["after"] ?? .null
        case .map(let entries):
            var op: String?
            var before: ConnectValue?
            var after: ConnectValue?
            for entry in entries {
                guard case .string(let key) = entry.key else { continue }
                switch key {
                case "op": op = entry.value.stringValue
                case "before": before = entry.value
                case "after": after = entry.value
                default: continue
                }
            }
            guard let op, before != nil || after != nil else { return nil }
            self.op = op
            self.before = before ?? .null
            self.after = after ?? .null
        default:
            return nil
        }
    }
}
