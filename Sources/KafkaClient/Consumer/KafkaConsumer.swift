import KafkaProtocol
import Logging

/// An asynchronous Kafka consumer: fetches from partition leaders with long polls, either from partitions given
/// with `assign` or as a member of a consumer group (`subscribe`, classic protocol with client-side range or
/// round-robin assignment); commits offsets to the group coordinator.
///
/// ```swift
/// let consumer = KafkaConsumer(configuration: try KafkaConsumerConfiguration(properties: props), logger: logger)
/// await consumer.subscribe(topics: ["orders"])
/// while running {
///     for record in try await consumer.poll(timeout: .seconds(1)) { handle(record) }
/// }
/// await consumer.close()
/// ```
public actor KafkaConsumer {
    /// How the consumer gets its partitions.
    enum Mode: Equatable {
        case none
        case manual
        case subscribed([String])
    }

    /// Fetch state of one assigned partition.
    struct PartitionState: Sendable {
        /// The next offset `poll` returns; nil until resolved from the committed offset or `auto.offset.reset`.
        var position: Int64?
        var leaderEpoch: Int32?
        /// Fetched records not yet returned by `poll`.
        var buffer: ArraySlice<ConsumerRecord> = []
        /// The fetch position after the buffered records (past control batches and gaps).
        var bufferEnd: Int64?
        /// A pending `seekToBeginning`/`seekToEnd`, or a reset after OFFSET_OUT_OF_RANGE.
        var reset: KafkaConsumerConfiguration.AutoOffsetReset?
        var paused = false
        /// A larger per-partition fetch size after a batch did not fit.
        var fetchBytes: Int32?
        /// The high watermark from the last fetch, or -1.
        var highWatermark: Int64 = -1
        /// No fetch before this instant (after a retriable partition error).
        var notBefore: ContinuousClock.Instant?
    }

    /// The settings the consumer runs with.
    public let configuration: KafkaConsumerConfiguration
    let logger: Logger
    let cluster: KafkaCluster
    var mode = Mode.none
    var listener: (any ConsumerRebalanceListener)?
    var partitions: [TopicPartition: PartitionState] = [:]
    var assignmentOrder: [TopicPartition] = []
    var nextPartitionToDrain = 0
    var group = GroupMembership()
    var heartbeat: Task<Void, Never>?
    var lastPoll = ContinuousClock.now
    var lastAutoCommit = ContinuousClock.now
    var lastMetadataCheck = ContinuousClock.now
    var closed = false
    /// Set while a `poll` runs (polls may not overlap).
    var polling = false
    /// Set while JoinGroup/SyncGroup are out (no heartbeats then).
    var joining = false

    private static let clientCounter = ClientCounter()

    /// Creates a consumer; connections are opened on first use.
    public init(configuration: KafkaConsumerConfiguration, logger: Logger) {
        self.configuration = configuration
        let clientId =
            configuration.client.clientId.isEmpty
            ? "consumer-\(configuration.groupId ?? "")-\(Self.clientCounter.next())" : configuration.client.clientId
        var logger = logger
        logger[metadataKey: "kafka.client_id"] = "\(clientId)"
        if let groupId = configuration.groupId { logger[metadataKey: "kafka.group_id"] = "\(groupId)" }
        self.logger = logger
        self.cluster = KafkaCluster(configuration: configuration.client, clientId: clientId, logger: logger)
    }

    // MARK: - Assignment

    /// Consumes exactly `partitions` (no group membership); positions of partitions kept stay as they are.
    public func assign(_ partitions: [TopicPartition]) throws(KafkaClientError) {
        try checkOpen()
        if case .subscribed = mode {
            throw KafkaClientError(.invalidState, "assign() cannot be used while subscribed; unsubscribe first")
        }
        mode = partitions.isEmpty ? .none : .manual
        setAssignment(partitions)
    }

    /// Joins the consumer group (`group.id`) for `topics`; partitions are assigned by the group leader during the
    /// next `poll`. `listener` is told about revoked and assigned partitions.
    public func subscribe(topics: [String], listener: (any ConsumerRebalanceListener)? = nil)
        throws(KafkaClientError)
    {
        try checkOpen()
        guard configuration.groupId != nil else {
            throw KafkaClientError(.invalidState, "subscribe() needs a group.id")
        }
        if mode == .manual {
            throw KafkaClientError(.invalidState, "subscribe() cannot be used after assign(); unsubscribe first")
        }
        let sorted = Array(Set(topics)).sorted()
        self.listener = listener
        if case .subscribed(let current) = mode, current == sorted { return }
        mode = sorted.isEmpty ? .none : .subscribed(sorted)
        group.needsJoin = true
    }

    /// Leaves the group (after committing, if auto-commit is on, and telling the listener) or drops the manual
    /// assignment.
    public func unsubscribe() async {
        if case .subscribed = mode {
            if group.generationId >= 0 { await revokeAssignment() } else { await loseAssignment() }
            await leaveGroup(reason: "the consumer unsubscribed")
        }
        mode = .none
        setAssignment([])
    }

    /// The partitions currently assigned.
    public func assignment() -> [TopicPartition] { assignmentOrder }

    /// The topics subscribed to (empty when not subscribed).
    public func subscription() -> [String] {
        if case .subscribed(let topics) = mode { return topics }
        return []
    }

    /// Replaces the assignment, keeping state of partitions that stay.
    func setAssignment(_ list: [TopicPartition]) {
        let unique = Array(Set(list)).sorted()
        var next: [TopicPartition: PartitionState] = [:]
        for partition in unique { next[partition] = partitions[partition] ?? PartitionState() }
        partitions = next
        assignmentOrder = unique
        nextPartitionToDrain = 0
    }

    // MARK: - Positions

    /// Makes `offset` the next record `poll` returns from `partition`.
    public func seek(_ partition: TopicPartition, to offset: Int64) throws(KafkaClientError) {
        guard var state = partitions[partition] else {
            throw KafkaClientError(.invalidState, "cannot seek \(partition): it is not assigned")
        }
        state.position = offset
        state.reset = nil
        state.buffer = []
        state.bufferEnd = nil
        state.notBefore = nil
        partitions[partition] = state
    }

    /// Moves `partitions` (all assigned when empty) to the log start, resolved on the next `poll`/`position`.
    public func seekToBeginning(_ partitions: [TopicPartition] = []) throws(KafkaClientError) {
        try requestReset(partitions, .earliest)
    }

    /// Moves `partitions` (all assigned when empty) to the log end, resolved on the next `poll`/`position`.
    public func seekToEnd(_ partitions: [TopicPartition] = []) throws(KafkaClientError) {
        try requestReset(partitions, .latest)
    }

    private func requestReset(
        _ list: [TopicPartition],
        _ reset: KafkaConsumerConfiguration.AutoOffsetReset
    ) throws(KafkaClientError) {
        for partition in list.isEmpty ? assignmentOrder : list {
            guard var state = partitions[partition] else {
                throw KafkaClientError(.invalidState, "cannot seek \(partition): it is not assigned")
            }
            state.position = nil
            state.reset = reset
            state.buffer = []
            state.bufferEnd = nil
            partitions[partition] = state
        }
    }

    /// Stops fetching from `partitions` until `resume`; buffered records of them are kept but not returned.
    public func pause(_ list: [TopicPartition]) {
        for partition in list { partitions[partition]?.paused = true }
    }

    /// Fetches from `partitions` again.
    public func resume(_ list: [TopicPartition]) {
        for partition in list { partitions[partition]?.paused = false }
    }

    /// The paused partitions.
    public func paused() -> [TopicPartition] {
        assignmentOrder.filter { partitions[$0]?.paused == true }
    }

    // MARK: - Lifecycle

    /// Commits (with auto-commit), tells the listener, leaves the group and closes the connections. A static
    /// member (`group.instance.id`) keeps its place for `session.timeout.ms` unless `leavingStaticMembership`.
    public func close(leavingStaticMembership: Bool = false) async {
        guard !closed else { return }
        if case .subscribed = mode {
            if group.generationId >= 0 { await revokeAssignment() } else { await loseAssignment() }
            await leaveGroup(reason: "the consumer is being closed", evenIfStatic: leavingStaticMembership)
        }
        closed = true
        heartbeat?.cancel()
        await heartbeat?.value
        heartbeat = nil
        await cluster.close()
    }

    func checkOpen() throws(KafkaClientError) {
        guard !closed else { throw KafkaClientError(.closed, "the consumer is closed") }
    }

    // MARK: - Polling

    /// Returns records fetched from the assigned partitions, waiting up to `timeout` for some; joins or rejoins
    /// the group first when subscribed (a rebalance may take longer than `timeout`). Returns at most
    /// `max.poll.records` records, in offset order per partition.
    ///
    /// - Throws: `.noOffset` when a partition has no valid position and `auto.offset.reset` is `none`; broker and
    ///   connection errors that retries did not fix; `.closed`.
    public func poll(timeout: Duration) async throws(KafkaClientError) -> [ConsumerRecord] {
        try await poll(timeout: timeout, maintainingGroup: true)
    }

    /// Like ``poll(timeout:)`` but without group maintenance — no join, rejoin or rebalance callbacks, no
    /// auto-commit: records already buffered, or fetched now, for the current assignment (waiting up to `timeout`,
    /// `[]` when there is nothing to fetch from). For a caller that works on the previous poll's records meanwhile
    /// and must not see the assignment change under it; it still has to call `poll` within `max.poll.interval.ms`.
    public func pollFetched(timeout: Duration) async throws(KafkaClientError) -> [ConsumerRecord] {
        try await poll(timeout: timeout, maintainingGroup: false)
    }

    private func poll(timeout: Duration, maintainingGroup: Bool) async throws(KafkaClientError) -> [ConsumerRecord] {
        try checkOpen()
        guard !polling else {
            throw KafkaClientError(.invalidState, "poll() was called while another poll() is running")
        }
        polling = true
        defer { polling = false }
        if maintainingGroup { lastPoll = .now }
        let deadline = Deadline(ContinuousClock.now.advanced(by: timeout))
        while true {
            if Task.isCancelled { throw KafkaClientError(.closed, "poll was cancelled") }
            try checkOpen()
            if maintainingGroup {
                if case .subscribed = mode {
                    try await ensureActiveGroup()
                    lastPoll = .now
                }
                await maybeAutoCommit()
            }
            try await resolvePositions()
            let records = takeBufferedRecords()
            if !records.isEmpty { return records }
            if deadline.hasPassed { return [] }
            let waitMs = min(Int64(configuration.fetchMaxWaitMs), deadline.remainingMs)
            let fetched = try await fetchOnce(maxWaitMs: Int32(waitMs))
            if !fetched {
                // Nothing to fetch from (no assignment, everything paused or backing off).
                guard maintainingGroup else { return [] }
                try? await sleep(ms: min(50, max(waitMs, 1)), before: deadline)
            }
        }
    }

    /// Up to `max.poll.records` buffered records, taken round-robin across partitions; advances positions.
    private func takeBufferedRecords() -> [ConsumerRecord] {
        var taken: [ConsumerRecord] = []
        let limit = configuration.maxPollRecords
        guard !assignmentOrder.isEmpty else { return [] }
        var visited = 0
        while taken.count < limit && visited < assignmentOrder.count {
            let index = (nextPartitionToDrain + visited) % assignmentOrder.count
            visited += 1
            let partition = assignmentOrder[index]
            guard var state = partitions[partition], !state.paused, !state.buffer.isEmpty else { continue }
            let chunk = state.buffer.prefix(limit - taken.count)
            taken.append(contentsOf: chunk)
            state.buffer = state.buffer.dropFirst(chunk.count)
            if let last = chunk.last {
                state.position = last.offset + 1
                state.leaderEpoch = last.leaderEpoch ?? state.leaderEpoch
            }
            if state.buffer.isEmpty, let end = state.bufferEnd {
                state.position = max(state.position ?? end, end)
                state.bufferEnd = nil
            }
            partitions[partition] = state
        }
        nextPartitionToDrain = (nextPartitionToDrain + 1) % assignmentOrder.count
        return taken
    }
}
