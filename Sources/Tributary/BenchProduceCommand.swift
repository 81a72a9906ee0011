import ArgumentParser
import Foundation
import KafkaProtocol
import KafkaRecords
import NIOCore

/// `tributary bench produce`: like kafka-producer-perf-test — N records of S bytes to one partition in batches,
/// with a window of requests in flight; prints records/s, MB/s and per-record latency percentiles.
struct BenchProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Producer throughput and latency against a broker (like kafka-producer-perf-test)."
    )

    @OptionGroup var connection: BrokerConnectionOptions
    @Option(help: "Topic to produce to (created if the broker auto-creates topics).") var topic = "bench-produce"
    @Option(help: "Partition to produce to.") var partition: Int32 = 0
    @Option(help: "Number of records.") var numRecords = 1_000_000
    @Option(help: "Bytes of each record's value.") var recordSize = 1024
    @Option(help: "acks: -1 (all), 1 or 0.") var acks: Int16 = 1
    @Option(help: "Largest batch in bytes (batch.size).") var batchSize = 1_000_000
    @Option(help: "Wait at most this long to fill a batch, in ms (linger.ms); 0 sends as soon as a batch is full.")
    var lingerMs = 5
    @Option(help: "Compression: none, gzip, snappy, lz4, zstd.") var compression = "none"
    @Option(help: "Produce requests in flight at once.") var maxInFlight = 5

    func run() async throws {
        guard let codec = CompressionCodec(name: compression) else {
            throw ValidationError("--compression must be none, gzip, snappy, lz4 or zstd")
        }
        guard [-1, 0, 1].contains(acks) else { throw ValidationError("--acks must be -1, 0 or 1") }
        try await connection.withSession { session in
            let metadata = try await LineProducer.loadMetadata(session: session, topic: topic)
            let client = try await session.leader(of: topic, partition: partition, in: metadata)
            let version = try await client.version(of: ProduceRequest.self, ProduceResponse.self)
            let value = [UInt8](repeating: 0x61, count: recordSize)
            let start = ContinuousClock.now
            var latencies: [Double] = []
            latencies.reserveCapacity(numRecords)
            var sent = 0
            try await withThrowingTaskGroup(of: [Double].self) { group in
                var inFlight = 0
                while sent < numRecords {
                    var builder = RecordBatchBuilder(compression: codec)
                    let batchStart = ContinuousClock.now
                    var created: [ContinuousClock.Instant] = []
                    while sent < numRecords && builder.estimatedSize + recordSize + 32 <= batchSize {
                        builder.append(key: nil as [UInt8]?, value: value, timestamp: Int64(Date().timeIntervalSince1970 * 1000))
                        created.append(ContinuousClock.now)
                        sent += 1
                        if lingerMs > 0 && batchStart.duration(to: .now) > .milliseconds(lingerMs) { break }
                    }
                    let records = try builder.build()
                    let request = ProduceRequest(
                        acks: acks, timeoutMs: 30_000,
                        topicData: [.init(name: topic, partitionData: [.init(index: partition, records: records)])])
                    if inFlight >= maxInFlight, let done = try await group.next() {
                        latencies += done
                        inFlight -= 1
                    }
                    let acks = self.acks
                    group.addTask {
                        if acks == 0 {
                            try await client.sendWithoutResponse(request, version: version)
                        } else {
                            let response = try await client.send(request, version: version, as: ProduceResponse.self)
                            if let failed = response.responses.first?.partitionResponses.first, failed.errorCode != .none {
                                throw CommandFailure("produce failed: error \(failed.errorCode.rawValue) \(failed.errorMessage ?? "")")
                            }
                        }
                        let now = ContinuousClock.now
                        return created.map { Self.milliseconds($0.duration(to: now)) }
                    }
                    inFlight += 1
                }
                while let done = try await group.next() { latencies += done }
            }
            let elapsed = Self.milliseconds(start.duration(to: .now)) / 1000
            latencies.sort()
            func percentile(_ p: Double) -> Double { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
            let average = latencies.isEmpty ? 0 : latencies.reduce(0, +) / Double(latencies.count)
            print(
                String(
                    format: "%d records sent, %.1f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency, "
                        + "%.0f ms 50th, %.0f ms 95th, %.0f ms 99th, %.0f ms 99.9th.",
                    numRecords, Double(numRecords) / elapsed, Double(numRecords * recordSize) / elapsed / 1e6, average,
                    latencies.last ?? 0, percentile(0.5), percentile(0.95), percentile(0.99), percentile(0.999)))
        }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
