import NIOCore
import ConnectAPI
import KafkaClient

extension StandaloneHerder {
    public func connectorOffsets(_ name: String) async throws(HerderError) -> ConnectorOffsets {
        let entry = try entry(name)
        switch entry.plugin.type {
        case .source:
            let offsets = await worker.offsets.offsets(of: name)
            let keyed = offsets.map { (key: Array(OffsetJSON.key(connector: "", partition: $0.key).readableBytesView), entry: ConnectorOffsets.Entry(partition: $0.key, offset: $0.value)) }
            return ConnectorOffsets(
                offsets: keyed.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map(\.entry))
        case .sink:
            do {
                let committed = try await sinkCommittedOffsets(name, entry: entry)
                return ConnectorOffsets(
                    offsets: committed.sorted { $0.key < $1.key }.map {
                        ConnectorOffsets.Entry(
                            partition: ["kafka_topic": .string($0.key.topic), "kafka_partition": .int(Int64($0.key.partition))],
                            offset: ["kafka_offset": .int($0.value)])
                    })
            } catch {
                throw .internalError("Failed to read the consumer group offsets of connect-\(name): \(error)")
            }
        }
    }

    public func alterConnectorOffsets(_ name: String, offsets: ConnectorOffsets?) async throws(HerderError) -> String {
        let entry = try entry(name)
        guard entry.targetState == .stopped else {
            throw .badRequest(
                "Connectors must be in the STOPPED state before their offsets can be modified. This can be done for "
                    + "the specified connector by issuing a 'PUT' request to the '/connectors/\(name)/stop' endpoint")
        }
        guard let offsets else {
            do {
                let handled = try await connectorHandlesReset(entry)
                try await resetOffsets(name, entry: entry)
                return handled
                    ? "The offsets for this connector have been reset successfully"
                    : "The Connect framework-managed offsets for this connector have been reset successfully. However, "
                        + "if this connector manages offsets externally, they will need to be manually reset in the "
                        + "system that the connector uses."
            } catch let error as HerderError {
                throw error
            } catch {
                throw .badRequest("Failed to reset the offsets of connector \(name): \(error)")
            }
        }
        guard !offsets.offsets.isEmpty else { throw .badRequest("The offsets to be modified must not be empty") }
        do {
            switch entry.plugin.type {
            case .source:
                var changes: [SourcePartition: SourceOffset?] = [:]
                for item in offsets.offsets { changes[item.partition] = item.offset }
                guard case .source(let connector) = entry.plugin.makeConnector() else { throw HerderError.internalError("plugin kind") }
                let handled = try await connector.alterOffsets(config: entry.config, offsets: changes)
                try await worker.offsets.write(connector: name, changes)
                return handled
                    ? "The offsets for this connector have been altered successfully"
                    : "The Connect framework-managed offsets for this connector have been altered successfully. "
                        + "However, if this connector manages offsets externally, they will need to be manually altered "
                        + "in the system that the connector uses."
            case .sink:
                var changes: [TopicPartitionRef: Int64?] = [:]
                for item in offsets.offsets {
                    guard let topic = item.partition["kafka_topic"]?.stringValue,
                        let partition = item.partition["kafka_partition"]?.intValue, let p32 = Int32(exactly: partition)
                    else {
                        throw HerderError.badRequest(
                            "The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'")
                    }
                    if let offset = item.offset {
                        guard let value = offset["kafka_offset"]?.intValue, value >= 0 else {
                            throw HerderError.badRequest(
                                "The offset for a sink connector should either be null or contain the key 'kafka_offset' with a non-negative value")
                        }
                        changes[TopicPartitionRef(topic: topic, partition: p32)] = value
                    } else {
                        changes[TopicPartitionRef(topic: topic, partition: p32)] = .some(nil)
                    }
                }
                guard case .sink(let connector) = entry.plugin.makeConnector() else { throw HerderError.internalError("plugin kind") }
                let handled = try await connector.alterOffsets(config: entry.config, offsets: changes)
                try await commitSinkOffsets(name, changes)
                return handled
                    ? "The offsets for this connector have been altered successfully"
                    : "The Connect framework-managed offsets for this connector have been altered successfully. "
                        + "However, if this connector manages offsets externally, they will need to be manually altered "
                        + "in the system that the connector uses."
            }
        } catch let error as HerderError {
            throw error
        } catch {
            throw .badRequest("Failed to alter the offsets of connector \(name): \(error)")
        }
    }

