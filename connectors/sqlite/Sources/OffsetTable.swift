import ConnectAPI

/// The `tributary_sink_offsets` table: per connector, topic and partition, the offset of the next record to
/// write. It is updated in the same transaction as the rows, which is what makes the sink exactly once.
struct OffsetTable {
    /// The table name.
    static let name = "tributary_sink_offsets"

    static let createSQL = """
        CREATE TABLE IF NOT EXISTS \(name) (
            "connector" TEXT NOT NULL,
            "topic" TEXT NOT NULL,
            "partition" INTEGER NOT NULL,
            "next_offset" INTEGER NOT NULL,
            "updated_at" TEXT NOT NULL,
            PRIMARY KEY ("connector", "topic", "partition")
        )
        """

    private let connector: String
    private let store: SQLiteStatement
    private let load: SQLiteStatement

    /// Creates the table if needed and compiles its statements.
    /// - Throws: ``SQLiteError``.
    init(db: SQLiteConnection, connector: String) throws(SQLiteError) {
        self.connector = connector
        try db.execute(Self.createSQL)
        store = try db.prepare(
            "INSERT INTO \(Self.name) (\"connector\", \"topic\", \"partition\", \"next_offset\", \"updated_at\") "
                + "VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) "
                + "ON CONFLICT (\"connector\", \"topic\", \"partition\") DO UPDATE SET "
                + "\"next_offset\" = excluded.\"next_offset\", \"updated_at\" = excluded.\"updated_at\"")
        load = try db.prepare(
            "SELECT \"next_offset\" FROM \(Self.name) WHERE \"connector\" = ? AND \"topic\" = ? AND \"partition\" = ?")
    }

    /// Writes the next offsets of some partitions (inside the caller's transaction).
    /// - Throws: ``SQLiteError``.
    func store(_ offsets: [TopicPartitionRef: Int64]) throws(SQLiteError) {
        for (partition, next) in offsets {
            try store.run([.text(connector), .text(partition.topic), .integer(Int64(partition.partition)), .integer(next)])
        }
    }

    /// The stored next offsets of these partitions (those without a row are absent).
    /// - Throws: ``SQLiteError``.
    func load(_ partitions: Set<TopicPartitionRef>) throws(SQLiteError) -> [TopicPartitionRef: Int64] {
        var found: [TopicPartitionRef: Int64] = [:]
        for partition in partitions {
            try load.bind([.text(connector), .text(partition.topic), .integer(Int64(partition.partition))])
            if try load.step(), case .integer(let next) = load.column(0) {
                found[partition] = next
            }
            load.reset()
        }
        return found
    }
}
