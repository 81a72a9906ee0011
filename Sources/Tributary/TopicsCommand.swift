import ArgumentParser
import KafkaProtocol

/// `tributary topics …`: create, list, describe and delete topics, like kafka-topics.sh.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Create, list, describe and delete topics.",
        subcommands: [
            TopicsCreateCommand.self, TopicsListCommand.self, TopicsDescribeCommand.self,
            TopicsDeleteCommand.self,
        ]
    )
}

/// `tributary topics create NAME`: CreateTopics for one topic.
struct TopicsCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a topic.")

    @OptionGroup var connection: BrokerConnectionOptions
    @Argument(help: "The topic name.") var name: String
    @Option(help: "The number of partitions (default: the broker's num.partitions).") var partitions: Int32?
    @Option(name: .customLong("replication-factor"), help: "The replication factor (default: the broker's).")
    var replicationFactor: Int16?
    @Option(name: .customLong("config"), help: "A topic config override, key=value (repeatable).")
    var configs: [String] = []
    @Flag(name: .customLong("if-not-exists"), help: "Succeed quietly when the topic already exists.")
    var ifNotExists = false

    func validate() throws {
        if let partitions, partitions < 1 { throw ValidationError("--partitions must be at least 1") }
        if let replicationFactor, replicationFactor < 1 {
            throw ValidationError("--replication-factor must be at least 1")
        }
        _ = try parsedConfigs()
    }

    private func parsedConfigs() throws -> [CreateTopicsRequest.Config] {
        try configs.map { entry in
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw ValidationError("--config must be key=value, got '\(entry)'")
            }
            return CreateTopicsRequest.Config(
                name: String(entry[..<equals]),
                value: String(entry[entry.index(after: equals)...])
            )
        }
    }

    func run() async throws {
        try await connection.withSession { session in
            let topic = CreateTopicsRequest.Topic(
                name: name,
                numPartitions: partitions ?? -1,
                replicationFactor: replicationFactor ?? -1,
                configs: try parsedConfigs()
            )
            let client = session.bootstrap
            let version = try await client.version(of: CreateTopicsRequest.self, CreateTopicsResponse.self)
            if version < 4 && (partitions == nil || replicationFactor == nil) {
                throw CommandFailure(
                    "the broker speaks CreateTopics v\(version) only: give --partitions and --replication-factor"
                )
            }
            let response = try await client.send(
                CreateTopicsRequest(topics: [topic], timeoutMs: Int32(connection.requestTimeoutMs)),
                version: version,
                as: CreateTopicsResponse.self
            )
            guard let result = response.topics.first(where: { $0.name == name }) else {
                throw CommandFailure("the broker's CreateTopics response does not mention '\(name)'")
            }
            if result.errorCode == .topicAlreadyExists && ifNotExists { return }
            guard result.errorCode == .none else {
                throw CommandFailure(
                    "cannot create topic '\(name)': \(result.errorCode.displayName)"
                        + (result.errorMessage.map { ": \($0)" } ?? "")
                )
            }
            print("Created topic \(name).")
        }
    }
}

/// `tributary topics list`: every topic's name, one per line.
struct TopicsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the topics.")

    @OptionGroup var connection: BrokerConnectionOptions
    @Flag(name: .customLong("exclude-internal"), help: "Leave out internal topics.") var excludeInternal = false

    func run() async throws {
        try await connection.withSession { session in
            let metadata = try await session.metadata(topics: nil)
            let names = metadata.topics
                .filter { $0.errorCode == .none && !(excludeInternal && $0.isInternal) }
                .compactMap(\.name)
                .sorted()
            for name in names { print(name) }
        }
    }
}

/// `tributary topics delete NAME`: DeleteTopics for one topic.
struct TopicsDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a topic.")

    @OptionGroup var connection: BrokerConnectionOptions
    @Argument(help: "The topic name.") var name: String
    @Flag(name: .customLong("if-exists"), help: "Succeed quietly when the topic does not exist.") var ifExists = false

    func run() async throws {
        try await connection.withSession { session in
            let response = try await session.bootstrap.send(
                DeleteTopicsRequest(topicNames: [name], timeoutMs: Int32(connection.requestTimeoutMs)),
                as: DeleteTopicsResponse.self
            )
            guard let result = response.responses.first(where: { $0.name == name }) else {
                throw CommandFailure("the broker's DeleteTopics response does not mention '\(name)'")
            }
            if result.errorCode == .unknownTopicOrPartition && ifExists { return }
            guard result.errorCode == .none else {
                throw CommandFailure(
                    "cannot delete topic '\(name)': \(result.errorCode.displayName)"
                        + (result.errorMessage.map { ": \($0)" } ?? "")
                )
            }
            print("Deleted topic \(name).")
        }
    }
}
