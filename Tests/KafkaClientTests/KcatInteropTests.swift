import KafkaTestSupport
import Foundation
import KafkaClient
import KafkaRecords
import NIOCore
import Synchronization
import Testing

/// The path of kcat, or nil when it is not installed (the interop tests are skipped then).
let kcatPath: String? = ["/usr/bin/kcat", "/usr/local/bin/kcat", "/usr/bin/kafkacat"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// Bytes appended from a pipe's handler thread and read from tests.
final class CollectedBytes: Sendable {
    private let data = Mutex(Data())
    func append(_ chunk: Data) { data.withLock { $0.append(chunk) } }
    var text: String { String(decoding: data.withLock { $0 }, as: UTF8.self) }
}

/// A kcat process: its output is collected; `finish` waits for it to exit. (SIGTERM would not stop it: it inherits
/// the signal mask of a dispatch worker thread, in which SIGTERM is blocked.)
final class Kcat: @unchecked Sendable {
    // Process is not Sendable; it is only used to run, poll and terminate, which Foundation allows from any thread.
    private let process: Process
    private let output = CollectedBytes()
    private let errors = CollectedBytes()

    init(_ arguments: [String], input: Data? = nil) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: kcatPath!)
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let stdin = Pipe()
        process.standardInput = stdin
        let output = self.output
        let errors = self.errors
        // At end of file `availableData` is empty: stop reading then (the handler would be called forever).
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { output.append(data) }
        }
        stderr.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { errors.append(data) }
        }
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
    }

    var standardOutput: String { output.text }
    var standardError: String { errors.text }
    var isRunning: Bool { process.isRunning }

    /// Waits for the process to exit (at most `timeout`, then it is killed); returns its status. Never blocks a
    /// thread: the broker kcat talks to runs on the same cooperative pool.
    @discardableResult
    func finish(timeout: Duration = .seconds(30)) async -> Int32 {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        }
        try? await Task.sleep(for: .milliseconds(50))
        return process.terminationStatus
    }

}

