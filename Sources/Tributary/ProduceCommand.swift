import ArgumentParser
import KafkaProtocol
import KafkaRecords
import NIOCore

/// `tributary produce TOPIC`: one record per line of standard input, sent in batched Produce requests.
struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Produce each line of standard input as a record.",
        discussion: """
            Without --partition, keyed records go where Kafka's default partitioner puts them (murmur2 of the \
            key) and unkeyed ones to one partition per request, moving on with each request.
            """
    )

    @OptionGroup var connection: BrokerConnectionOptions
    @Argument(help: "The topic to produce to.") var topic: String
    @Option(name: .customLong("key-separator"), help: "Split each line at the first SEP: key before, value after.")
    var keySeparator: String?
    @Option(help: "The partition to produce every record to.") var partition: Int32?
    @Option(
        parsing: .unconditional,
        help: "Acknowledgements to wait for: -1 (all in-sync replicas), 0 (none) or 1 (the leader)."
    )
    var acks: Int16 = -1
    @Option(help: "Compression codec: none, gzip, snappy, lz4 or zstd.") var compression = "none"
    @Option(name: .customLong("batch-records"), help: "The most records per Produce request.") var batchRecords = 1000
    @Option(
        name: .customLong("batch-bytes"),
        help: "About the most record bytes per Produce request (a longer line goes alone)."
    )
    var batchBytes = 1_000_000
    @Flag(help: "Print nothing when done.") var quiet = false

    func validate() throws {
        guard [-1, 0, 1].contains(acks) else { throw ValidationError("--acks must be -1, 0 or 1") }
        guard CompressionCodec(name: compression) != nil else {
            throw ValidationError("--compression must be one of none, gzip, snappy, lz4, zstd")
        }
        if let keySeparator, keySeparator.isEmpty { throw ValidationError("--key-separator must not be empty") }
        if let partition, partition < 0 { throw ValidationError("--partition must not be negative") }
        guard batchRecords > 0, batchBytes > 0 else {
            throw ValidationError("--batch-records and --batch-bytes must be positive")
        }
    }

    func run() async throws {
        let codec = CompressionCodec(name: compression) ?? .none
        try await connection.withSession { session in
            var producer = try await LineProducer(
                session: session,
                topic: topic,
                fixedPartition: partition,
                acks: acks,
                codec: codec,
                timeoutMs: Int32(clamping: connection.requestTimeoutMs)
            )
            let separator = keySeparator.map { Array($0.utf8) }
            var input = StandardInputLines()
            var records = 0
            var bytes = 0
            while true {
                // Send what is pending before waiting for more input (a terminal, a slow pipe).
                if records > 0 && input.wouldWait {
                    try await producer.flush()
                    records = 0
                    bytes = 0
                }
                guard let line = try input.next() else { break }
                // Each record costs its bytes plus up to ~32 of framing (lengths, deltas, header count).
                let size = line.count + 32
                if records > 0 && (records >= batchRecords || bytes + size > batchBytes) {
                    try await producer.flush()
                    records = 0
                    bytes = 0
                }
                let (key, value) = Self.split(line, at: separator)
                producer.add(key: key, value: value)
                records += 1
                bytes += size
            }
            try await producer.flush()
            if !quiet { print(producer.summary) }
        }
    }

    /// The key (before the first `separator`, if one is given and present) and the value.
    static func split(_ line: [UInt8], at separator: [UInt8]?) -> (key: [UInt8]?, value: [UInt8]) {
        guard let separator, !separator.isEmpty, line.count >= separator.count else { return (nil, line) }
        var index = 0
        while index + separator.count <= line.count {
            if line[index..<index + separator.count].elementsEqual(separator) {
                return (Array(line[..<index]), Array(line[(index + separator.count)...]))
            }
            index += 1
        }
        return (nil, line)
    }
}
