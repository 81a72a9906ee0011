import KafkaProtocol
import ConnectAPI
import KafkaClient
import KafkaRecords
import Logging
import NIOCore

/// Writes records that failed processing to the connector's dead letter queue topic, with Kafka Connect's
/// `__connect.errors.*` context headers when enabled (Kafka's `DeadLetterQueueReporter`; Tributary offers it for
/// source connectors too).
struct DeadLetterQueue: Sendable {
    /// Where a failed record came from in Kafka (sinks) — sources have no origin offset.
    struct Origin: Sendable {
        var topic: String
        var partition: Int32
        var offset: Int64
    }

    let topic: String
    let producer: KafkaProducer
    let contextHeadersEnabled: Bool
    let connector: String
    let taskId: Int

    /// Creates the topic (one partition, as Kafka does) if it is missing.
    static func ensureTopic(_ topic: String, replicationFactor: Int16, client: KafkaClientConfiguration, logger: Logger)
        async throws
    {
        var configuration = KafkaAdminConfiguration()
        configuration.client = client
        let admin = KafkaAdmin(configuration: configuration, logger: logger)
        let results = try await admin.createTopics([
            NewTopic(name: topic, numPartitions: 1, replicationFactor: replicationFactor)
        ])
        await admin.close()
        if let failure = results[topic] ?? nil, failure.errorCode != .topicAlreadyExists {
            throw failure
        }
    }

    /// Writes one failed record and waits for the acknowledgement.
    func report(
        key: ByteBuffer?,
        value: ByteBuffer?,
        headers: [RecordHeader],
        origin: Origin?,
        stage: ProcessingStage,
        error: any Error
    ) async throws {
        var all = headers
        if contextHeadersEnabled {
            func add(_ name: String, _ text: String) {
                all.append(RecordHeader(key: "__connect.errors." + name, bytes: Array(text.utf8)))
            }
            if let origin {
                add("topic", origin.topic)
                add("partition", String(origin.partition))
                add("offset", String(origin.offset))
            }
            add("connector.name", connector)
            add("task.id", String(taskId))
            add("stage", stage.rawValue)
            add("class.name", "io.tributary.connect.runtime")
            add("exception.class.name", ErrorTrace.typeName(of: error))
            add("exception.message", ErrorTrace.describe(error))
            add("exception.stacktrace", ErrorTrace.trace(error, context: "\(connector)-\(taskId) \(stage.rawValue)"))
        }
        try await producer.send(topic: topic, key: key, value: value, headers: all)
    }
}
