/// The identity of a cached statement: the table, the kind of statement and the exact columns it binds.
struct ShapeKey: Hashable {
    enum Kind: Hashable { case insert, upsert, update, delete }
    var table: String
    var kind: Kind
    var keys: [String]
    var values: [String]
}

/// A compiled statement for one shape plus the affinity of each bound column, in binding order (a class: every
/// row written looks it up, and sharing it costs one reference count).
final class PreparedShape {
    let key: ShapeKey
    let statement: SQLiteStatement
    let affinities: [SQLAffinity]
    /// The names in binding order, for error messages.
    let names: [String]
    /// The table written.
    var table: String { key.table }

    init(key: ShapeKey, statement: SQLiteStatement, affinities: [SQLAffinity], names: [String]) {
        self.key = key
        self.statement = statement
        self.affinities = affinities
        self.names = names
    }
}

/// Prepared statements per table and column shape, so a stream of same-shaped records compiles its SQL once.
struct StatementCache {
    private var shapes: [ShapeKey: PreparedShape] = [:]
    private let limit: Int

    init(limit: Int = 256) { self.limit = limit }

    /// The cached statement for a shape.
    func shape(_ key: ShapeKey) -> PreparedShape? { shapes[key] }

    /// Caches a statement, dropping everything when the cache is full (shapes rarely vary that much).
    mutating func store(_ shape: PreparedShape, for key: ShapeKey) {
        if shapes.count >= limit { shapes.removeAll() }
        shapes[key] = shape
    }

    /// Drops every statement.
    mutating func reset() { shapes.removeAll() }
}
