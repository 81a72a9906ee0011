import ArgumentParser
import CSQLite
import ConnectAPI
import ConnectConverters
import Foundation
import KafkaClient
import Logging
import NIOCore
import SQLiteConnector

/// `tributary bench sqlite`: rows/s from a topic into SQLite through the real runtime (a `tributary standalone`
/// child running SQLiteSink in upsert mode on JSON with schemas), next to a direct SQLite C-API loop writing the
/// same rows with the same statement shape, transaction size and PRAGMAs, in the same run.
struct BenchSQLiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sqlite",
        abstract: "Topic → SQLiteSink rows/s (upsert, JSON with schemas) vs a direct SQLite C-API insert loop.",
        discussion: "Also prints SQLiteSinkTask.put alone on records converted beforehand, to tell the connector's "
            + "cost from the runtime's (fetch, conversion)."
    )

    @Option(help: "Records in the topic (one row each).")
    var records = 1_000_000

    @Option(help: "Rows per transaction, for the sink (batch.size) and the direct loop alike.")
    var batchSize = 3000

    @Option(help: "Where to put the data (a fresh temporary directory by default).")
    var directory: String?

    @Option(help: "Interleaved rounds of (direct loop, pipeline); the ratio reported is the median round's.")
    var rounds = 3

    func run() async throws {
        let root = directory ?? NSTemporaryDirectory() + "tributary-bench-sqlite-\(getpid())"
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: root) } }

        let taskSeconds = try await BenchSQLiteTaskOnly.run(path: root + "/task.db", rows: records, batchSize: batchSize)

        // The topic, produced once; each round's sink reads all of it into a fresh database.
        let worker = try BenchWorker(root: root)
        _ = try await worker.start()
        let topic = "bench-sqlite"
        let produceStarted = ContinuousClock.now
        try await BenchSQLiteData.produce(topic: topic, count: records, brokerPort: worker.brokerPort)
        try await worker.waitForEndOffset(topic: topic, count: Int64(records), timeout: .seconds(600))
        let produceSeconds = (ContinuousClock.now - produceStarted).seconds
        print("== tributary bench sqlite (\(records) records, upsert, JSON with schemas, batch.size \(batchSize), \(rounds) rounds)")
        print(String(format: "produced the topic in %.1f s", produceSeconds))
        fflush(nil)

        var ratios: [Double] = []
        for round in 1...max(1, rounds) {
            // The bound: the same rows through one prepared upsert, a transaction per batch, the sink's PRAGMAs.
            let directSeconds = try BenchSQLiteDirect.run(path: root + "/direct-\(round).db", rows: records, batchSize: batchSize)
            // The pipeline: SQLiteSink draining the topic into a fresh database (a new connector, a new group).
            let name = "bench-sqlite-sink-\(round)"
            let sinkPath = root + "/sink-\(round).db"
            let started = ContinuousClock.now
            try await worker.create(name, [
                "connector.class": "SQLiteSink", "topics": topic, "connection.url": "jdbc:sqlite:" + sinkPath,
                "insert.mode": "upsert", "pk.mode": "record_key", "auto.create": "true", "batch.size": "\(batchSize)",
                "key.converter": "org.apache.kafka.connect.json.JsonConverter", "key.converter.schemas.enable": "true",
                "value.converter": "org.apache.kafka.connect.json.JsonConverter", "value.converter.schemas.enable": "true",
                // As recommended for the JDBC sink: let one poll fill one transaction.
                "consumer.override.max.poll.records": "\(batchSize)",
            ])
            try await BenchSQLiteDirect.waitForOffset(path: sinkPath, count: Int64(records), timeout: .seconds(1800))
            let pipelineSeconds = (ContinuousClock.now - started).seconds
            try await worker.delete(name)
            let rowsInSink = try BenchSQLiteDirect.count(path: sinkPath, table: topic.replacingOccurrences(of: "-", with: "_"))
            guard rowsInSink == records else { throw CommandFailure("the sink table has \(rowsInSink) rows, not \(records)") }
            try? FileManager.default.removeItem(atPath: root + "/direct-\(round).db")

            let pipelineRate = Double(records) / pipelineSeconds
            let directRate = Double(records) / directSeconds
            ratios.append(pipelineRate / directRate)
            print(String(format: "round %d: topic -> SQLiteSink -> SQLite %.0f rows/s (%.1f s, connector start included); "
                + "direct SQLite C-API upsert loop %.0f rows/s (%.1f s); ratio %.3f",
                round, pipelineRate, pipelineSeconds, directRate, directSeconds, pipelineRate / directRate))
            fflush(nil)
        }
        try await worker.stop()
        let taskRate = Double(records) / taskSeconds
        print(String(format: "SQLiteSinkTask.put alone on converted records: %.0f rows/s (%.1f s)", taskRate, taskSeconds))
        let median = ratios.sorted()[ratios.count / 2]
        print(String(format: "median ratio %.3f (goal >= 0.5: %@)", median, median >= 0.5 ? "met" : "NOT met"))
    }
}

