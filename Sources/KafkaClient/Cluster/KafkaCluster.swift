import KafkaProtocol
import Logging

/// The connections and cached metadata of one client: bootstraps from `bootstrap.servers`, connects to partition
/// leaders and group coordinators on first use, and refreshes metadata when it is old or was reported wrong.
actor KafkaCluster {
    /// What a connection is used for; coordinator traffic gets its own connection because the broker parks
    /// JoinGroup requests, which would stall fetches queued behind them on a shared connection.
    enum Role: Hashable, Sendable {
        case data
        case coordinator
    }

    private struct Key: Hashable {
        var address: BrokerAddress
        var role: Role
    }

    let configuration: KafkaClientConfiguration
    let clientId: String
    let logger: Logger
    private var connections: [Key: BrokerConnection] = [:]
    private var connecting: [Key: Task<BrokerConnection, any Error>] = [:]
    private(set) var metadata = ClusterMetadata()
    private var coordinators: [String: BrokerAddress] = [:]
    private var closed = false

    init(configuration: KafkaClientConfiguration, clientId: String, logger: Logger) {
        self.configuration = configuration
        self.clientId = clientId
        self.logger = logger
    }

    /// Closes every connection; later calls fail with `.closed`.
    func close() async {
        closed = true
        for task in connecting.values { task.cancel() }
        connecting = [:]
        let open = connections.values
        connections = [:]
        for connection in open { await connection.close() }
    }

    // MARK: - Connections

    /// The connection to `address` for `role`, opened (and version-negotiated) on first use or after it broke.
    func connection(to address: BrokerAddress, role: Role = .data) async throws(KafkaClientError) -> BrokerConnection {
        guard !closed else { throw KafkaClientError(.closed, "the client is closed") }
        let key = Key(address: address, role: role)
        if let existing = connections[key] {
            if existing.isActive { return existing }
            connections[key] = nil
            Task { await existing.close() }
        }
        let task: Task<BrokerConnection, any Error>
        if let pending = connecting[key] {
            task = pending
        } else {
            let configuration = self.configuration
            let clientId = self.clientId
            task = Task {
                try await BrokerConnection.open(
                    to: address,
                    factory: configuration.transportFactory,
                    options: configuration.transportOptions,
                    clientId: clientId,
                    requestTimeoutMs: configuration.requestTimeoutMs
                )
            }
            connecting[key] = task
        }
        do {
            let connection = try await task.value
            if connecting[key] == task { connecting[key] = nil }
            guard !closed else {
                await connection.close()
                throw KafkaClientError(.closed, "the client is closed")
            }
            if let raced = connections[key], raced !== connection, raced.isActive {
                await connection.close()
                return raced
            }
            connections[key] = connection
            logger.debug("connected", metadata: ["kafka.broker": "\(address)", "kafka.connection.role": "\(role)"])
            return connection
        } catch {
            if connecting[key] == task { connecting[key] = nil }
            if let error = error as? KafkaClientError { throw error }
            throw KafkaClientError(.connection, "\(error)", broker: address.description)
        }
    }

    /// The connection to broker `nodeId` as the metadata lists it.
    func connection(toNode nodeId: Int32, role: Role = .data) async throws(KafkaClientError) -> BrokerConnection {
        guard let address = metadata.brokers[nodeId] else {
            throw KafkaClientError(.connection, "broker \(nodeId) is not in the cluster metadata")
        }
        return try await connection(to: address, role: role)
    }

    /// Some live connection: an open one, else the known brokers and then the bootstrap servers in turn.
    func anyConnection() async throws(KafkaClientError) -> BrokerConnection {
        if let open = connections.first(where: { $0.key.role == .data && $0.value.isActive })?.value { return open }
        var candidates = configuration.bootstrapServers
        for address in metadata.brokers.sorted(by: { $0.key < $1.key }).map(\.value) where !candidates.contains(address) {
            candidates.insert(address, at: 0)
        }
        var lastError = KafkaClientError(.connection, "no bootstrap server is configured")
        for address in candidates {
            do throws(KafkaClientError) {
                return try await connection(to: address)
            } catch {
                if error.code == .closed { throw error }
                lastError = error
                logger.debug("broker unreachable", metadata: ["kafka.broker": "\(address)", "error": "\(error)"])
            }
        }
        throw lastError
    }

    // MARK: - Metadata

    /// Fetches metadata for `topics` (nil: every topic) from any broker and merges it into the cache.
    @discardableResult
    func refreshMetadata(topics: [String]?, allowAutoCreate: Bool) async throws(KafkaClientError) -> MetadataResponse {
        let connection = try await anyConnection()
        let request = MetadataRequest(
            topics: topics.map { $0.map { MetadataRequest.Topic(name: $0) } },
            allowAutoTopicCreation: allowAutoCreate
        )
        let response = try await connection.send(
            request,
            as: MetadataResponse.self,
            timeoutMs: configuration.requestTimeoutMs
        )
        metadata.merge(response)
        return response
    }

    /// The cached description of `topic` if it is fresh and usable; otherwise metadata is fetched again, retrying
    /// with backoff while the topic has no leaders (or, with auto-creation, does not exist yet) until `deadline`.
    func topic(
        _ name: String,
        allowAutoCreate: Bool,
        deadline: Deadline
    ) async throws(KafkaClientError) -> ClusterMetadata.Topic {
        if let cached = metadata.topics[name], cached.isUsable, !cached.stale, !isOld(cached) { return cached }
        var attempt = 0
        while true {
            attempt += 1
            var failure: KafkaClientError
            do throws(KafkaClientError) {
                try await refreshMetadata(topics: [name], allowAutoCreate: allowAutoCreate)
                guard let topic = metadata.topics[name] else {
                    throw KafkaClientError(.protocolViolation, "Metadata did not describe topic '\(name)'", api: .metadata)
                }
                if topic.isUsable { return topic }
                let code = topic.errorCode == .none ? KafkaErrorCode.leaderNotAvailable : topic.errorCode
                failure = .broker(code, "topic '\(name)' is not available", broker: nil, api: .metadata)
                if code == .unknownTopicOrPartition && !allowAutoCreate { throw failure }
                if !code.isClientRetriable && code != .unknownTopicOrPartition { throw failure }
            } catch {
                guard error.isRetriable else { throw error }
                failure = error
            }
            guard !deadline.hasPassed else {
                failure.message += " (gave up after \(attempt) attempts)"
                throw failure
            }
            do {
                try await sleep(ms: configuration.backoffMs(attempt: attempt), before: deadline)
            } catch {
                throw KafkaClientError(.closed, "cancelled while waiting for metadata of '\(name)'")
            }
        }
    }

    private func isOld(_ topic: ClusterMetadata.Topic) -> Bool {
        topic.fetchedAt.duration(to: .now) > .milliseconds(configuration.metadataMaxAgeMs)
    }

    /// Marks `topic` as out of date, so the next lookup fetches metadata again.
    func invalidate(topic: String) {
        metadata.topics[topic]?.stale = true
    }

    /// The leader of `partition` (node id and connection), from cached or fresh metadata.
    func leader(
        for partition: TopicPartition,
        deadline: Deadline,
        allowAutoCreate: Bool = false
    ) async throws(KafkaClientError) -> (node: Int32, connection: BrokerConnection) {
        let topic = try await topic(partition.topic, allowAutoCreate: allowAutoCreate, deadline: deadline)
        guard let state = topic.partitions[partition.partition] else {
            throw KafkaClientError.broker(
                .unknownTopicOrPartition,
                "topic '\(partition.topic)' has \(topic.partitionCount) partitions",
                broker: nil,
                api: .metadata,
                topicPartition: partition
            )
        }
        return (state.leaderId, try await connection(toNode: state.leaderId))
    }

    /// The cached leader node of `partition`, if known.
    func cachedLeader(of partition: TopicPartition) -> Int32? {
        metadata.topics[partition.topic]?.partitions[partition.partition]?.leaderId
    }

    // MARK: - Coordinators

    /// The connection to the coordinator of `group` (FindCoordinator, retried while it is not available).
    func coordinator(forGroup group: String, deadline: Deadline) async throws(KafkaClientError) -> BrokerConnection {
        if let address = coordinators[group] {
            do throws(KafkaClientError) {
                return try await connection(to: address, role: .coordinator)
            } catch {
                coordinators[group] = nil
                if !error.isRetriable { throw error }
            }
        }
        var attempt = 0
        while true {
            attempt += 1
            var failure: KafkaClientError
            do throws(KafkaClientError) {
                let connection = try await anyConnection()
                let response = try await connection.send(
                    FindCoordinatorRequest(key: group, keyType: 0),
                    as: FindCoordinatorResponse.self,
                    timeoutMs: configuration.requestTimeoutMs
                )
                if response.errorCode == .none {
                    let address = BrokerAddress(host: response.host, port: Int(response.port))
                    coordinators[group] = address
                    return try await self.connection(to: address, role: .coordinator)
                }
                failure = .broker(
                    response.errorCode,
                    response.errorMessage ?? "no coordinator for group '\(group)'",
                    broker: connection.address.description,
                    api: .findCoordinator
                )
                guard response.errorCode.isClientRetriable else { throw failure }
            } catch {
                guard error.isRetriable else { throw error }
                failure = error
            }
            guard !deadline.hasPassed else { throw failure }
            do {
                try await sleep(ms: configuration.backoffMs(attempt: attempt), before: deadline)
            } catch {
                throw KafkaClientError(.closed, "cancelled while looking for the coordinator of '\(group)'")
            }
        }
    }

    /// Forgets the coordinator of `group` (after NOT_COORDINATOR or a broken connection).
    func invalidateCoordinator(forGroup group: String) {
        coordinators[group] = nil
    }
}
