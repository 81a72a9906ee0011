/// Catalog queries on a normal (non-replication) connection: table facts, the tables to capture, slots,
/// publications and the server settings validation needs.
struct Catalog {
    let connection: PGConnection

    /// Facts about the table with this OID, or `nil` when it no longer exists.
    func facts(oid: UInt32) throws(PostgresError) -> (TableID, TableFacts)? {
        let relation = try connection.execute(
            "SELECT n.nspname, c.relname, c.relreplident FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1",
            parameters: [String(oid)])
        guard let schema = relation.value(0, "nspname"), let table = relation.value(0, "relname") else { return nil }
        let identity = relation.value(0, "relreplident")?.first ?? "d"
        let columns = try connection.execute("""
            SELECT a.attname, a.atttypid, a.atttypmod, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS def, a.attgenerated
            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """, parameters: [String(oid)])
        let key = try connection.execute("""
            SELECT a.attname FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indrelid = $1 AND i.indisprimary ORDER BY k.ord
            """, parameters: [String(oid)])
        var list: [(name: String, typeOID: UInt32, typeModifier: Int32)] = []
        var notNull = Set<String>()
        var defaults: [String: String] = [:]
        var generated = Set<String>()
        for row in columns.rows {
            guard let name = row[0], let type = row[1].flatMap({ UInt32($0) }), let typmod = row[2].flatMap({ Int32($0) }) else { continue }
            list.append((name, type, typmod))
            if row[3] == "t" { notNull.insert(name) }
            if let expression = row[4], row[5] ?? "" == "" { defaults[name] = expression }
            if let flag = row[5], !flag.isEmpty { generated.insert(name) }
        }
        let types = try typeInfo(Set(list.map(\.typeOID)))
        let facts = TableFacts(oid: oid, primaryKey: key.rows.compactMap { $0[0] }, notNull: notNull, defaults: defaults,
                               generated: generated, columns: list, types: types, replicaIdentity: identity)
        return (TableID(schema: schema, table: table), facts)
    }

    /// Type facts for these OIDs and the element types of arrays among them.
    func typeInfo(_ oids: Set<UInt32>) throws(PostgresError) -> [UInt32: PgTypeInfo] {
        guard !oids.isEmpty else { return [:] }
        let list = "{" + oids.map(String.init).joined(separator: ",") + "}"
        let rows = try connection.execute("""
            SELECT t.oid, t.typtype, t.typelem, t.typbasetype,
                   (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) AS labels
            FROM pg_type t WHERE t.oid = ANY($1::oid[]) OR t.oid IN (SELECT typelem FROM pg_type WHERE oid = ANY($1::oid[]))
            """, parameters: [list])
        var result: [UInt32: PgTypeInfo] = [:]
        for row in rows.rows {
            guard let oid = row[0].flatMap({ UInt32($0) }), let kind = row[1]?.first else { continue }
            result[oid] = PgTypeInfo(typeType: kind, elementOID: row[2].flatMap { UInt32($0) } ?? 0,
                                     baseOID: row[3].flatMap { UInt32($0) } ?? 0,
                                     enumLabels: row[4].map { $0.split(separator: ",").map(String.init) } ?? [])
        }
        return result
    }

    /// Persistent tables and partitioned roots the filter captures, in name order, with an estimated row count.
    func capturedTables(_ filter: CaptureFilter) throws(PostgresError) -> [(id: TableID, oid: UInt32, estimatedRows: Int64)] {
        let rows = try connection.execute("""
            SELECT c.oid, n.nspname, c.relname, c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relpersistence = 'p'
            AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
            ORDER BY n.nspname, c.relname
            """)
        return rows.rows.compactMap { row in
            guard let oid = row[0].flatMap({ UInt32($0) }), let schema = row[1], let table = row[2] else { return nil }
            let id = TableID(schema: schema, table: table)
            return filter.includes(id) ? (id, oid, max(0, row[3].flatMap { Int64($0) } ?? 0)) : nil
        }
    }

    /// The state of a replication slot, or `nil` when it does not exist.
    func slot(_ name: String) throws(PostgresError) -> (confirmedFlush: LSN?, walStatus: String?, database: String?, plugin: String?)? {
        let rows = try connection.execute(
            "SELECT confirmed_flush_lsn::text, wal_status, database, plugin FROM pg_replication_slots WHERE slot_name = $1",
            parameters: [name])
        guard !rows.rows.isEmpty else { return nil }
        return (rows.value(0, "confirmed_flush_lsn").flatMap { LSN($0) }, rows.value(0, "wal_status"),
                rows.value(0, "database"), rows.value(0, "plugin"))
    }

    /// Bytes of WAL the slot retains (`pg_current_wal_lsn() - restart_lsn`).
    func slotRetainedBytes(_ name: String) throws(PostgresError) -> Int64? {
        let rows = try connection.execute(
            "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint FROM pg_replication_slots WHERE slot_name = $1",
            parameters: [name])
        return rows.rows.first?.first.flatMap { $0.flatMap { Int64($0) } }
    }

    /// Whether the publication exists.
    func publicationExists(_ name: String) throws(PostgresError) -> Bool {
        try !connection.execute("SELECT 1 FROM pg_publication WHERE pubname = $1", parameters: [name]).rows.isEmpty
    }

    /// Creates (or, in `filtered` mode, re-targets) the publication as `publication.autocreate.mode` says.
    /// - Throws: ``PostgresError`` from the server, or a `server` error when `disabled` and it is missing.
    func ensurePublication(_ config: PostgresSourceConfig) throws(PostgresError) {
        let exists = try publicationExists(config.publicationName)
        let name = SQLText.identifier(config.publicationName)
        switch config.publicationMode {
        case .disabled:
            guard exists else {
                throw PostgresError(.server, "publication \"\(config.publicationName)\" does not exist and publication.autocreate.mode is disabled; create it (CREATE PUBLICATION \(name) FOR TABLE …) or change the mode")
            }
        case .allTables:
            if !exists { try connection.execute("CREATE PUBLICATION \(name) FOR ALL TABLES") }
        case .noTables:
            if !exists { try connection.execute("CREATE PUBLICATION \(name)") }
        case .filtered:
            let tables = try capturedTables(config.filters).map(\.id.quoted).joined(separator: ", ")
            if !exists {
                try connection.execute(tables.isEmpty ? "CREATE PUBLICATION \(name)" : "CREATE PUBLICATION \(name) FOR TABLE \(tables)")
            } else if !tables.isEmpty {
                try connection.execute("ALTER PUBLICATION \(name) SET TABLE \(tables)")
            }
        }
    }
}