/// The benchmark's rows: `id` (the key), `name`, `amount`, `seq`, `note`, as JSON with schemas.
enum BenchSQLiteData {
    static let keySchema = #"{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"}],"optional":false,"name":"BenchKey"}"#
    static let valueSchema = #"{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"},"#
        + #"{"type":"string","optional":false,"field":"name"},{"type":"double","optional":false,"field":"amount"},"#
        + #"{"type":"int64","optional":false,"field":"seq"},{"type":"string","optional":true,"field":"note"}],"#
        + #""optional":false,"name":"BenchRow"}"#

    static func name(_ n: Int) -> String { "customer-\(n)" }
    static func amount(_ n: Int) -> Double { Double(n % 100_000) / 100 }
    static func note(_ n: Int) -> String { "order note number \(n) for the benchmark" }

    static func key(_ n: Int) -> String { #"{"schema":\#(keySchema),"payload":{"id":\#(n)}}"# }

    static func value(_ n: Int) -> String {
        #"{"schema":\#(valueSchema),"payload":{"id":\#(n),"name":"\#(name(n))","amount":\#(amount(n)),"seq":\#(n),"note":"\#(note(n))"}}"#
    }

    /// Produces `count` records to partition 0 of `topic`, acks=all.
    static func produce(topic: String, count: Int, brokerPort: Int) async throws {
        var configuration = KafkaProducerConfiguration()
        configuration.client.bootstrapServers = [KafkaClient.BrokerAddress(host: "127.0.0.1", port: brokerPort)]
        configuration.batchSize = 512 * 1024
        configuration.lingerMs = 20
        let producer = KafkaProducer(
            configuration: configuration, logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        var n = 0
        while n < count {
            let end = min(n + 10_000, count)
            let chunk = (n..<end).map {
                ProducerRecord(
                    topic: topic, partition: 0, key: ByteBuffer(string: key($0)), value: ByteBuffer(string: value($0)))
            }
            let deliveries = try await producer.enqueue(chunk)
            if let last = deliveries.last { _ = try await last.metadata() }
            n = end
        }
        await producer.close()
    }
}

/// The bound, and small SQLite look-ups for the pipeline's progress.
enum BenchSQLiteDirect {
    /// Writes the rows with one prepared upsert and a transaction per `batchSize` rows; returns the seconds taken.
    static func run(path: String, rows: Int, batchSize: Int) throws -> Double {
        let db = try open(path)
        defer { sqlite3_close_v2(db) }
        try exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        try exec(db, """
            CREATE TABLE IF NOT EXISTS "bench_sqlite" ("id" INTEGER NOT NULL, "name" TEXT, "amount" REAL, "seq" INTEGER,
            "note" TEXT, PRIMARY KEY ("id"))
            """)
        let sql = """
            INSERT INTO "bench_sqlite" ("id", "name", "amount", "seq", "note") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("id") \
            DO UPDATE SET "name" = excluded."name", "amount" = excluded."amount", "seq" = excluded."seq", \
            "note" = excluded."note"
            """
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw CommandFailure("prepare failed: \(String(cString: sqlite3_errmsg(db)))")
        }
        defer { sqlite3_finalize(statement) }
        let started = ContinuousClock.now
        var n = 0
        while n < rows {
            try exec(db, "BEGIN IMMEDIATE")
            let end = min(n + batchSize, rows)
            for row in n..<end {
                sqlite3_reset(statement)
                sqlite3_bind_int64(statement, 1, Int64(row))
                bindText(statement, 2, BenchSQLiteData.name(row))
                sqlite3_bind_double(statement, 3, BenchSQLiteData.amount(row))
                sqlite3_bind_int64(statement, 4, Int64(row))
                bindText(statement, 5, BenchSQLiteData.note(row))
                guard sqlite3_step(statement) == SQLITE_DONE else {
                    throw CommandFailure("insert failed: \(String(cString: sqlite3_errmsg(db)))")
                }
            }
            try exec(db, "COMMIT")
            n = end
        }
        return (ContinuousClock.now - started).seconds
    }

    /// Waits until the sink's stored offset for partition 0 reaches `count`.
    static func waitForOffset(path: String, count: Int64, timeout: Duration) async throws {
        let started = ContinuousClock.now
        while ContinuousClock.now - started < timeout {
            if FileManager.default.fileExists(atPath: path),
                let offset = try? scalar(path: path, sql: "SELECT max(next_offset) FROM tributary_sink_offsets"),
                offset >= count
            {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CommandFailure("the sink did not write \(count) records within \(timeout)")
    }

    /// The number of rows of a table.
    static func count(path: String, table: String) throws -> Int {
        Int(try scalar(path: path, sql: "SELECT count(*) FROM \"\(table)\"") ?? 0)
    }

    private static func scalar(path: String, sql: String) throws -> Int64? {
        let db = try open(path)
        defer { sqlite3_close_v2(db) }
        sqlite3_busy_timeout(db, 1000)
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else { return nil }
        defer { sqlite3_finalize(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW, sqlite3_column_type(statement, 0) != SQLITE_NULL else { return nil }
        return sqlite3_column_int64(statement, 0)
    }

    private static func open(_ path: String) throws -> OpaquePointer {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK, let db else {
            throw CommandFailure("cannot open \(path)")
        }
        return db
    }

    private static func exec(_ db: OpaquePointer, _ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw CommandFailure("\(sql): \(String(cString: sqlite3_errmsg(db)))")
        }
    }

    private static func bindText(_ statement: OpaquePointer, _ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) {
                _ = tributary_sqlite3_bind_text_copy(statement, index, $0.baseAddress, Int32($0.count))
            }
        }
    }
}

/// The sink task alone: the same rows, already converted by JsonConverter (not timed), handed to
/// `SQLiteSinkTask.put` in batches of `batch.size`, to separate the connector's cost from the runtime's.
enum BenchSQLiteTaskOnly {
    /// A context that ignores every request.
    struct Context: SinkTaskContext {
        let configs: [String: String]
        var assignment: Set<TopicPartitionRef> { [] }
        func offset(_ offsets: [TopicPartitionRef: Int64]) {}
        func timeout(milliseconds: Int64) {}
        func pause(_ partitions: Set<TopicPartitionRef>) {}
        func resume(_ partitions: Set<TopicPartitionRef>) {}
        func requestCommit() {}
    }

    /// Seconds `put` takes for `rows` records.
    static func run(path: String, rows: Int, batchSize: Int) async throws -> Double {
        let converter = JsonConverter(settings: {
            var settings = JsonConverterConfig()
            settings.schemasEnabled = true
            return settings
        }())
        var records: [SinkRecord] = []
        records.reserveCapacity(rows)
        for n in 0..<rows {
            let key = try converter.deserialize(Array(BenchSQLiteData.key(n).utf8))
            let value = try converter.deserialize(Array(BenchSQLiteData.value(n).utf8))
            records.append(SinkRecord(
                topic: "bench-sqlite", kafkaPartition: 0, keySchema: key.schema, key: key.value,
                valueSchema: value.schema, value: value.value, kafkaOffset: Int64(n)))
        }
        let config = [
            "name": "bench-task", "connection.url": "jdbc:sqlite:" + path, "insert.mode": "upsert",
            "pk.mode": "record_key", "auto.create": "true", "batch.size": "\(batchSize)",
        ]
        let task = SQLiteSinkTask()
        try await task.start(config: config, context: Context(configs: config))
        let started = ContinuousClock.now
        var n = 0
        while n < rows {
            let end = min(n + batchSize, rows)
            try await task.put(Array(records[n..<end]))
            n = end
        }
        let seconds = (ContinuousClock.now - started).seconds
        try await task.stop()
        return seconds
    }
}
