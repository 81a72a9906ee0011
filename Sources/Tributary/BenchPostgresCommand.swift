import ArgumentParser
import Foundation
import KafkaClient
import Logging
import NIOCore

/// `tributary bench postgres`: change events/s from a throwaway PostgreSQL into topics, for a 1,000,000-row insert
/// and for a pgbench run, next to `pg_recvlogical` draining a pgoutput slot over the same WAL in the same run; then
/// commit-to-topic latency percentiles at a fixed transaction rate.
struct BenchPostgresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres",
        abstract: "Postgres source events/s vs pg_recvlogical on the same WAL; commit-to-topic latency p50/p99."
    )

    @Option(help: "Rows of the single-transaction insert.")
    var rows = 1_000_000

    @Option(help: "pgbench -i scale.")
    var scale = 10

    @Option(help: "Seconds of the pgbench -c 4 run.")
    var pgbenchSeconds = 30

    @Option(help: "Transactions per second of the latency run (pgbench -R).")
    var rate = 1000

    @Option(help: "Seconds of the latency run.")
    var latencySeconds = 20

    @Option(help: "PostgreSQL's bin directory (initdb, pg_ctl, psql, pgbench, pg_recvlogical).")
    var pgBin = "/usr/lib/postgresql/15/bin"

    @Option(help: "Where to put the data (a fresh temporary directory by default).")
    var directory: String?

    func run() async throws {
        let root = directory ?? NSTemporaryDirectory() + "tributary-bench-postgres-\(getpid())"
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: root) } }
        let server = try LocalPostgres(binDirectory: pgBin, directory: root + "/pg")
        defer { server.destroy() }
        try server.psql("CREATE DATABASE bench")
        let worker = try BenchWorker(root: root, properties: [
            "key.converter": "org.apache.kafka.connect.json.JsonConverter",
            "value.converter": "org.apache.kafka.connect.json.JsonConverter",
            "offset.flush.interval.ms": "1000",
        ])
        say("== tributary bench postgres (PostgreSQL \(try server.psql("SHOW server_version")), JsonConverter with schemas)")

        // 1. One transaction inserting `rows` rows.
        try server.psql("""
            CREATE TABLE public.bench_rows (id bigint PRIMARY KEY, name text NOT NULL, amount numeric(12,2), created timestamptz);
            CREATE PUBLICATION bench_insert FOR TABLE public.bench_rows
            """, database: "bench")
        let insert = try await drainBoth(server, worker, name: "insert", publication: "bench_insert",
                                         topics: ["bench.public.bench_rows"]) {
            try server.psql("INSERT INTO public.bench_rows SELECT g, 'name-' || g, g * 1.01, now() FROM generate_series(1, \(rows)) g",
                            database: "bench")
            return Int64(rows)
        }
        report("\(rows)-row insert (one transaction)", insert)

        // 2. pgbench's TPC-B-like load.
        try server.client("pgbench", server.connection("bench") + ["-i", "-q", "-s", String(scale)])
        try server.psql("CREATE PUBLICATION bench_pgbench FOR TABLE pgbench_accounts, pgbench_branches, pgbench_tellers, pgbench_history",
                        database: "bench")
        let tables = ["accounts", "branches", "tellers", "history"].map { "bench.public.pgbench_\($0)" }
        let pgbench = try await drainBoth(server, worker, name: "pgbench", publication: "bench_pgbench", topics: tables) {
            let output = try server.client("pgbench", server.connection("bench") + ["-c", "4", "-j", "2", "-T", String(pgbenchSeconds), "-n"])
            // Each TPC-B-like transaction updates three rows and inserts one: four change events.
            guard let line = output.split(separator: "\n").first(where: { $0.contains("actually processed") }),
                let count = line.split(separator: " ").last.flatMap({ Int64($0) })
            else { throw CommandFailure("cannot read pgbench's transaction count from: \(output)") }
            return count * 4
        }
        report("pgbench -c 4 -T \(pgbenchSeconds) (scale \(scale))", pgbench)

        // 3. Latency at a fixed rate, with the connector streaming live.
        try await latency(server, worker, root: root)
        try await worker.stop()
    }

    /// The result of one drain: events and seconds for Tributary, seconds for pg_recvlogical over the same WAL.
    struct Drain {
        var events: Int64
        var tributarySeconds: Double
        var recvlogicalSeconds: Double
        var walBytes: Int64
        /// Seconds from the worker's start until the topics held a first event of the load.
        var firstEventSeconds: Double
    }

    /// Creates both slots, stops the worker, runs `load`, then drains pg_recvlogical's slot to the WAL position
    /// the load ended at (timed), then restarts the worker and times its connector until the topics hold every event;
    /// then deletes the connector and drops its slot.
    private func drainBoth(
        _ server: LocalPostgres, _ worker: BenchWorker, name: String, publication: String, topics: [String],
        load: () throws -> Int64
    ) async throws -> Drain {
        let slot = "trib_\(name)"
        try server.psql("SELECT pg_create_logical_replication_slot('recv_\(name)', 'pgoutput')", database: "bench")
        _ = try await worker.start()
        try await worker.create("pg-\(name)", [
            "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
            "database.hostname": "127.0.0.1", "database.port": String(server.port), "database.user": "postgres",
            "database.dbname": "bench", "database.sslmode": "disable", "topic.prefix": "bench",
            "slot.name": slot, "publication.name": publication, "publication.autocreate.mode": "disabled",
            "snapshot.mode": "no_data",
        ])
        try await waitUntil("slot \(slot) created", timeout: .seconds(60)) {
            (try? server.psql("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '\(slot)'")) == "1"
        }
        try await Task.sleep(for: .seconds(1))
        try await worker.stop()
        let start = try server.psql("SELECT pg_current_wal_lsn()")
        let expected = try load()
        let end = try server.psql("SELECT pg_current_wal_lsn()")
        let walBytes = Int64(try server.psql("SELECT pg_wal_lsn_diff('\(end)', '\(start)')::bigint")) ?? 0

        let recvStarted = ContinuousClock.now
        try server.client("pg_recvlogical", server.connection("bench") + [
            "--slot", "recv_\(name)", "--start", "-E", end, "--no-loop", "-f", "/dev/null",
            "-o", "proto_version=1", "-o", "publication_names=\(publication)",
        ])
        let recvSeconds = (ContinuousClock.now - recvStarted).seconds
        try server.psql("SELECT pg_drop_replication_slot('recv_\(name)')")

        // Tributary: from the worker's start until the topics hold every event of the load.
        let tribStarted = ContinuousClock.now
        _ = try await worker.start()
        let consumer = makeConsumer(worker)
        let partitions = topics.map { TopicPartition($0, 0) }
        var events: Int64 = 0
        var firstEventSeconds: Double?
        let deadline = ContinuousClock.now + .seconds(1800)
        while events < expected && ContinuousClock.now < deadline {
            var sum: Int64 = 0
            for partition in partitions { sum += (try? await consumer.endOffsets([partition]))?.values.first ?? 0 }
            events = sum
            if events > 0 && firstEventSeconds == nil { firstEventSeconds = (ContinuousClock.now - tribStarted).seconds }
            if events < expected { try await Task.sleep(for: .milliseconds(10)) }
        }
        let tributarySeconds = (ContinuousClock.now - tribStarted).seconds
        await consumer.close()
        guard events >= expected else { throw CommandFailure("the topics hold \(events) of \(expected) events") }
        // Later runs must not share the machine with this connector: its walsender would go on decoding their WAL.
        try await worker.delete("pg-\(name)")
        try await worker.stop()
        try await waitUntil("slot \(slot) released", timeout: .seconds(30)) {
            (try? server.psql("SELECT active FROM pg_replication_slots WHERE slot_name = '\(slot)'")) == "f"
        }
        try server.psql("SELECT pg_drop_replication_slot('\(slot)')")
        return Drain(events: events, tributarySeconds: tributarySeconds, recvlogicalSeconds: recvSeconds,
                     walBytes: walBytes, firstEventSeconds: firstEventSeconds ?? tributarySeconds)
    }

    private func report(_ what: String, _ drain: Drain) {
        let ours = Double(drain.events) / drain.tributarySeconds
        let theirs = Double(drain.events) / drain.recvlogicalSeconds
        say(String(format: "%@: %lld events, %.1f MB of WAL; tributary %.0f events/s (%.2f s, worker start included, "
            + "first event after %.2f s); pg_recvlogical %.0f events/s (%.2f s); ratio %.2f (goal >= 0.5: %@)",
            what, drain.events, Double(drain.walBytes) / 1e6, ours, drain.tributarySeconds, drain.firstEventSeconds,
            theirs, drain.recvlogicalSeconds, ours / theirs, ours / theirs >= 0.5 ? "met" : "NOT met"))
    }

    /// Inserts at `rate` transactions/s with pgbench while a consumer reads the topic; latency = receipt time −
    /// the event's commit time (`source.ts_us`).
    private func latency(_ server: LocalPostgres, _ worker: BenchWorker, root: String) async throws {
        try server.psql("""
            CREATE TABLE public.latency_rows (id bigserial PRIMARY KEY, payload text);
            CREATE PUBLICATION bench_latency FOR TABLE public.latency_rows
            """, database: "bench")
        _ = try await worker.start()
        try await worker.create("pg-latency", [
            "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
            "database.hostname": "127.0.0.1", "database.port": String(server.port), "database.user": "postgres",
            "database.dbname": "bench", "database.sslmode": "disable", "topic.prefix": "bench",
            "slot.name": "trib_latency", "publication.name": "bench_latency", "publication.autocreate.mode": "disabled",
            "snapshot.mode": "no_data",
        ])
        try await waitUntil("slot trib_latency streaming", timeout: .seconds(60)) {
            (try? server.psql("SELECT active FROM pg_replication_slots WHERE slot_name = 'trib_latency'")) == "t"
        }
        // The server runs with synchronous_commit=off for the throughput runs. Here commits are durable as by
        // default (synchronous_commit=on): with it off, a commit's WAL waits for the WAL writer (every 200 ms) before
        // logical decoding sends it, which is most of the latency and not Tributary's. Eight clients share the rate
        // so that the fsync of one commit does not hold back the next.
        try server.psql("ALTER DATABASE bench SET synchronous_commit = on")
        let script = root + "/latency.sql"
        try "INSERT INTO public.latency_rows (payload) VALUES ('x');\n".write(toFile: script, atomically: true, encoding: .utf8)
        let consumer = makeConsumer(worker)
        let partition = TopicPartition("bench.public.latency_rows", 0)
        let load = Task.detached { [server, pgbenchSeconds = latencySeconds, rate] in
            try server.client("pgbench", server.connection("bench") + [
                "-n", "-c", "8", "-j", "2", "-R", String(rate), "-T", String(pgbenchSeconds), "-f", script,
            ])
        }
        var latenciesMs: [Double] = []
        // The record's timestamp is when the connector built the event: commit → built, built → receipt.
        var capturedMs: [Double] = []
        var deliveredMs: [Double] = []
        var assigned = false
        let deadline = ContinuousClock.now + .seconds(latencySeconds + 60)
        let expected = rate * latencySeconds * 9 / 10
        while ContinuousClock.now < deadline {
            if !assigned {
                guard (try? await consumer.endOffsets([partition])) != nil else {
                    try await Task.sleep(for: .milliseconds(20))
                    continue
                }
                try await consumer.assign([partition])
                try await consumer.seekToBeginning([partition])
                assigned = true
            }
            let records = (try? await consumer.poll(timeout: .milliseconds(200))) ?? []
            let nowMicros = Double(Date().timeIntervalSince1970 * 1e6)
            for record in records {
                guard let value = record.value, let commit = Self.commitMicros(value.getBytes(at: value.readerIndex, length: value.readableBytes) ?? [])
                else { continue }
                latenciesMs.append((nowMicros - commit) / 1000)
                capturedMs.append(Double(record.timestamp) - commit / 1000)
                deliveredMs.append(nowMicros / 1000 - Double(record.timestamp))
            }
            if latenciesMs.count >= expected, records.isEmpty, (try? await load.value) != nil { break }
        }
        _ = try? await load.value
        await consumer.close()
        latenciesMs.sort()
        capturedMs.sort()
        deliveredMs.sort()
        func percentile(_ p: Double, _ values: [Double]) -> Double {
            values.isEmpty ? .nan : values[min(values.count - 1, Int(Double(values.count) * p))]
        }
        say(String(format: "commit-to-topic latency at %d tx/s for %d s (%d events, receipt by a consumer): "
            + "p50 %.1f ms, p99 %.1f ms, max %.1f ms (synchronous_commit=on); of which commit → event built p50 %.1f ms, p99 %.1f ms, "
            + "event built → receipt p50 %.1f ms, p99 %.1f ms", rate, latencySeconds, latenciesMs.count,
            percentile(0.5, latenciesMs), percentile(0.99, latenciesMs), latenciesMs.last ?? .nan,
            percentile(0.5, capturedMs), percentile(0.99, capturedMs), percentile(0.5, deliveredMs),
            percentile(0.99, deliveredMs)))
    }

    /// `payload.source.ts_us` of a JsonConverter-encoded Debezium event.
    static func commitMicros(_ bytes: [UInt8]) -> Double? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let payload = object["payload"] as? [String: Any], let source = payload["source"] as? [String: Any],
            let micros = source["ts_us"] as? NSNumber
        else { return nil }
        return micros.doubleValue
    }

    private func makeConsumer(_ worker: BenchWorker) -> KafkaConsumer {
        var configuration = KafkaConsumerConfiguration()
        configuration.client.bootstrapServers = [KafkaClient.BrokerAddress(host: "127.0.0.1", port: worker.brokerPort)]
        configuration.allowAutoCreateTopics = false
        return KafkaConsumer(configuration: configuration, logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    private func waitUntil(_ what: String, timeout: Duration, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CommandFailure("timed out waiting for \(what)")
    }
}

/// Prints a line and flushes it at once (the benchmark runs for minutes; output may go to a pipe).
private func say(_ line: String) {
    print(line)
    fflush(nil)
}
