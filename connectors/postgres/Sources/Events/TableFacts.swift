/// Catalog facts about one table that pgoutput does not carry: primary key, NOT NULL, defaults, generated
/// columns and the types of its columns.
public struct TableFacts: Hashable, Sendable {
    /// The table's OID.
    public var oid: UInt32
    /// Primary-key column names in key order (empty when there is none).
    public var primaryKey: [String]
    /// Columns declared NOT NULL.
    public var notNull: Set<String>
    /// Column default expressions (`pg_get_expr`), by column.
    public var defaults: [String: String]
    /// Stored generated columns, which pgoutput never sends on PostgreSQL 15.
    public var generated: Set<String>
    /// All non-dropped columns in attnum order (name, type OID, typmod).
    public var columns: [(name: String, typeOID: UInt32, typeModifier: Int32)]
    /// Catalog facts of the non-built-in types used by the columns.
    public var types: [UInt32: PgTypeInfo]
    /// `relreplident`.
    public var replicaIdentity: Character

    /// Creates table facts.
    public init(oid: UInt32, primaryKey: [String], notNull: Set<String>, defaults: [String: String], generated: Set<String>,
                columns: [(name: String, typeOID: UInt32, typeModifier: Int32)], types: [UInt32: PgTypeInfo],
                replicaIdentity: Character) {
        self.oid = oid
        self.primaryKey = primaryKey
        self.notNull = notNull
        self.defaults = defaults
        self.generated = generated
        self.columns = columns
        self.types = types
        self.replicaIdentity = replicaIdentity
    }

    /// Compares every stored fact.
    public static func == (lhs: TableFacts, rhs: TableFacts) -> Bool {
        lhs.oid == rhs.oid && lhs.primaryKey == rhs.primaryKey && lhs.notNull == rhs.notNull && lhs.defaults == rhs.defaults
            && lhs.generated == rhs.generated && lhs.types == rhs.types && lhs.replicaIdentity == rhs.replicaIdentity
            && lhs.columns.map(\.name) == rhs.columns.map(\.name) && lhs.columns.map(\.typeOID) == rhs.columns.map(\.typeOID)
            && lhs.columns.map(\.typeModifier) == rhs.columns.map(\.typeModifier)
    }

    /// Hashes the OID and column names.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(oid)
        hasher.combine(columns.map(\.name))
    }

    /// Whether these facts know every column of a Relation message, with the same type. A catalog read can
    /// miss a column the Relation carries: the walsender may decode an ALTER's commit before the altering
    /// backend has left the proc array, so a new snapshot on another connection still sees the old table.
    public func describes(_ relationColumns: [PgColumn]) -> Bool {
        relationColumns.allSatisfy { column in
            columns.contains { $0.name == column.name && $0.typeOID == column.typeOID }
        }
    }

    /// The published columns as pgoutput would describe them (generated columns left out).
    public var publishedColumns: [PgColumn] {
        columns.filter { !generated.contains($0.name) }.map {
            PgColumn(isKey: primaryKey.contains($0.name), name: $0.name, typeOID: $0.typeOID, typeModifier: $0.typeModifier)
        }
    }
}
