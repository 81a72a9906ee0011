import KafkaClient
import KafkaProtocol
import Logging
import NIOCore

/// One of the worker's internal topics (`connect-offsets`, `connect-configs`, `connect-status`): created compacted
/// if missing, refused if it exists with another cleanup policy, read to its end at start, and written with
/// acks=all by an idempotent producer (Kafka Connect's `KafkaBasedLog`).
actor CompactedTopicLog {
    /// The topic name.
    let topic: String
    private let partitions: Int32
    private let replicationFactor: Int16
    private let client: KafkaClientConfiguration
    private let logger: Logger
    private var producer: KafkaProducer?

    init(topic: String, partitions: Int32, replicationFactor: Int16, client: KafkaClientConfiguration, logger: Logger) {
        self.topic = topic
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.client = client
        self.logger = logger
    }

    /// Makes sure the topic exists and is compacted, then returns every record in it, in offset order per
    /// partition.
    func start() async throws -> [ConsumerRecord] {
        try await ensureTopic()
        let records = try await readToEnd()
        var configuration = KafkaProducerConfiguration()
        configuration.client = client
        configuration.client.clientId = "tributary-\(topic)"
        configuration.acks = .all
        configuration.lingerMs = 0
        configuration.enableIdempotence = true
        configuration.maxBlockMs = 30_000
        configuration.deliveryTimeoutMs = 60_000
        producer = KafkaProducer(configuration: configuration, logger: logger)
        return records
    }

    /// Writes one record and returns once the broker acknowledged it.
    func send(key: ByteBuffer, value: ByteBuffer?) async throws {
        guard let producer else {
            throw KafkaClientError(.closed, "the internal topic '\(topic)' is not open")
        }
        try await producer.send(topic: topic, key: key, value: value)
    }

    /// Writes several records in order and returns once the broker acknowledged all of them (one round trip for
    /// the lot instead of one per record).
    func send(_ records: [(key: ByteBuffer, value: ByteBuffer?)]) async throws {
        guard let producer else {
            throw KafkaClientError(.closed, "the internal topic '\(topic)' is not open")
        }
        let deliveries = try await producer.enqueue(
            records.map { ProducerRecord(topic: topic, key: $0.key, value: $0.value) })
        for delivery in deliveries {
            _ = try await delivery.metadata()
        }
    }

    /// Closes the producer after sending what is buffered.
    func close() async {
        if let producer {
            await producer.close()
        }
        producer = nil
    }

    private func ensureTopic() async throws {
        var configuration = KafkaAdminConfiguration()
        configuration.client = client
        configuration.client.clientId = "tributary-admin"
        let admin = KafkaAdmin(configuration: configuration, logger: logger)
        defer { Task { await admin.close() } }
        let results = try await admin.createTopics([
            NewTopic(
                name: topic,
                numPartitions: partitions,
                replicationFactor: replicationFactor,
                configs: ["cleanup.policy": "compact"]
            )
        ])
        if let failure = results[topic] ?? nil {
            guard failure.errorCode == .topicAlreadyExists else { throw failure }
            let configs = try await admin.describeTopicConfigs(topic)
            let policy = configs["cleanup.policy"]?.value ?? "delete"
            guard policy == "compact" else {
                throw RuntimeError(
                    "Topic '\(topic)' supplied via the worker config is required to have 'cleanup.policy=compact' "
                        + "to guarantee consistency and durability of source connector offsets, connector configs "
                        + "and statuses, but found the topic currently has 'cleanup.policy=\(policy)'. Continuing "
                        + "would likely result in eventually losing them and problems restarting this Connect "
                        + "cluster in the future. Change the 'offset.storage.topic', 'config.storage.topic' or "
                        + "'status.storage.topic' setting or correct the topic's cleanup policy."
                )
            }
        } else {
            logger.info("Created internal topic", metadata: ["topic": "\(topic)", "partitions": "\(partitions)"])
        }
    }

    private func readToEnd() async throws -> [ConsumerRecord] {
        var configuration = KafkaConsumerConfiguration()
        configuration.client = client
        configuration.client.clientId = "tributary-\(topic)-reader"
        configuration.enableAutoCommit = false
        configuration.fetchMaxWaitMs = 50
        configuration.maxPollRecords = 10_000
        configuration.allowAutoCreateTopics = false
        let consumer = KafkaConsumer(configuration: configuration, logger: logger)
        defer { Task { await consumer.close() } }
        var admin = KafkaAdminConfiguration()
        admin.client = client
        let describer = KafkaAdmin(configuration: admin, logger: logger)
        let description = try await describer.describeTopics([topic])
        await describer.close()
        let partitionIds = description.first?.partitions.map(\.partition) ?? []
        let list = partitionIds.map { TopicPartition(topic, $0) }
        guard !list.isEmpty else { return [] }
        try await consumer.assign(list)
        try await consumer.seekToBeginning(list)
        let ends = try await consumer.endOffsets(list)
        var records: [ConsumerRecord] = []
        while true {
            var done = true
            for partition in list where try await consumer.position(partition) < (ends[partition] ?? 0) {
                done = false
            }
            if done { break }
            records += try await consumer.poll(timeout: .milliseconds(200))
        }
        return records
    }
}
