import ArgumentParser
import Foundation
import KafkaProtocol
import KafkaRecords
import NIOCore

/// `tributary bench consume`: like kafka-consumer-perf-test — fetches N records from one partition from the
/// beginning and prints records/s and MB/s.
struct BenchConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Consumer throughput against a broker (like kafka-consumer-perf-test)."
    )

    @OptionGroup var connection: BrokerConnectionOptions
    @Option(help: "Topic to read.") var topic = "bench-produce"
    @Option(help: "Partition to read.") var partition: Int32 = 0
    @Option(help: "Number of records to read.") var numRecords = 1_000_000
    @Option(help: "Bytes per Fetch response (fetch.max.bytes).") var fetchMaxBytes: Int32 = 52_428_800

    func run() async throws {
        try await connection.withSession { session in
            let metadata = try await session.metadata(topics: [topic])
            let client = try await session.leader(of: topic, partition: partition, in: metadata)
            let version = try await client.version(of: FetchRequest.self, FetchResponse.self)
            var offset: Int64 = 0
            var records = 0
            var bytes = 0
            let start = ContinuousClock.now
            while records < numRecords {
                let request = FetchRequest(
                    replicaId: -1, maxWaitMs: 500, minBytes: 1, maxBytes: fetchMaxBytes, isolationLevel: 0,
                    topics: [.init(topic: topic, partitions: [.init(partition: partition, fetchOffset: offset, partitionMaxBytes: fetchMaxBytes)])])
                let response = try await client.send(request, version: version, as: FetchResponse.self)
                guard let data = response.responses.first?.partitions.first else { throw CommandFailure("empty Fetch response") }
                guard data.errorCode == .none else { throw CommandFailure("fetch failed: error \(data.errorCode.rawValue)") }
                guard case .bytes(let payload?) = data.records, payload.readableBytes > 0 else {
                    if data.highWatermark <= offset { throw CommandFailure("the partition holds only \(records) records") }
                    continue
                }
                bytes += payload.readableBytes
                var index = payload.readerIndex
                while let header = RecordBatchHeader.peek(in: payload, at: index), index + header.totalSize <= payload.writerIndex {
                    let skipped = max(0, offset - header.baseOffset)
                    records += max(0, Int(header.recordCount) - Int(skipped))
                    offset = header.nextOffset
                    index += header.totalSize
                }
            }
            let seconds = BenchProduceCommand.milliseconds(start.duration(to: .now)) / 1000
            print(String(format: "%d records, %.1f MB, %.2f s: %.1f records/sec, %.2f MB/sec",
                records, Double(bytes) / 1e6, seconds, Double(records) / seconds, Double(bytes) / seconds / 1e6))
        }
    }
}
