import ArgumentParser
import Foundation
import KafkaClient
import Logging
import NIOHTTP1

/// `tributary bench connect`: the Connect worker's startup time (REST answering, embedded broker included), its idle
/// memory with three connectors, and the file source's throughput into a topic next to `wc -l` on the same file.
struct BenchConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Worker startup time, idle RSS with three connectors, file source → topic lines/s vs wc -l."
    )

    @Option(help: "Lines in the generated input file.")
    var lines = 2_000_000

    @Option(help: "Bytes per line, newline included.")
    var lineBytes = 200

    @Option(help: "Startup measurements (each a fresh process on the same data).")
    var startups = 5

    @Option(help: "Where to put the data (a fresh temporary directory by default).")
    var directory: String?

    func run() async throws {
        let root = directory ?? NSTemporaryDirectory() + "tributary-bench-connect-\(getpid())"
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: root) } }
        let input = root + "/input.log"
        try BenchFiles.writeLines(to: input, count: lines, lineBytes: lineBytes)
        let worker = try BenchWorker(root: root)

        // 1. Startup: the first start creates the internal topics; later ones recover the same data.
        var startupsMs: [Double] = []
        for round in 0..<startups {
            let ms = try await worker.start()
            startupsMs.append(ms)
            if round < startups - 1 { try await worker.stop() }
        }
        // 2. Idle memory with three connectors running.
        let empty = root + "/idle.log"
        FileManager.default.createFile(atPath: empty, contents: nil)
        try await worker.create("idle-source", ["connector.class": "FileTailSource", "file": empty, "topic": "idle"])
        try await worker.create("idle-sink", ["connector.class": "FileSink", "topics": "idle", "file": root + "/idle-out.log"])
        try await worker.create(
            "idle-source-2", ["connector.class": "FileTailSource", "files": root + "/idle-*.none", "topic": "idle2"])
        try await Task.sleep(for: .seconds(5))
        let idleRSS = worker.residentKiB()

        // 3. Throughput, with wc -l on the same (page-cached) file before and after.
        let wcBefore = try BenchFiles.wcLines(input)
        let started = ContinuousClock.now
        try await worker.create(
            "bench-source", ["connector.class": "FileTailSource", "file": input, "topic": "bench-lines", "batch.size": "5000"])
        try await worker.waitForEndOffset(topic: "bench-lines", count: Int64(lines), timeout: .seconds(600))
        let pipelineSeconds = (ContinuousClock.now - started).seconds
        let wcAfter = try BenchFiles.wcLines(input)
        let wcSeconds = min(wcBefore, wcAfter)
        try await worker.stop()

        let sorted = startupsMs.sorted()
        let median = sorted[sorted.count / 2]
        let pipelineRate = Double(lines) / pipelineSeconds
        let wcRate = Double(lines) / wcSeconds
        print("== tributary bench connect (\(lines) lines of \(lineBytes) B)")
        print("startup to REST answering (embedded broker, worker, REST): "
            + startupsMs.map { String(format: "%.0f", $0) }.joined(separator: " ") + " ms; median "
            + String(format: "%.0f ms (goal < 1000: %@)", median, median < 1000 ? "met" : "NOT met"))
        print(String(format: "idle RSS with three connectors: %.1f MB (goal < 80: %@)", Double(idleRSS) / 1024,
            Double(idleRSS) / 1024 < 80 ? "met" : "NOT met"))
        print(String(format: "file source -> topic: %.0f lines/s (%.1f s); wc -l on the same file: %.0f lines/s (%.3f s); "
            + "ratio %.3f (goal >= 200000 lines/s: %@)", pipelineRate, pipelineSeconds, wcRate, wcSeconds,
            pipelineRate / wcRate, pipelineRate >= 200_000 ? "met" : "NOT met"))
    }
}

