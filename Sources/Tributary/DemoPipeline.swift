import Foundation
import Logging
import ServiceLifecycle

/// The pipeline `tributary standalone` runs without a worker file: a generated JSON application log tailed by
/// FileTailSource into the topic `demo-logs`, written back out by FileSink and into a SQLite table by SQLiteSink,
/// all under one data directory.
struct DemoPipeline {
    let directory: String
    var input: String { (directory as NSString).appendingPathComponent("demo/app.log") }
    var output: String { (directory as NSString).appendingPathComponent("demo/out.log") }
    var database: String { (directory as NSString).appendingPathComponent("demo/demo.db") }

    init(directory: String) throws {
        self.directory = directory
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

    var connectors: [[String: String]] {
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
            Ctrl-C stops it gracefully (offsets committed, broker flushed).

            """)
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
