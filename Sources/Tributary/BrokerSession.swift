import KafkaProtocol
import NIOCore

/// The broker connections of one command: the bootstrap broker, plus any broker that Metadata (partition
/// leaders) or FindCoordinator (group coordinators) points at, opened on first use.
actor BrokerSession {
    let bootstrap: BrokerClient
    private let requestTimeout: TimeAmount
    private var clients: [BrokerAddress: BrokerClient]

    private init(bootstrap: BrokerClient, requestTimeout: TimeAmount) {
        self.bootstrap = bootstrap
        self.requestTimeout = requestTimeout
        self.clients = [bootstrap.address: bootstrap]
    }

    /// Connects to the bootstrap broker.
    static func connect(bootstrap address: BrokerAddress, requestTimeout: TimeAmount) async throws -> BrokerSession {
        let client = try await BrokerClient.connect(to: address, requestTimeout: requestTimeout)
        return BrokerSession(bootstrap: client, requestTimeout: requestTimeout)
    }

    /// Closes every connection.
    func close() async {
        for client in clients.values { await client.close() }
        clients = [:]
    }

    /// The connection to `address`, reusing the bootstrap one when it is the same broker.
    func client(at address: BrokerAddress) async throws -> BrokerClient {
        if let client = clients[address] { return client }
        let client = try await BrokerClient.connect(to: address, requestTimeout: requestTimeout)
        clients[address] = client
        return client
    }

    /// Metadata for `topics` (nil: all topics) from the bootstrap broker.
    func metadata(topics: [String]?, allowAutoTopicCreation: Bool = false) async throws -> MetadataResponse {
        let request = MetadataRequest(
            topics: topics.map { names in names.map { MetadataRequest.Topic(name: $0) } },
            allowAutoTopicCreation: allowAutoTopicCreation
        )
        return try await bootstrap.send(request, as: MetadataResponse.self)
    }

    /// The connection to the leader of `partition`, as `metadata` describes it.
    func leader(of topic: String, partition: Int32, in metadata: MetadataResponse) async throws -> BrokerClient {
        let broker = bootstrap.address.description
        guard let entry = metadata.topics.first(where: { $0.name == topic }),
            let state = entry.partitions.first(where: { $0.partitionIndex == partition })
        else {
            throw BrokerClientError(
                .errorCode(.unknownTopicOrPartition),
                broker: broker,
                api: "Metadata",
                "no partition \(partition) in topic '\(topic)'"
            )
        }
        guard state.errorCode == .none || state.errorCode.rawValue == 9, state.leaderId >= 0 else {
            throw BrokerClientError(
                .errorCode(state.errorCode),
                broker: broker,
                api: "Metadata",
                "partition \(topic)-\(partition) has no leader (\(state.errorCode.displayName))"
            )
        }
        guard let node = metadata.brokers.first(where: { $0.nodeId == state.leaderId }) else {
            throw BrokerClientError(
                .protocolViolation,
                broker: broker,
                api: "Metadata",
                "leader \(state.leaderId) of \(topic)-\(partition) is not among the brokers listed"
            )
        }
        return try await client(at: BrokerAddress(host: node.host, port: Int(node.port)))
    }

    /// The connection to the coordinator of `group`, found with FindCoordinator (retrying while it loads).
    func coordinator(forGroup group: String) async throws -> BrokerClient {
        let request = FindCoordinatorRequest(key: group, keyType: 0)
        var attempt = 0
        while true {
            let response = try await bootstrap.send(request, as: FindCoordinatorResponse.self)
            if response.errorCode == .none {
                return try await client(at: BrokerAddress(host: response.host, port: Int(response.port)))
            }
            attempt += 1
            let retriable =
                response.errorCode == .coordinatorNotAvailable
                || response.errorCode == .coordinatorLoadInProgress || response.errorCode == .notCoordinator
            guard retriable, attempt < 10 else {
                let detail = response.errorMessage.map { ": \($0)" } ?? ""
                throw BrokerClientError(
                    .errorCode(response.errorCode),
                    broker: bootstrap.address.description,
                    api: "FindCoordinator",
                    "no coordinator for group '\(group)': \(response.errorCode.displayName)\(detail)"
                )
            }
            try await Task.sleep(for: .milliseconds(200 * attempt))
        }
    }
}
