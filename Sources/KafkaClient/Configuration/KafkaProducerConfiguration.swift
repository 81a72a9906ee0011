import KafkaRecords

/// Producer settings with Kafka's key names and the Java producer's defaults.
public struct KafkaProducerConfiguration: Sendable {
    /// Which acknowledgement a produce request waits for (`acks`).
    public struct Acks: Hashable, Sendable, CustomStringConvertible {
        /// The wire value: 0, 1 or -1.
        public var rawValue: Int16
        private init(_ rawValue: Int16) { self.rawValue = rawValue }

        /// No acknowledgement: the broker sends no response and offsets are unknown (`acks=0`).
        public static let none = Acks(0)
        /// The leader's write (`acks=1`).
        public static let leader = Acks(1)
        /// Every in-sync replica, durable on our broker (`acks=all` / `-1`).
        public static let all = Acks(-1)

        public var description: String { rawValue == -1 ? "all" : "\(rawValue)" }
    }

    /// Settings shared with the other clients (bootstrap servers, client id, timeouts, retry backoff).
    public var client = KafkaClientConfiguration()
    /// The acknowledgement to wait for (`acks`). Default: all.
    public var acks: Acks = .all
    /// How long to wait for more records before sending a batch that is not full, in milliseconds (`linger.ms`).
    /// Default: 5.
    public var lingerMs: Int64 = 5
    /// The size at which a partition's batch is sent without waiting for `linger.ms`, in bytes (`batch.size`).
    /// Default: 16384, as in the Java producer.
    public var batchSize: Int = 16_384
    /// The codec batches are compressed with (`compression.type`: none, gzip, snappy, lz4, zstd). Default: none.
    public var compression: CompressionCodec = .none
    /// Whether the producer is idempotent: a producer id and per-partition sequence numbers let the broker drop
    /// duplicates of retried batches (`enable.idempotence`). Default: true. Idempotence needs `acks=all`,
    /// `retries` > 0 and at most 5 requests in flight; when those are not set, it is turned off unless it was
    /// asked for explicitly (then the configuration is rejected), as in Kafka.
    public var enableIdempotence = true
    /// The most unanswered produce requests per broker connection (`max.in.flight.requests.per.connection`).
    /// Default: 5.
    public var maxInFlightRequestsPerConnection = 5
    /// How often a failed batch is retried (`retries`); `delivery.timeout.ms` bounds retries in time.
    /// Default: 2147483647.
    public var retries = Int(Int32.max)
    /// The most time between `send` and the acknowledgement, retries included, in milliseconds
    /// (`delivery.timeout.ms`). Default: 120000.
    public var deliveryTimeoutMs: Int64 = 120_000
    /// The largest produce request, and so the largest record, in bytes (`max.request.size`). Default: 1048576.
    public var maxRequestSize: Int = 1_048_576
    /// The most bytes of records waiting to be acknowledged; `send` waits while more are buffered
    /// (`buffer.memory`). Default: 33554432.
    public var bufferMemory: Int = 33_554_432
    /// How long `send` may wait for metadata or buffer space, in milliseconds (`max.block.ms`). Default: 60000.
    public var maxBlockMs: Int64 = 60_000
    /// Whether the producer asks the broker to create missing topics (`allow.auto.create.topics`). Default: true.
    public var allowAutoCreateTopics = true

    /// Whether `enable.idempotence` was given explicitly (conflicting settings are then an error).
    private var idempotenceExplicit = false

    /// Creates a configuration with the defaults.
    public init() {}

    /// Parses Kafka producer properties (`bootstrap.servers`, `acks`, `linger.ms`, …); keys that are not producer
    /// keys are ignored. Throws for invalid values and contradicting settings.
    public init(properties: [String: String]) throws(KafkaClientError) {
        self.init()
        _ = try apply(properties)
    }

    /// Applies Kafka producer properties on top of the current values; returns the keys it did not know.
    @discardableResult
    public mutating func apply(_ properties: [String: String]) throws(KafkaClientError) -> [String] {
        var reader = PropertyReader(properties)
        try client.apply(&reader)
        if let text = reader.string("acks") {
            switch text.lowercased() {
            case "0": acks = .none
            case "1": acks = .leader
            case "all", "-1": acks = .all
            default: throw reader.invalid("acks", text, "expected all, -1, 0 or 1")
            }
        }
        if let value = try reader.int("linger.ms", range: 0...Int64(Int32.max)) { lingerMs = value }
        if let value = try reader.int("batch.size", range: 0...Int64(Int32.max)) { batchSize = Int(value) }
        if let text = reader.string("compression.type") {
            guard let codec = CompressionCodec(name: text) else {
                throw reader.invalid("compression.type", text, "expected none, gzip, snappy, lz4 or zstd")
            }
            compression = codec
        }
        if let value = try reader.bool("enable.idempotence") {
            enableIdempotence = value
            idempotenceExplicit = true
        }
        if let value = try reader.int("max.in.flight.requests.per.connection", range: 1...Int64(Int32.max)) {
            maxInFlightRequestsPerConnection = Int(value)
        }
        if let value = try reader.int("retries", range: 0...Int64(Int32.max)) { retries = Int(value) }
        if let value = try reader.int("delivery.timeout.ms", range: 1...Int64(Int32.max)) { deliveryTimeoutMs = value }
        if let value = try reader.int("max.request.size", range: 1...Int64(Int32.max)) { maxRequestSize = Int(value) }
        if let value = try reader.int("buffer.memory", range: 1...Int64.max) { bufferMemory = Int(value) }
        if let value = try reader.int("max.block.ms", range: 0...Int64(Int32.max)) { maxBlockMs = value }
        if let value = try reader.bool("allow.auto.create.topics") { allowAutoCreateTopics = value }
        for key in Self.acceptedKeys { _ = reader.string(key) }
        try validate()
        return reader.unusedKeys
    }

    /// Producer keys accepted for compatibility without effect (serializers are the caller's business here).
    static let acceptedKeys = [
        "key.serializer", "value.serializer", "partitioner.class", "partitioner.ignore.keys",
        "partitioner.adaptive.partitioning.enable", "partitioner.availability.timeout.ms", "compression.gzip.level",
        "compression.lz4.level", "compression.zstd.level", "metadata.max.idle.ms", "interceptor.classes",
        "transaction.timeout.ms",
    ]

    /// Checks the idempotence preconditions, turning idempotence off or throwing as Kafka does.
    mutating func validate() throws(KafkaClientError) {
        guard enableIdempotence else { return }
        var conflicts: [String] = []
        if acks != .all { conflicts.append("acks must be all") }
        if maxInFlightRequestsPerConnection > 5 { conflicts.append("max.in.flight.requests.per.connection must be <= 5") }
        if retries == 0 { conflicts.append("retries must be > 0") }
        guard !conflicts.isEmpty else { return }
        if idempotenceExplicit {
            throw KafkaClientError(
                .configuration,
                "enable.idempotence=true conflicts with other settings: " + conflicts.joined(separator: ", ")
            )
        }
        enableIdempotence = false
    }

    /// Whether the producer will actually use a producer id (after `validate`).
    var isIdempotent: Bool {
        enableIdempotence && acks == .all && maxInFlightRequestsPerConnection <= 5 && retries > 0
    }
}
