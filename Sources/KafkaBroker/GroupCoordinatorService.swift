import GroupCoordinator
import KafkaRecords
import LogStorage
import Logging
import NIOCore

/// Runs the pure group coordinator for the broker: keeps its state, parks JoinGroup/SyncGroup requests until
/// their answer is produced (by a later event or a timer), appends its records to the compacted
/// `__consumer_offsets` topic (fsynced before the answers that follow them), and rebuilds the state from that
/// topic at start.
actor GroupCoordinatorService {
    static let topic = "__consumer_offsets"

    private var state: GroupCoordinatorState
    private let logs: LogManager
    private let partitionCount: Int32
    private let logger: Logger
    private var nextRequestId = 0
    private var parked: [Int: CheckedContinuation<GroupAction, Never>] = [:]
    private var early: [Int: GroupAction] = [:]
    private var isLoaded = false
    private var needsReload = false

    init(configuration: BrokerConfiguration, logs: LogManager, logger: Logger) {
        var config = GroupCoordinatorConfig()
        config.initialRebalanceDelayMs = Int32(clamping: configuration.groupInitialRebalanceDelayMs)
        self.state = GroupCoordinatorState(config: config)
        self.logs = logs
        self.partitionCount = configuration.offsetsTopicPartitions
        self.logger = logger
    }

    private var now: Int64 { systemMillisecondClock() }

    /// Creates `__consumer_offsets` (compacted) if needed and replays it into the state.
    func load() async throws {
        if await logs.topic(Self.topic) == nil {
            try await logs.createTopic(
                Self.topic, partitions: partitionCount,
                config: ["cleanup.policy": "compact", "segment.bytes": "104857600"])
        }
        let partitions = await logs.topic(Self.topic)?.partitionCount ?? partitionCount
        var replayed = 0
        for index in 0..<partitions {
            guard let log = await logs.log(for: LogStorage.TopicPartition(Self.topic, index)) else { continue }
            var offset = await log.logStartOffset
            let end = await log.logEndOffset
            while offset < end {
                let bytes = try await log.read(from: offset, maxBytes: 1 << 20).readBytes()
                let batches = try RecordBatch.decodeAll(bytes)
                guard let last = batches.last else { break }
                for batch in batches where !batch.header.attributes.isControl {
                    for record in batch.records {
                        guard let key = record.key else { continue }
                        do {
                            try state.replay(key: key, value: record.value)
                            replayed += 1
                        } catch {
                            logger.warning("skipping unreadable __consumer_offsets record", metadata: ["error": "\(error)"])
                        }
                    }
                }
                offset = last.lastOffset + 1
            }
        }
        isLoaded = true
        await execute(state.loadCompleted(now: now))
        logger.info("group coordinator loaded", metadata: ["records": "\(replayed)"])
    }

    /// Rebuilds the state from `__consumer_offsets` after a failed append (parked requests are told to retry).
    private func reload() async {
        needsReload = false
        for (id, continuation) in parked {
            continuation.resume(returning: Self.unavailable(.respondHeartbeat(requestId: id, .none)))
        }
        parked.removeAll()
        state = GroupCoordinatorState(config: state.config)
        isLoaded = false
        do {
            try await load()
        } catch {
            logger.error("reloading __consumer_offsets failed", metadata: ["error": "\(error)"])
            needsReload = true
        }
    }

    /// Expires sessions and rebalance timeouts until cancelled.
    func runTimers() async {
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: 50_000_000)
            guard isLoaded else { continue }
            if let deadline = state.nextDeadline, deadline > now { continue }
            await execute(state.tick(now: now))
        }
    }

    // MARK: Requests

    /// Submits one event and waits for the answer to it, which may come from a later event.
    private func submit(_ event: (inout GroupCoordinatorState, Int, Int64) -> [GroupAction]) async -> GroupAction {
        if needsReload { await reload() }
        let id = nextRequestId
        nextRequestId += 1
        let actions = event(&state, id, now)
        await execute(actions)
        if let ready = early.removeValue(forKey: id) { return ready }
        return await withCheckedContinuation { continuation in
            if let ready = early.removeValue(forKey: id) {
                continuation.resume(returning: ready)
            } else {
                parked[id] = continuation
            }
        }
    }

    /// Appends persisted records (durably) before delivering the answers that follow them. If an append fails,
    /// the answers after it become COORDINATOR_NOT_AVAILABLE (the client retries) and the state is rebuilt from
    /// the log before the next request, so nothing unpersisted is ever acknowledged.
    private func execute(_ actions: [GroupAction]) async {
        var pending: [CoordinatorRecord] = []
        var failed = false
        for var action in actions {
            if let record = action.record {
                pending.append(record)
                continue
            }
            if !pending.isEmpty {
                if !(await persist(pending)) { failed = true }
                pending.removeAll()
            }
            if failed { action = Self.unavailable(action) }
            guard let id = action.requestId else { continue }
            if let continuation = parked.removeValue(forKey: id) {
                continuation.resume(returning: action)
            } else {
                early[id] = action
            }
        }
        if !pending.isEmpty, !(await persist(pending)) { failed = true }
        if failed { needsReload = true }
    }

    /// The same answer with COORDINATOR_NOT_AVAILABLE, for when its records could not be appended.
    private static func unavailable(_ action: GroupAction) -> GroupAction {
        let code = GroupErrorCode(rawValue: 15)
        switch action {
        case .persist: return action
        case .respondJoin(let id, let result): return .respondJoin(requestId: id, .error(code, memberId: result.memberId))
        case .respondSync(let id, _): return .respondSync(requestId: id, .error(code))
        case .respondHeartbeat(let id, _): return .respondHeartbeat(requestId: id, code)
        case .respondLeave(let id, _): return .respondLeave(requestId: id, LeaveResult(errorCode: code))
        case .respondOffsetCommit(let id, var result):
            for topic in result.topics.indices {
                for partition in result.topics[topic].partitions.indices { result.topics[topic].partitions[partition].errorCode = code }
            }
            return .respondOffsetCommit(requestId: id, result)
        case .respondDeleteGroups(let id, let results):
            return .respondDeleteGroups(requestId: id, results.map { DeleteGroupResult(groupId: $0.groupId, errorCode: code) })
        }
    }

    private func persist(_ records: [CoordinatorRecord]) async -> Bool {
        var byPartition: [Int32: [CoordinatorRecord]] = [:]
        for record in records {
            byPartition[partition(for: record.groupId, partitionCount: partitionCount), default: []].append(record)
        }
        for (index, group) in byPartition {
            do {
                guard let log = await logs.log(for: LogStorage.TopicPartition(Self.topic, index)) else { continue }
                var builder = RecordBatchBuilder()
                let timestamp = now
                for record in group {
                    builder.append(key: try record.encodedKey(), value: try record.encodedValue(), timestamp: timestamp)
                }
                _ = try await log.append(try builder.build())
                try await log.flush()
            } catch {
                logger.error("cannot persist group records", metadata: ["partition": "\(index)", "error": "\(error)"])
                return false
            }
        }
        return true
    }

    func join(groupId: String, _ input: JoinInput) async -> JoinResult {
        guard isLoaded else { return .error(GroupErrorCode(rawValue: 14), memberId: input.memberId) }
        let action = await submit { state, id, now in state.join(groupId: groupId, input, requestId: id, now: now) }
        if case .respondJoin(_, let result) = action { return result }
        return .error(GroupErrorCode(rawValue: 15), memberId: input.memberId)
    }

    func sync(groupId: String, _ input: SyncInput) async -> SyncResult {
        guard isLoaded else { return .error(GroupErrorCode(rawValue: 14)) }
        let action = await submit { state, id, now in state.sync(groupId: groupId, input, requestId: id, now: now) }
        if case .respondSync(_, let result) = action { return result }
        return .error(GroupErrorCode(rawValue: 15))
    }

    func heartbeat(groupId: String, _ input: HeartbeatInput) async -> GroupErrorCode {
        guard isLoaded else { return GroupErrorCode(rawValue: 14) }
        let action = await submit { state, id, now in state.heartbeat(groupId: groupId, input, requestId: id, now: now) }
        if case .respondHeartbeat(_, let code) = action { return code }
        return GroupErrorCode(rawValue: 15)
    }

    func leave(groupId: String, _ members: [LeavingMember]) async -> LeaveResult {
        guard isLoaded else { return LeaveResult(errorCode: GroupErrorCode(rawValue: 14)) }
        let action = await submit { state, id, now in state.leave(groupId: groupId, members, requestId: id, now: now) }
        if case .respondLeave(_, let result) = action { return result }
        return LeaveResult(errorCode: GroupErrorCode(rawValue: 15))
    }

    func commit(groupId: String, _ input: OffsetCommitInput) async -> OffsetCommitResult? {
        guard isLoaded else { return nil }
        let action = await submit { state, id, now in state.commitOffsets(groupId: groupId, input, requestId: id, now: now) }
        if case .respondOffsetCommit(_, let result) = action { return result }
        return nil
    }

    func fetchOffsets(groupId: String, topics: [OffsetFetchTopic]?) -> OffsetFetchResult? {
        guard isLoaded else { return nil }
        return state.fetchOffsets(groupId: groupId, topics: topics)
    }

    func deleteGroups(_ groupIds: [String]) async -> [DeleteGroupResult] {
        guard isLoaded else { return groupIds.map { DeleteGroupResult(groupId: $0, errorCode: GroupErrorCode(rawValue: 14)) } }
        let action = await submit { state, id, now in state.deleteGroups(groupIds, requestId: id, now: now) }
        if case .respondDeleteGroups(_, let results) = action { return results }
        return []
    }

    func listGroups(statesFilter: Set<String>) -> [ListedGroup]? {
        guard isLoaded else { return nil }
        return state.listGroups(statesFilter: statesFilter)
    }

    func describeGroups(_ groupIds: [String]) -> [DescribedGroup]? {
        guard isLoaded else { return nil }
        return state.describeGroups(groupIds)
    }

    /// Answers every parked request (shutdown), so no handler waits forever.
    func shutDown() {
        for (id, continuation) in parked {
            continuation.resume(returning: .respondHeartbeat(requestId: id, GroupErrorCode(rawValue: 15)))
        }
        parked.removeAll()
    }
}
