import KafkaTestSupport
import KafkaClient
import KafkaProtocol
import NIOCore
import Synchronization
import Testing

/// Records what a rebalance listener was told.
final class RebalanceLog: ConsumerRebalanceListener {
    private let events = Mutex<[(kind: String, partitions: [TopicPartition])]>([])
    private let commitOnRevoke: Bool

    init(commitOnRevoke: Bool = false) {
        self.commitOnRevoke = commitOnRevoke
    }

    func partitionsRevoked(_ partitions: [TopicPartition], consumer: KafkaConsumer) async {
        if commitOnRevoke { try? await consumer.commit() }
        events.withLock { $0.append(("revoked", partitions)) }
    }

    func partitionsAssigned(_ partitions: [TopicPartition], consumer: KafkaConsumer) async {
        events.withLock { $0.append(("assigned", partitions)) }
    }

    func partitionsLost(_ partitions: [TopicPartition], consumer: KafkaConsumer) async {
        events.withLock { $0.append(("lost", partitions)) }
    }

    var history: [(kind: String, partitions: [TopicPartition])] { events.withLock { $0 } }
    var lastAssigned: [TopicPartition]? { history.last { $0.kind == "assigned" }?.partitions }
}

/// Waits until `condition` holds, checking every 50 ms, for at most `timeout`.
func eventually(
    timeout: Duration = .seconds(30),
    _ condition: () async -> Bool
) async -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return await condition()
}

/// Polls a consumer in the background until stopped, collecting records and errors.
final class Poller: Sendable {
    private let collected = Mutex<[ConsumerRecord]>([])
    private let failures = Mutex<[String]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)

    var records: [ConsumerRecord] { collected.withLock { $0 } }
    var errors: [String] { failures.withLock { $0 } }

    func start(_ consumer: KafkaConsumer) {
        let running = Task { await self.loop(consumer) }
        task.withLock { $0 = running }
    }

    private func loop(_ consumer: KafkaConsumer) async {
        while !Task.isCancelled {
            do {
                let batch = try await consumer.poll(timeout: .milliseconds(200))
                collected.withLock { $0 += batch }
            } catch {
                if !Task.isCancelled { failures.withLock { $0.append("\(error)") } }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        await running?.value
    }
}

@Suite(.timeLimit(.minutes(5))) struct GroupTests {
    @Test(arguments: [AssignmentStrategy.range, .roundRobin])
    func twoMembersSplitFourPartitionsAndRebalanceWhenOneLeaves(_ strategy: AssignmentStrategy) async throws {
        try await withBroker(numPartitions: 4) { broker in
            let topic = "grouped"
            let producer = broker.producer()
            for index in 0..<400 {
                _ = try await producer.enqueue(topic: topic, key: ByteBuffer(string: "k\(index)"), value: ByteBuffer(string: "\(index)"))
            }
            await producer.flush()

            let firstLog = RebalanceLog(commitOnRevoke: true)
            let secondLog = RebalanceLog(commitOnRevoke: true)
            let first = broker.consumer(group: "pair-\(strategy)") {
                $0.partitionAssignmentStrategy = [strategy]
                $0.enableAutoCommit = false
            }
            let second = broker.consumer(group: "pair-\(strategy)") {
                $0.partitionAssignmentStrategy = [strategy]
                $0.enableAutoCommit = false
            }
            try await first.subscribe(topics: [topic], listener: firstLog)
            let firstPoller = Poller()
            firstPoller.start(first)
            #expect(await eventually { firstLog.lastAssigned?.count == 4 })

            try await second.subscribe(topics: [topic], listener: secondLog)
            let secondPoller = Poller()
            secondPoller.start(second)
            let split = await eventually {
                let a = firstLog.lastAssigned ?? []
                let b = secondLog.lastAssigned ?? []
                return a.count == 2 && b.count == 2 && Set(a + b).count == 4
            }
            #expect(split, "first: \(firstLog.history), second: \(secondLog.history)")
            #expect(firstLog.history.contains { $0.kind == "revoked" && $0.partitions.count == 4 })

            // Every record is consumed by one of the two (offsets committed on revocation move on).
            #expect(
                await eventually {
                    Set(firstPoller.records.map(\.offset) + secondPoller.records.map(\.offset)).count > 0
                })

            await secondPoller.stop()
            await second.close()
            #expect(secondLog.history.last?.kind == "revoked")
            let regained = await eventually { firstLog.lastAssigned?.count == 4 }
            #expect(regained, "first: \(firstLog.history)")

            for index in 400..<440 {
                _ = try await producer.enqueue(topic: topic, key: ByteBuffer(string: "k\(index)"), value: ByteBuffer(string: "\(index)"))
            }
            await producer.close()
            #expect(
                await eventually {
                    firstPoller.records.contains { String(buffer: $0.value!) == "439" }
                })
            await firstPoller.stop()
            await first.close()
            #expect(firstPoller.errors.isEmpty)
            #expect(secondPoller.errors.isEmpty)

            // Together they saw every record at least once; nothing was lost across the rebalances.
            let seen = Set(
                (firstPoller.records + secondPoller.records).map {
                    String(buffer: $0.value!)
                })
            #expect(seen.count == 440)
            // Offsets committed in the revocation callback hand over exactly where the old owner stopped.
            #expect(firstPoller.records.count + secondPoller.records.count == 440)
        }
    }

    /// A member that stops polling leaves after max.poll.interval.ms; its partitions move on, and it rejoins when
    /// it polls again.
    @Test func aMemberThatStopsPollingIsReplacedAndRejoins() async throws {
        try await withBroker(numPartitions: 4) { broker in
            let admin = broker.admin()
            try await admin.createTopic(NewTopic(name: "idle", numPartitions: 4))
            await admin.close()
            let idleLog = RebalanceLog()
            let busyLog = RebalanceLog()
            let idle = broker.consumer(group: "idlers") { $0.maxPollIntervalMs = 1000 }
            let busy = broker.consumer(group: "idlers") { $0.maxPollIntervalMs = 1000 }
            try await idle.subscribe(topics: ["idle"], listener: idleLog)
            _ = try await idle.poll(timeout: .milliseconds(100))
            #expect(idleLog.lastAssigned?.count == 4)

            try await busy.subscribe(topics: ["idle"], listener: busyLog)
            let poller = Poller()
            poller.start(busy)
            #expect(await eventually { busyLog.lastAssigned?.count == 4 }, "busy: \(busyLog.history)")
            // Give the idle member's heartbeat loop (every 200 ms) time to notice its poll timeout and leave.
            try await Task.sleep(for: .milliseconds(600))

            // Polling again: the idle member rejoins and the partitions are split.
            let rejoined = await eventually {
                _ = try? await idle.poll(timeout: .milliseconds(100))
                return idleLog.lastAssigned?.count == 2 && busyLog.lastAssigned?.count == 2
            }
            #expect(rejoined, "idle: \(idleLog.history), busy: \(busyLog.history)")
            #expect(idleLog.history.contains { $0.kind == "lost" && $0.partitions.count == 4 })
            await poller.stop()
            await idle.close()
            await busy.close()
            #expect(poller.errors.isEmpty)
        }
    }
}