    private func connectorHandlesReset(_ entry: ConnectorEntry) async throws -> Bool {
        switch entry.plugin.makeConnector() {
        case .source(let connector):
            let current = await worker.offsets.offsets(of: entry.config[ConnectorConfigKeys.name] ?? "")
            var changes: [SourcePartition: SourceOffset?] = [:]
            for partition in current.keys { changes[partition] = .some(nil) }
            return try await connector.alterOffsets(config: entry.config, offsets: changes)
        case .sink(let connector):
            return try await connector.alterOffsets(config: entry.config, offsets: [:])
        }
    }

    /// Forgets a connector's offsets: tombstones for a source; for a sink, its group's offsets go back to the
    /// start of each partition (what a deleted group with `auto.offset.reset=earliest` would read).
    func resetOffsets(_ name: String, entry: ConnectorEntry) async throws {
        switch entry.plugin.type {
        case .source:
            try await worker.offsets.delete(connector: name)
        case .sink:
            let committed = try await sinkCommittedOffsets(name, entry: entry)
            var changes: [TopicPartitionRef: Int64?] = [:]
            for partition in committed.keys { changes[partition] = .some(nil) }
            try await commitSinkOffsets(name, changes)
        }
    }

    private func groupConsumer(_ name: String) throws -> KafkaConsumer {
        var configuration = KafkaConsumerConfiguration()
        configuration.client = worker.client
        configuration.groupId = "connect-\(name)"
        configuration.enableAutoCommit = false
        return KafkaConsumer(configuration: configuration, logger: logger)
    }

    private func sinkCommittedOffsets(_ name: String, entry: ConnectorEntry) async throws -> [TopicPartitionRef: Int64] {
        let topics = (entry.config[ConnectorConfigKeys.topics] ?? "").split(separator: ",").map { String($0).trimmed }
            .filter { !$0.isEmpty }
        guard !topics.isEmpty else { return [:] }
        var admin = KafkaAdminConfiguration()
        admin.client = worker.client
        let describer = KafkaAdmin(configuration: admin, logger: logger)
        let descriptions = (try? await describer.describeTopics(topics)) ?? []
        await describer.close()
        let partitions = descriptions.flatMap { description in
            description.partitions.map { TopicPartition(description.name, $0.partition) }
        }
        let consumer = try groupConsumer(name)
        defer { Task { await consumer.close() } }
        let committed = try await consumer.committed(partitions)
        var result: [TopicPartitionRef: Int64] = [:]
        for (partition, offset) in committed {
            result[TopicPartitionRef(topic: partition.topic, partition: partition.partition)] = offset.offset
        }
        return result
    }

    private func commitSinkOffsets(_ name: String, _ changes: [TopicPartitionRef: Int64?]) async throws {
        let consumer = try groupConsumer(name)
        defer { Task { await consumer.close() } }
        let resets = changes.filter { $0.value == nil }.map { TopicPartition($0.key.topic, $0.key.partition) }
        let beginnings = resets.isEmpty ? [:] : try await consumer.beginningOffsets(resets)
        var offsets: [TopicPartition: KafkaClient.OffsetAndMetadata] = [:]
        for (partition, offset) in changes {
            let tp = TopicPartition(partition.topic, partition.partition)
            if let offset {
                offsets[tp] = KafkaClient.OffsetAndMetadata(offset)
            } else if let beginning = beginnings[tp] {
                offsets[tp] = KafkaClient.OffsetAndMetadata(beginning)
            }
        }
        try await consumer.commit(offsets)
    }
}
