import KafkaProtocol
import LogStorage
import Logging
import NIOConcurrencyHelpers

/// What the handlers share: the configuration, the logs, the append notifier for long-polling fetches.
final class BrokerState: Sendable {
    let configuration: BrokerConfiguration
    let logs: LogManager
    let logger: Logger
    let notifier = AppendNotifier()
    let producerIds: ProducerIdAllocator
    let groups: GroupCoordinatorService
    /// The port the listener is bound to (known once it is up), advertised when no advertised port is set —
    /// so a broker on port 0 advertises the real port.
    let boundPort = NIOLockedValueBox<Int?>(nil)

    init(configuration: BrokerConfiguration, logs: LogManager, logger: Logger) {
        self.configuration = configuration
        self.logs = logs
        self.logger = logger
        self.producerIds = ProducerIdAllocator(directory: configuration.logDirectory)
        self.groups = GroupCoordinatorService(configuration: configuration, logs: logs, logger: logger)
    }

    /// The Metadata broker entry of this node.
    var brokerEntry: MetadataResponse.Broker {
        let port = configuration.advertisedPort ?? boundPort.withLockedValue { $0 } ?? configuration.port
        return MetadataResponse.Broker(
            nodeId: configuration.nodeId, host: configuration.effectiveAdvertisedHost, port: Int32(port))
    }

    /// Creates `topic` with the broker's defaults if auto-creation is on; returns whether it exists afterwards.
    func autoCreate(_ topic: String) async -> KafkaErrorCode {
        if await logs.topic(topic) != nil { return .none }
        guard configuration.autoCreateTopics else { return .unknownTopicOrPartition }
        do {
            try await logs.createTopic(topic, partitions: configuration.numPartitions)
            logger.info("auto-created topic", metadata: ["topic": "\(topic)", "partitions": "\(configuration.numPartitions)"])
            return .none
        } catch {
            if error.code == .topicAlreadyExists { return .none }
            if error.code == .invalidTopic { return .invalidTopicException }
            logger.warning("auto-creating topic failed", metadata: ["topic": "\(topic)", "error": "\(error)"])
            return .unknownTopicOrPartition
        }
    }

    func runBackgroundTasks() async {
        do {
            try await groups.load()
        } catch {
            logger.error("group coordinator failed to load __consumer_offsets", metadata: ["error": "\(error)"])
            return
        }
        await groups.runTimers()
    }

    func shutDown() async {
        await notifier.shutDown()
        await groups.shutDown()
    }
}

extension LogStorageError {
    /// The Kafka error code a client should see for this storage error.
    var kafkaErrorCode: KafkaErrorCode {
        switch code {
        case .offsetOutOfRange: .offsetOutOfRange
        case .unknownTopicOrPartition: .unknownTopicOrPartition
        case .messageTooLarge: .messageTooLarge
        case .invalidBatch: message.contains("CRC") ? .corruptMessage : .invalidRecord
        case .topicAlreadyExists: .topicAlreadyExists
        case .invalidTopic: .invalidTopicException
        case .invalidPartitions: .invalidPartitions
        case .invalidConfig: .invalidConfig
        case .outOfOrderSequence: .outOfOrderSequenceNumber
        case .invalidProducerEpoch: .invalidProducerEpoch
        case .logDirectoryFailed, .io, .closed: KafkaErrorCode(rawValue: 56)  // KAFKA_STORAGE_ERROR
        default: KafkaErrorCode(rawValue: 56)
        }
    }
}
