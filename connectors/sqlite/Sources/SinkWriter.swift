import ConnectAPI
import Logging

/// Applies row changes to the database inside the task's transactions: creates and evolves tables when allowed,
/// compiles one statement per table and column shape, checks values against column affinities, and tells
/// record problems from database problems.
final class SinkWriter {
    let db: SQLiteConnection
    let config: SQLiteSinkConfig
    private let logger: Logger
    private var catalog = TableCatalog()
    private var cache = StatementCache()
    /// The shape of the previous write: a stream of same-shaped records finds it without building a key.
    private var last: PreparedShape?
    private let beginStatement: SQLiteStatement
    private let commitStatement: SQLiteStatement
    private let rollbackStatement: SQLiteStatement

    /// A writer over an open connection.
    /// - Throws: ``SQLiteError`` when the transaction statements cannot be compiled.
    init(db: SQLiteConnection, config: SQLiteSinkConfig, logger: Logger) throws(SQLiteError) {
        self.db = db
        self.config = config
        self.logger = logger
        beginStatement = try db.prepare("BEGIN IMMEDIATE")
        commitStatement = try db.prepare("COMMIT")
        rollbackStatement = try db.prepare("ROLLBACK")
    }

    /// Starts a write transaction, taking the write lock at once (waiting up to the busy timeout).
    /// - Throws: ``SQLiteError`` (`SQLITE_BUSY` when another connection keeps the lock).
    func begin() throws(SQLiteError) {
        try beginStatement.execute()
    }

    /// Commits the transaction.
    /// - Throws: ``SQLiteError``; the caller rolls back.
    func commit() throws(SQLiteError) {
        try commitStatement.execute()
    }

    /// Rolls back the open transaction, if any, and forgets cached table definitions it may have changed.
    func rollback() {
        if db.inTransaction {
            do {
                try rollbackStatement.execute()
            } catch {
                logger.warning("SQLite rollback failed", metadata: ["error": "\(error)"])
            }
        }
        catalog.reset()
        cache.reset()
        last = nil
    }

    /// Applies one change in the open transaction.
    /// - Throws: ``SinkWriteFailure``.
    func apply(_ change: RowChange) throws(SinkWriteFailure) {
        switch change {
        case .skip:
            return
        case .write(let table, let keys, let values):
            try write(table: table, keys: keys, values: values)
        case .delete(let table, let keys):
            try delete(table: table, keys: keys)
        }
    }

    private func write(table: String, keys: [Column], values: [Column]) throws(SinkWriteFailure) {
        var values = values
        let kind: ShapeKey.Kind
        switch config.insertMode {
        case .insert: kind = .insert
        case .upsert: kind = .upsert
        case .update: kind = .update
        }
        if values.contains(where: { $0.mapped.type == nil }) {
            // A schemaless null for a column the table lacks: leaving it out writes the same NULL.
            let existing = try database { () throws(SQLiteError) in try catalog.columns(of: table, in: db) }
            values.removeAll { $0.mapped.type == nil && existing?[$0.name.lowercased()] == nil }
        }
        if kind == .update && values.isEmpty { return }
        if keys.isEmpty && values.isEmpty { throw .record("the record has no columns to write to \(table)") }
        let shape: PreparedShape
        if let last, Self.same(last.key, table: table, kind: kind, keys: keys, values: values) {
            shape = last
        } else {
            let key = ShapeKey(table: table, kind: kind, keys: keys.map(\.name), values: values.map(\.name))
            if let cached = cache.shape(key) {
                shape = cached
            } else {
                shape = try prepare(key, keys: keys, values: values)
            }
            last = shape
        }
        shape.statement.reset()
        var index: Int32 = 1
        if kind == .update {
            try bind(values, to: shape, from: &index)
            try bind(keys, to: shape, from: &index)
        } else {
            try bind(keys, to: shape, from: &index)
            try bind(values, to: shape, from: &index)
        }
        try run(shape, table: table)
    }

    private func delete(table: String, keys: [Column]) throws(SinkWriteFailure) {
        let key = ShapeKey(table: table, kind: .delete, keys: keys.map(\.name), values: [])
        var cached = cache.shape(key)
        if cached == nil {
            let existing = try database { () throws(SQLiteError) in try catalog.columns(of: table, in: db) }
            guard existing != nil else { return }  // Nothing to delete in a table that does not exist.
            cached = try prepare(key, keys: keys, values: [])
        }
        guard let shape = cached else { return }
        shape.statement.reset()
        var index: Int32 = 1
        try bind(keys, to: shape, from: &index)
        try run(shape, table: table)
    }

