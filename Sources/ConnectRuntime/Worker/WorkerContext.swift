import KafkaClient
import Logging

/// What every task runner shares: the worker's settings, how to reach Kafka, and the offsets store.
struct WorkerContext: Sendable {
    let config: WorkerConfig
    let client: KafkaClientConfiguration
    let offsets: OffsetStore
    let logger: Logger

    /// The worker's logger with the task's `connector` and `task` metadata.
    func logger(for id: ConnectorTaskId) -> Logger {
        var logger = self.logger
        logger[metadataKey: "connector"] = "\(id.connector)"
        logger[metadataKey: "task"] = "\(id.task)"
        return logger
    }

    /// A producer for a task: acks=all and idempotent unless `producer.`/`producer.override.` keys say otherwise.
    func makeProducer(clientId: String, connectorConfig: [String: String]) throws -> KafkaProducer {
        var properties: [String: String] = [
            "acks": "all", "enable.idempotence": "true", "linger.ms": "5", "batch.size": "1048576",
            "max.request.size": "4194304", "buffer.memory": "67108864",
        ]
        for (key, value) in ConverterFactory.strip("producer.", config.properties) { properties[key] = value }
        for (key, value) in ConverterFactory.strip("producer.override.", connectorConfig) { properties[key] = value }
        var configuration = try KafkaProducerConfiguration(properties: properties)
        configuration.client = client
        configuration.client.clientId = clientId
        return KafkaProducer(configuration: configuration, logger: logger)
    }

    /// A consumer for a sink task in group `connect-<connector>`, reading from the earliest offset when the group
    /// has none (Kafka Connect's default), committing only when the runtime says so.
    ///
    /// The consumer is a static member (`group.instance.id` = task and worker id): a task restarted after a crash
    /// takes its partitions back at once instead of waiting out the dead member's session (Kafka Connect's sinks
    /// wait `session.timeout.ms`, 45 s by default).
    func makeConsumer(clientId: String, connector: String, task: Int, connectorConfig: [String: String]) throws
        -> KafkaConsumer
    {
        var properties: [String: String] = [
            "group.id": "connect-\(connector)", "auto.offset.reset": "earliest", "enable.auto.commit": "false",
            "max.poll.records": "2000", "fetch.max.wait.ms": "200",
            "group.instance.id": "connect-\(connector)-\(task)@\(config.workerId)",
        ]
        for (key, value) in ConverterFactory.strip("consumer.", config.properties) { properties[key] = value }
        for (key, value) in ConverterFactory.strip("consumer.override.", connectorConfig) { properties[key] = value }
        properties["enable.auto.commit"] = "false"
        var configuration = try KafkaConsumerConfiguration(properties: properties)
        configuration.client = client
        configuration.client.clientId = clientId
        return KafkaConsumer(configuration: configuration, logger: logger)
    }
}