/// Files for the benchmark.
enum BenchFiles {
    /// Writes `count` lines of exactly `lineBytes` bytes (sequence number, padding, newline).
    static func writeLines(to path: String, count: Int, lineBytes: Int) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path)
        else { throw CommandFailure("cannot create \(path)") }
        defer { try? handle.close() }
        var chunk = [UInt8]()
        chunk.reserveCapacity(1 << 20)
        let pad = [UInt8](repeating: UInt8(ascii: "x"), count: lineBytes)
        for n in 0..<count {
            let head = Array("seq=\(n) ".utf8)
            chunk += head
            chunk += pad.prefix(max(0, lineBytes - head.count - 1))
            chunk.append(UInt8(ascii: "\n"))
            if chunk.count >= 1 << 20 {
                try handle.write(contentsOf: chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: chunk)
    }

    /// Seconds `wc -l` takes on the file.
    static func wcLines(_ path: String) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/wc")
        process.arguments = ["-l", path]
        process.standardOutput = FileHandle.nullDevice
        let started = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        return (ContinuousClock.now - started).seconds
    }
}

/// A `tributary standalone` child process on free ports.
final class BenchWorker {
    let root: String
    let restPort: Int
    let brokerPort: Int
    private var process: Process?

    init(root: String, properties extra: [String: String] = [:]) throws {
        self.root = root
        restPort = try BenchWorker.freePort()
        brokerPort = try BenchWorker.freePort()
        let properties = """
            listeners=http://127.0.0.1:\(restPort)
            broker.listeners=PLAINTEXT://127.0.0.1:\(brokerPort)
            broker.log.dirs=\(root)/broker
            broker.group.initial.rebalance.delay.ms=0
            key.converter=org.apache.kafka.connect.storage.StringConverter
            value.converter=org.apache.kafka.connect.storage.StringConverter
            offset.flush.interval.ms=10000
            """
            + extra.sorted { $0.key < $1.key }.map { "\n\($0.key)=\($0.value)" }.joined()
        try properties.write(toFile: root + "/worker.properties", atomically: true, encoding: .utf8)
    }

    /// Starts the worker; returns the milliseconds until `GET /health` answered 200.
    func start() async throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["standalone", root + "/worker.properties", "--log-level", "WARN"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let started = ContinuousClock.now
        try process.run()
        self.process = process
        let client = RESTClient(endpoint: try RESTEndpoint(parsing: "http://127.0.0.1:\(restPort)"), token: nil)
        while ContinuousClock.now - started < .seconds(30) {
            if let response = try? await client.send(.GET, "/health"), response.status == 200 {
                return (ContinuousClock.now - started).seconds * 1000
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        throw CommandFailure("the worker did not answer /health within 30 s")
    }

    func stop() async throws {
        guard let process else { return }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
    }

    func create(_ name: String, _ config: [String: String]) async throws {
        let client = RESTClient(endpoint: try RESTEndpoint(parsing: "http://127.0.0.1:\(restPort)"), token: nil)
        let body = "{\"name\":\"\(name)\",\"config\":{"
            + config.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",") + "}}"
        let response = try await client.send(.POST, "/connectors", json: body)
        guard response.status == 201 else { throw CommandFailure("creating \(name): \(response.status) \(response.body)") }
    }

    func delete(_ name: String) async throws {
        let client = RESTClient(endpoint: try RESTEndpoint(parsing: "http://127.0.0.1:\(restPort)"), token: nil)
        let response = try await client.send(.DELETE, "/connectors/\(name)")
        guard response.status == 204 else { throw CommandFailure("deleting \(name): \(response.status) \(response.body)") }
    }

    /// Resident memory of the worker, in KiB.
    func residentKiB() -> Int {
        guard let process,
            let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }

    func waitForEndOffset(topic: String, count: Int64, timeout: Duration) async throws {
        var configuration = KafkaConsumerConfiguration()
        configuration.client.bootstrapServers = [KafkaClient.BrokerAddress(host: "127.0.0.1", port: brokerPort)]
        configuration.allowAutoCreateTopics = false
        let consumer = KafkaConsumer(
            configuration: configuration, logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        defer { Task { await consumer.close() } }
        let started = ContinuousClock.now
        while ContinuousClock.now - started < timeout {
            if let ends = try? await consumer.endOffsets([TopicPartition(topic, 0)]), ends.values.reduce(0, +) >= count {
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CommandFailure("the topic \(topic) did not reach \(count) records")
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw CommandFailure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
