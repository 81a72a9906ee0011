import ConnectConverters
import KafkaClient
import Logging
import NIOCore

/// Connector configs, task configs and target states in the compacted `connect-configs` topic, with Kafka
/// Connect's keys and values (`KafkaConfigBackingStore`): `connector-<name>` → `{"properties":{…}}`,
/// `task-<name>-<n>` → `{"properties":{…}}`, `commit-<name>` → `{"tasks":n}`,
/// `target-state-<name>` → `{"state":"PAUSED","state.v2":"STOPPED"}`; deletions are tombstones.
actor ConfigStore {
    /// What the topic holds, after reading it to the end.
    struct Snapshot: Sendable {
        var connectors: [String: [String: String]] = [:]
        var targetStates: [String: TargetState] = [:]
        var taskConfigs: [String: [[String: String]]] = [:]
    }

    private let log: CompactedTopicLog
    private let logger: Logger

    init(log: CompactedTopicLog, logger: Logger) {
        self.log = log
        self.logger = logger
    }

    /// Reads the topic to its end.
    func start() async throws -> Snapshot {
        var snapshot = Snapshot()
        var pendingTasks: [String: [Int: [String: String]]] = [:]
        for record in try await log.start() {
            guard let keyBuffer = record.key, let key = keyBuffer.getString(at: keyBuffer.readerIndex, length: keyBuffer.readableBytes)
            else { continue }
            let node = record.value.flatMap { try? JSONParser.parse($0.readableBytesView) }
            if key.hasPrefix("connector-") {
                let name = String(key.dropFirst("connector-".count))
                if let properties = node?["properties"].flatMap(Self.stringMap) {
                    snapshot.connectors[name] = properties
                } else {
                    snapshot.connectors[name] = nil
                    snapshot.taskConfigs[name] = nil
                    snapshot.targetStates[name] = nil
                }
            } else if key.hasPrefix("target-state-") {
                let name = String(key.dropFirst("target-state-".count))
                let text = node?["state.v2"].flatMap(Self.string) ?? node?["state"].flatMap(Self.string)
                snapshot.targetStates[name] = text.flatMap(TargetState.init(requestValue:))
            } else if key.hasPrefix("task-") {
                let rest = key.dropFirst("task-".count)
                guard let dash = rest.lastIndex(of: "-"), let index = Int(rest[rest.index(after: dash)...]),
                    let properties = node?["properties"].flatMap(Self.stringMap)
                else { continue }
                pendingTasks[String(rest[..<dash]), default: [:]][index] = properties
            } else if key.hasPrefix("commit-") {
                let name = String(key.dropFirst("commit-".count))
                guard let count = node?["tasks"]?.int64Value, count >= 0 else { continue }
                let tasks = pendingTasks[name] ?? [:]
                snapshot.taskConfigs[name] = (0..<Int(count)).compactMap { tasks[$0] }
                pendingTasks[name] = nil
            }
        }
        return snapshot
    }

    /// Writes a connector's config.
    func putConnectorConfig(_ name: String, _ config: [String: String]) async throws {
        try await send("connector-\(name)", .object([.init("properties", Self.node(config))]))
    }

    /// Writes a target state.
    func putTargetState(_ name: String, _ state: TargetState) async throws {
        var members = [JSONNode.Member("state", .string(state == .started ? "STARTED" : "PAUSED"))]
        members.append(.init("state.v2", .string(state.rawValue)))
        try await send("target-state-\(name)", .object(members))
    }

    /// Writes task configs followed by their commit record.
    func putTaskConfigs(_ name: String, _ configs: [[String: String]]) async throws {
        for (index, config) in configs.enumerated() {
            try await send("task-\(name)-\(index)", .object([.init("properties", Self.node(config))]))
        }
        try await send("commit-\(name)", .object([.init("tasks", .int(Int64(configs.count)))]))
    }

    /// Removes a connector: tombstones for its config and target state.
    func removeConnector(_ name: String) async throws {
        try await send("connector-\(name)", nil)
        try await send("target-state-\(name)", nil)
    }

    func close() async {
        await log.close()
    }

    private func send(_ key: String, _ value: JSONNode?) async throws {
        try await log.send(key: ByteBuffer(string: key), value: value.map { ByteBuffer(bytes: JSONWriter.write($0)) })
    }

    static func node(_ map: [String: String]) -> JSONNode {
        .object(map.keys.sorted().map { JSONNode.Member($0, .string(map[$0] ?? "")) })
    }

    static func stringMap(_ node: JSONNode) -> [String: String]? {
        guard case .object(let members) = node else { return nil }
        var result: [String: String] = [:]
        for member in members {
            if case .string(let value) = member.value { result[member.name] = value }
        }
        return result
    }

    static func string(_ node: JSONNode) -> String? {
        if case .string(let value) = node { value } else { nil }
    }
}
