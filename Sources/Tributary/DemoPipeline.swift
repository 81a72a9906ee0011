import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle

/// The pipeline `tributary standalone` runs without a worker file: a generated JSON application log tailed by
/// FileTailSource into the topic `demo-logs`, written back out by FileSink and into a SQLite table by SQLiteSink,
/// all under one data directory; with `--demo-postgres`, also a PostgreSQL `inventory` schema streamed by
/// PostgresSource into `demo.inventory.*` topics (Debezium events) and upserted by SQLiteSink into inventory.db.
struct DemoPipeline {
    /// Where the demo's PostgreSQL listens.
    struct PostgresServer {
        var host: String
        var port: Int

        init(_ text: String) throws {
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), port > 0
            else { throw ValidationError("--demo-postgres needs host:port, got '\(text)'") }
            host = String(text[..<colon])
            self.port = port
        }
    }

    let directory: String
    let postgres: PostgresServer?
    var inventory: String { (directory as NSString).appendingPathComponent("demo/inventory.db") }
    var input: String { (directory as NSString).appendingPathComponent("demo/app.log") }
    var output: String { (directory as NSString).appendingPathComponent("demo/out.log") }
    var database: String { (directory as NSString).appendingPathComponent("demo/demo.db") }

    init(directory: String, postgres: PostgresServer? = nil) throws {
        self.directory = directory
        self.postgres = postgres
        let demo = (directory as NSString).appendingPathComponent("demo")
        try FileManager.default.createDirectory(atPath: demo, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: input) {
            FileManager.default.createFile(atPath: input, contents: nil)
        }
    }

    var workerProperties: [String: String] {
        [
            "listeners": "http://127.0.0.1:8083",
            "broker.listeners": "PLAINTEXT://127.0.0.1:9092",
            "broker.log.dirs": (directory as NSString).appendingPathComponent("broker"),
            "broker.group.initial.rebalance.delay.ms": "0",
            "key.converter": "org.apache.kafka.connect.storage.StringConverter",
            "value.converter": "org.apache.kafka.connect.storage.StringConverter",
            "offset.flush.interval.ms": "5000",
        ]
    }

    var connectors: [[String: String]] { fileConnectors + postgresConnectors }

    /// The Postgres → topics → SQLite part: Debezium change events with JsonConverter schemas, upserted (and
    /// deleted) exactly once into tables named after the topics (`demo_inventory_customers`…).
    private var postgresConnectors: [[String: String]] {
        guard let postgres else { return [] }
        let json = [
            "key.converter": "org.apache.kafka.connect.json.JsonConverter",
            "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        ]
        return [
            [
                "name": "demo-postgres-source", "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
                "database.hostname": postgres.host, "database.port": String(postgres.port), "database.user": "postgres",
                "database.dbname": "demo", "database.sslmode": "disable", "topic.prefix": "demo",
                "table.include.list": "inventory\\..*", "slot.name": "tributary_demo",
                "publication.autocreate.mode": "filtered",
            ].merging(json) { $1 },
            [
                "name": "demo-inventory-sink", "connector.class": "SQLiteSink", "topics.regex": "demo\\.inventory\\..*",
                "connection.url": "jdbc:sqlite:\(inventory)", "auto.create": "true", "auto.evolve": "true",
                "insert.mode": "upsert", "pk.mode": "record_key", "delete.enabled": "true",
            ].merging(json) { $1 },
        ]
    }

    private var fileConnectors: [[String: String]] {
        [
            [
                "name": "demo-file-source", "connector.class": "FileTailSource", "files": input,
                "topic": "demo-logs",
            ],
            ["name": "demo-file-sink", "connector.class": "FileSink", "topics": "demo-logs", "file": output],
            [
                // The lines are JSON: parsed schemaless into columns by key, one row per record, exactly once.
                "name": "demo-sqlite-sink", "connector.class": "SQLiteSink", "topics": "demo-logs",
                "connection.url": "jdbc:sqlite:\(database)", "table.name.format": "requests",
                "auto.create": "true", "auto.evolve": "true", "insert.mode": "insert", "pk.mode": "kafka",
                "value.converter": "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable": "false",
            ],
        ]
    }

    func generator(logger: Logger) -> DemoLogGenerator {
        DemoLogGenerator(path: input, logger: logger)
    }

    func printWelcome(rest: String) {
        let query = "SELECT path, count(*), round(avg(latency_ms)) FROM requests GROUP BY path"
        print(
            """

            Tributary demo: a generated JSON log (\(input)) is tailed into the topic demo-logs, written to
            \(output) by FileSink and into the table `requests` of \(database) by SQLiteSink.
              watch the sinks:    tail -f \(output)
                                  sqlite3 \(database) '\(query)'
              connectors:         curl -s http://\(rest)/connectors?expand=status
              read the topic:     kcat -C -b 127.0.0.1:9092 -t demo-logs -e   (or: tributary consume demo-logs --from-beginning)
              pause the source:   curl -s -X PUT http://\(rest)/connectors/demo-file-source/pause
              metrics:            curl -s http://\(rest)/metrics
            """)
        if let postgres {
            let psql = "psql -h \(postgres.host) -p \(postgres.port) -U postgres demo"
            print(
                """
                PostgreSQL \(postgres.host):\(postgres.port), schema inventory: every change is a Debezium event in the topics
                demo.inventory.customers and demo.inventory.orders, and lands in \(inventory) exactly once.
                  change a row:       \(psql) -c "UPDATE inventory.customers SET email = 'new@example.com' WHERE id = 1"
                  see it in SQLite:   sqlite3 \(inventory) 'SELECT * FROM demo_inventory_customers'
                  read the events:    kcat -C -b 127.0.0.1:9092 -t demo.inventory.customers -e
                  snapshot / lag:     curl -s http://\(rest)/connectors/demo-postgres-source/status
                """)
        }
        print("Ctrl-C stops it gracefully (offsets committed, broker flushed).\n")
    }
}

/// Appends a made-up JSON access-log line to the demo input every 250 ms until shutdown.
struct DemoLogGenerator: Service {
    let path: String
    let logger: Logger

    func run() async throws {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            logger.error("Cannot open the demo log for writing", metadata: ["path": "\(path)"])
            return
        }
        defer { try? handle.close() }
        _ = try handle.seekToEnd()
        let paths = ["/api/items", "/api/orders", "/health", "/api/users/42", "/login"]
        var sequence = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            sequence += 1
            let time = ISO8601DateFormatter().string(from: Date())
            let status = sequence % 17 == 0 ? 500 : 200
            let line = "{\"ts\":\"\(time)\",\"level\":\"INFO\",\"seq\":\(sequence),"
                + "\"path\":\"\(paths[sequence % paths.count])\",\"status\":\(status),"
                + "\"latency_ms\":\(5 + (sequence * 37) % 120)}\n"
            try handle.write(contentsOf: Data(line.utf8))
            try? await Task.sleep(for: .milliseconds(250))
        }
    }
}
