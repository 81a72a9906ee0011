public import ConnectAPI

/// One captured column: where it sits in pgoutput's tuple, how its text converts, and its Connect schema.
struct ModelColumn: Sendable {
    /// Column name.
    var name: String
    /// Index in the Relation/tuple column list.
    var tupleIndex: Int
    /// Text → value conversion.
    var kind: ColumnKind
    /// The field schema (optionality and default applied).
    var schema: Schema
}

/// Everything needed to turn one table's tuples into Debezium events: topic, key and value schemas and the
/// per-column conversions. Rebuilt whenever a Relation message changes the table.
struct TableModel: Sendable {
    /// The table.
    var id: TableID
    /// The table's OID.
    var oid: UInt32
    /// The data topic `<prefix>.<schema>.<table>`.
    var topic: String
    /// Captured columns in tuple order.
    var columns: [ModelColumn]
    /// Indices into ``columns`` of the message-key columns.
    var keyColumns: [Int]
    /// `<topic>.Key`, or `nil` when the table has no key.
    var keySchema: Schema?
    /// `<topic>.Value` (optional struct, for `before` and `after`).
    var rowSchema: Schema
    /// `<topic>.Envelope`.
    var envelopeSchema: Schema
    /// `relreplident` from the Relation message.
    var replicaIdentity: Character
    /// Number of columns in the Relation (tuples have this many values).
    var tupleWidth: Int

    /// Builds the model of a table from its Relation columns and catalog facts.
    /// - Parameters:
    ///   - keyOverride: `message.key.columns` for this table, if configured.
    ///   - includeColumn: whether `schema.table.column` is captured (column include/exclude lists).
    init(id: TableID, oid: UInt32, relationColumns: [PgColumn], replicaIdentity: Character, facts: TableFacts?, topicPrefix: String,
         keyOverride: [String]?, options: TypeMappingOptions, includeColumn: (String) -> Bool) throws(ConnectError) {
        self.id = id
        self.oid = oid
        self.replicaIdentity = replicaIdentity
        self.tupleWidth = relationColumns.count
        topic = TopicNames.sanitize("\(topicPrefix).\(id.schema).\(id.table)")
        let types = facts?.types ?? [:]
        var built: [ModelColumn] = []
        for (index, column) in relationColumns.enumerated() where includeColumn("\(id).\(column.name)") {
            let (kind, base) = TypeMapper.map(typeOID: column.typeOID, typeModifier: column.typeModifier,
                                              info: { types[$0] }, options: options)
            var builder = base
            let notNull = facts.map { $0.notNull.contains(column.name) } ?? column.isKey
            if !notNull { builder = builder.optional() }
            if let expression = facts?.defaults[column.name],
               let fallback = ColumnDefaults.value(expression: expression, kind: kind, schema: try builder.build()) {
                builder = builder.defaultValue(fallback)
            }
            built.append(ModelColumn(name: column.name, tupleIndex: index, kind: kind, schema: try builder.build()))
        }
        columns = built
        let keyNames = keyOverride ?? (facts.map { $0.primaryKey.isEmpty ? nil : $0.primaryKey } ?? nil)
            ?? relationColumns.filter(\.isKey).map(\.name)
        keyColumns = keyNames.compactMap { name in built.firstIndex { $0.name == name } }
        var row = SchemaBuilder.struct().optional().name("\(topic).Value")
        for column in built { row = row.field(column.name, column.schema) }
        rowSchema = try row.build()
        if keyColumns.isEmpty {
            keySchema = nil
        } else {
            var key = SchemaBuilder.struct().name("\(topic).Key")
            for index in keyColumns { key = key.field(built[index].name, built[index].schema) }
            keySchema = try key.build()
        }
        envelopeSchema = try DebeziumSchemas.envelope(name: "\(topic).Envelope", row: rowSchema)
    }
}

/// Debezium's topic naming: characters outside `[A-Za-z0-9._-]` become `_`.
public enum TopicNames {
    /// The topic name with invalid characters replaced.
    public static func sanitize(_ name: String) -> String {
        String(name.map { c -> Character in
            c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_" || c == "-") ? c : "_"
        })
    }
}