    private func bind(_ columns: [Column], to shape: PreparedShape, from index: inout Int32) throws(SinkWriteFailure) {
        for column in columns {
            let position = Int(index) - 1
            if position < shape.affinities.count, !shape.affinities[position].accepts(column.mapped.value) {
                throw .record(
                    "column \(column.name) of table \(shape.table) does not take \(column.mapped.value.kindName) values "
                        + "(\(Self.preview(column.mapped.value))); auto.evolve never changes column types")
            }
            do {
                try shape.statement.bind(column.mapped.value, at: index)
            } catch {
                throw classify(error, table: shape.table)
            }
            index += 1
        }
    }

    private func run(_ shape: PreparedShape, table: String) throws(SinkWriteFailure) {
        do {
            try shape.statement.execute()
        } catch {
            throw classify(error, table: table)
        }
    }

    /// Compiles the statement of a shape, first creating the table or adding columns when allowed.
    private func prepare(_ key: ShapeKey, keys: [Column], values: [Column]) throws(SinkWriteFailure) -> PreparedShape {
        let table = key.table
        var existing = try database { () throws(SQLiteError) in try catalog.columns(of: table, in: db) }
        if existing == nil {
            guard config.autoCreate else { throw .record("table \(table) does not exist and auto.create is disabled") }
            let sql = SQLText.createTable(table: table, keys: keys, values: values)
            try database { () throws(SQLiteError) in try db.execute(sql) }
            logger.info("Created SQLite table", metadata: ["table": "\(table)", "sql": "\(sql)"])
            catalog.forget(table)
            existing = try database { () throws(SQLiteError) in try catalog.columns(of: table, in: db) }
        }
        guard var columns = existing else { throw .record("table \(table) could not be created") }
        for column in keys where columns[column.name.lowercased()] == nil {
            throw .record("table \(table) has no primary-key column \(column.name); auto.evolve never adds key columns")
        }
        var added = false
        for column in values where columns[column.name.lowercased()] == nil {
            guard config.autoEvolve else {
                throw .record("table \(table) has no column \(column.name) and auto.evolve is disabled")
            }
            let sql = SQLText.addColumn(table: table, column: column)
            try database { () throws(SQLiteError) in try db.execute(sql) }
            logger.info("Added SQLite column", metadata: ["table": "\(table)", "sql": "\(sql)"])
            added = true
        }
        if added {
            catalog.forget(table)
            columns = try database { () throws(SQLiteError) in try catalog.columns(of: table, in: db) } ?? columns
        }
        let sql: String
        let order: [String]
        switch key.kind {
        case .insert:
            order = key.keys + key.values
            sql = SQLText.insert(table: table, columns: order)
        case .upsert:
            order = key.keys + key.values
            sql = SQLText.upsert(table: table, keys: key.keys, values: key.values)
        case .update:
            order = key.values + key.keys
            sql = SQLText.update(table: table, keys: key.keys, values: key.values)
        case .delete:
            order = key.keys
            sql = SQLText.delete(table: table, keys: key.keys)
        }
        let statement: SQLiteStatement
        do {
            statement = try db.prepare(sql)
        } catch {
            if error.primaryCode == 1 { throw .record("cannot write to table \(table): \(error.message) [\(sql)]") }
            throw .database(error)
        }
        let shape = PreparedShape(
            key: key, statement: statement, affinities: order.map { columns[$0.lowercased()] ?? .blob }, names: order)
        cache.store(shape, for: key)
        return shape
    }

    /// Whether a write has exactly the columns of a shape, compared without allocating.
    private static func same(_ key: ShapeKey, table: String, kind: ShapeKey.Kind, keys: [Column], values: [Column]) -> Bool {
        guard key.kind == kind, key.keys.count == keys.count, key.values.count == values.count, key.table == table else {
            return false
        }
        for (name, column) in zip(key.keys, keys) where name != column.name { return false }
        for (name, column) in zip(key.values, values) where name != column.name { return false }
        return true
    }

    private func classify(_ error: SQLiteError, table: String) -> SinkWriteFailure {
        if error.isRowError { return .record("writing to table \(table) failed: \(error.message)") }
        return .database(error)
    }

    private func database<T>(_ body: () throws(SQLiteError) -> T) throws(SinkWriteFailure) -> T {
        do {
            return try body()
        } catch {
            throw .database(error)
        }
    }

    private static func preview(_ value: SQLValue) -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .text(let v): return "'" + (v.count > 40 ? String(v.prefix(40)) + "…" : v) + "'"
        case .blob(let v): return "\(v.count) bytes"
        }
    }
}