@Suite(.enabled(if: kcatPath != nil, "kcat is not installed"), .timeLimit(.minutes(5)))
struct KcatInteropTests {
    /// What our producer wrote, kcat (librdkafka) reads the same way: partitions, offsets, keys, values, headers.
    @Test(arguments: [CompressionCodec.none, .gzip, .snappy, .lz4, .zstd])
    func kcatReadsWhatTheProducerWrote(_ codec: CompressionCodec) async throws {
        try await withBroker { broker in
            let admin = broker.admin()
            try await admin.createTopic(NewTopic(name: "interop", numPartitions: 3))
            await admin.close()
            let producer = broker.producer { $0.compression = codec }
            var expected: [String] = []
            for index in 0..<300 {
                let metadata = try await producer.enqueue(
                    topic: "interop",
                    key: ByteBuffer(string: "key-\(index)"),
                    value: ByteBuffer(string: "value-\(index)"),
                    headers: [RecordHeader(key: "n", value: ByteBuffer(string: "\(index)"))]
                )
                _ = metadata
            }
            await producer.flush()
            await producer.close()
            // Build the expectation from what the consumer API reports, then compare with kcat's view.
            let consumer = broker.consumer()
            try await consumer.assign((0..<3).map { TopicPartition("interop", $0) })
            for record in try await pollRecords(consumer, count: 300) {
                expected.append(
                    "\(record.partition)|\(record.offset)|\(String(buffer: record.key!))|"
                        + "\(String(buffer: record.value!))|n=\(String(buffer: record.headers[0].value!))"
                )
            }
            await consumer.close()
            #expect(expected.count == 300)
            let kcat = try Kcat([
                "-C", "-b", broker.bootstrap, "-t", "interop", "-o", "beginning", "-e", "-q",
                "-f", "%p|%o|%k|%s|%h\\n",
            ])
            let status = await kcat.finish()
            #expect(status == 0, "kcat failed: \(kcat.standardError)")
            let lines = kcat.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines.sorted() == expected.sorted())
            // Keys went to the partitions librdkafka's murmur2 partitioner computes as well.
            for line in lines {
                let fields = line.split(separator: "|")
                let key = Array(fields[2].utf8)
                #expect(Int32(fields[0]) == DefaultPartitioner.partition(forKey: key, partitionCount: 3))
            }
        }
    }

    /// kcat produces with librdkafka's murmur2 partitioner; the consumer finds every key where our partitioner
    /// says it belongs.
    @Test func consumerReadsWhatKcatWroteWithMurmur2() async throws {
        try await withBroker { broker in
            let admin = broker.admin()
            try await admin.createTopic(NewTopic(name: "from-kcat", numPartitions: 7))
            await admin.close()
            let input = (0..<200).map { "key-\($0):value-\($0)\n" }.joined()
            let kcat = try Kcat(
                ["-P", "-b", broker.bootstrap, "-t", "from-kcat", "-K", ":", "-X", "partitioner=murmur2", "-z", "lz4"],
                input: Data(input.utf8)
            )
            let status = await kcat.finish()
            #expect(status == 0, "kcat failed: \(kcat.standardError)")
            let consumer = broker.consumer()
            try await consumer.assign((0..<7).map { TopicPartition("from-kcat", $0) })
            let records = try await pollRecords(consumer, count: 200)
            #expect(records.count == 200)
            for record in records {
                let key = String(buffer: record.key!)
                #expect(String(buffer: record.value!) == "value-" + key.dropFirst(4))
                #expect(record.partition == DefaultPartitioner.partition(forKey: record.key!, partitionCount: 7), "\(key)")
            }
            await consumer.close()
        }
    }

    /// A librdkafka member (kcat -G) and ours share a group: each gets half of the partitions, whoever leads, and
    /// when kcat leaves, ours takes over its partitions at the offsets kcat committed.
    @Test(arguments: [AssignmentStrategy.range, .roundRobin])
    func kcatAndTheConsumerShareAGroup(_ strategy: AssignmentStrategy) async throws {
        try await withBroker(numPartitions: 4) { broker in
            let admin = broker.admin()
            try await admin.createTopic(NewTopic(name: "shared", numPartitions: 4))
            await admin.close()
            let group = "mixed-\(strategy)"
            let log = RebalanceLog()
            let consumer = broker.consumer(group: group) { $0.partitionAssignmentStrategy = [strategy] }
            try await consumer.subscribe(topics: ["shared"], listener: log)
            let poller = Poller()
            poller.start(consumer)
            #expect(await eventually { log.lastAssigned?.count == 4 })

            // kcat consumes the 10 records of its two partitions, then leaves the group (committing on close).
            let kcat = try Kcat([
                "-u", "-b", broker.bootstrap, "-G", group, "-c", "10", "-o", "beginning", "-f", "%p|%s\\n",
                "-X", "partition.assignment.strategy=\(strategy.name)", "-X", "heartbeat.interval.ms=200",
                "-X", "session.timeout.ms=10000", "shared",
            ])
            let split = await eventually { log.lastAssigned?.count == 2 }
            #expect(split, "history: \(log.history); kcat: \(kcat.standardError)")
            let ours = Set(log.lastAssigned ?? [])
            let theirs = Set((0..<4).map { TopicPartition("shared", $0) }).subtracting(ours)

            let producer = broker.producer()
            for partition in Int32(0)..<4 {
                for index in 0..<5 {
                    try await producer.send(
                        topic: "shared",
                        partition: partition,
                        value: ByteBuffer(string: "p\(partition)-\(index)")
                    )
                }
            }
            await producer.close()
            let status = await kcat.finish()
            #expect(status == 0, "kcat: \(kcat.standardError)")
            let kcatPartitions = kcat.standardOutput.split(separator: "\n").compactMap {
                Int32($0.split(separator: "|")[0]).map { TopicPartition("shared", $0) }
            }
            #expect(kcatPartitions.count == 10)
            #expect(Set(kcatPartitions) == theirs, "kcat read \(kcatPartitions)")
            #expect(await eventually { Set(poller.records.map(\.topicPartition)).isSuperset(of: ours) })

            // kcat left: ours owns everything again and starts kcat's partitions at kcat's committed offsets.
            let regained = await eventually { log.lastAssigned?.count == 4 }
            #expect(regained, "history: \(log.history)")
            let committed = try await consumer.committed(Array(theirs))
            #expect(committed.values.map(\.offset) == [5, 5])
            await poller.stop()
            let fromTheirs = poller.records.filter { theirs.contains($0.topicPartition) }
            #expect(fromTheirs.isEmpty, "re-read \(fromTheirs.map(\.offset))")
            await consumer.close()
            #expect(poller.errors.isEmpty)
        }
    }
}

