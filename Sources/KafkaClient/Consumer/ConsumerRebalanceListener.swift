/// Told when a group rebalance takes partitions away from the consumer and gives it new ones, so that a sink can
/// commit what it has processed before another member takes over (Kafka's `ConsumerRebalanceListener`).
///
/// Both callbacks run inside `poll` (or `close`/`unsubscribe`), on the consumer's actor: they may call back into the
/// consumer (`commit`, `seek`, `position`).
public protocol ConsumerRebalanceListener: Sendable {
    /// The consumer is about to give up `partitions` (all of them: the classic eager protocol revokes everything
    /// before rejoining). Commit offsets here.
    func partitionsRevoked(_ partitions: [TopicPartition], consumer: KafkaConsumer) async
    /// The consumer now owns `partitions`; positions come from committed offsets unless the listener seeks.
    func partitionsAssigned(_ partitions: [TopicPartition], consumer: KafkaConsumer) async
    /// The consumer lost `partitions` without a rebalance it took part in (its membership expired: no poll within
    /// `max.poll.interval.ms`, missed heartbeats, a fenced generation); another member may own them already, so
    /// committing is pointless. By default this calls `partitionsRevoked`, as Kafka's listener does.
    func partitionsLost(_ partitions: [TopicPartition], consumer: KafkaConsumer) async
}

extension ConsumerRebalanceListener {
    public func partitionsLost(_ partitions: [TopicPartition], consumer: KafkaConsumer) async {
        await partitionsRevoked(partitions, consumer: consumer)
    }
}

/// A rebalance listener made of two closures.
public struct RebalanceCallbacks: ConsumerRebalanceListener {
    private let revoked: @Sendable ([TopicPartition], KafkaConsumer) async -> Void
    private let assigned: @Sendable ([TopicPartition], KafkaConsumer) async -> Void
    private let lost: (@Sendable ([TopicPartition], KafkaConsumer) async -> Void)?

    /// Creates a listener calling `revoked`, `assigned` and `lost` (nil: `revoked`).
    public init(
        revoked: @escaping @Sendable ([TopicPartition], KafkaConsumer) async -> Void = { _, _ in },
        assigned: @escaping @Sendable ([TopicPartition], KafkaConsumer) async -> Void = { _, _ in },
        lost: (@Sendable ([TopicPartition], KafkaConsumer) async -> Void)? = nil
    ) {
        self.revoked = revoked
        self.assigned = assigned
        self.lost = lost
    }

    public func partitionsRevoked(_ partitions: [TopicPartition], consumer: KafkaConsumer) async {
        await revoked(partitions, consumer)
    }

    public func partitionsAssigned(_ partitions: [TopicPartition], consumer: KafkaConsumer) async {
        await assigned(partitions, consumer)
    }

    public func partitionsLost(_ partitions: [TopicPartition], consumer: KafkaConsumer) async {
        await (lost ?? revoked)(partitions, consumer)
    }
}
