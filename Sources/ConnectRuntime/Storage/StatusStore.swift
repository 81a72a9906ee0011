#if canImport(Glibc)
import Glibc
#endif
import ConnectConverters
import KafkaClient
import Logging
import NIOCore

/// Connector and task statuses in the compacted `connect-status` topic, with Kafka Connect's keys and values
/// (`KafkaStatusBackingStore`): `status-connector-<name>` / `status-task-<name>-<n>` →
/// `{"state":…,"trace":…,"worker_id":…,"generation":n}`, and `status-topic-<topic>:connector-<name>` for the
/// topics a connector used. Writes go out in order; a failed write is logged, not fatal (statuses are advisory).
actor StatusStore {
    private let log: CompactedTopicLog
    private let logger: Logger
    /// Topics per connector, as read back at start.
    private(set) var topics: [String: Set<String>] = [:]

    init(log: CompactedTopicLog, logger: Logger) {
        self.log = log
        self.logger = logger
    }

    func start() async throws {
        for record in try await log.start() {
            guard let keyBuffer = record.key,
                let key = keyBuffer.getString(at: keyBuffer.readerIndex, length: keyBuffer.readableBytes),
                key.hasPrefix("status-topic-"), let marker = key.firstRange(of: ":connector-")
            else { continue }
            let topic = String(key[key.index(key.startIndex, offsetBy: "status-topic-".count)..<marker.lowerBound])
            let connector = String(key[marker.upperBound...])
            if record.value == nil {
                topics[connector]?.remove(topic)
            } else {
                topics[connector, default: []].insert(topic)
            }
        }
    }

    func putConnector(_ name: String, state: String, trace: String?, workerId: String, generation: Int) async {
        await put("status-connector-\(name)", state: state, trace: trace, workerId: workerId, generation: generation)
    }

    func putTask(_ id: ConnectorTaskId, state: String, trace: String?, workerId: String, generation: Int) async {
        await put("status-task-\(id.connector)-\(id.task)", state: state, trace: trace, workerId: workerId, generation: generation)
    }

    func putTopic(_ topic: String, connector: String, task: Int) async {
        topics[connector, default: []].insert(topic)
        let value = JSONNode.object([
            .init(
                "topic",
                .object([
                    .init("name", .string(topic)), .init("connector", .string(connector)),
                    .init("task", .int(Int64(task))),
                    .init("discoverTimestamp", .int(Int64(WallClock.nowMillis))),
                ]))
        ])
        await send("status-topic-\(topic):connector-\(connector)", value)
    }

    func removeTopics(connector: String) async {
        for topic in topics[connector] ?? [] {
            await send("status-topic-\(topic):connector-\(connector)", nil)
        }
        topics[connector] = nil
    }

    func removeConnector(_ name: String, tasks: Int) async {
        await send("status-connector-\(name)", nil)
        for task in 0..<tasks { await send("status-task-\(name)-\(task)", nil) }
    }

    func close() async {
        await log.close()
    }

    private func put(_ key: String, state: String, trace: String?, workerId: String, generation: Int) async {
        let value = JSONNode.object([
            .init("state", .string(state)), .init("trace", trace.map(JSONNode.string) ?? .null),
            .init("worker_id", .string(workerId)), .init("generation", .int(Int64(generation))),
        ])
        await send(key, value)
    }

    private func send(_ key: String, _ value: JSONNode?) async {
        do {
            try await log.send(key: ByteBuffer(string: key), value: value.map { ByteBuffer(bytes: JSONWriter.write($0)) })
        } catch {
            logger.warning("Failed to write a status record", metadata: ["key": "\(key)", "error": "\(error)"])
        }
    }
}

enum WallClock {
    /// Milliseconds since the epoch.
    static var nowMillis: Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
