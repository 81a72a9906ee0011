import Dispatch
import Logging
import NIOCore

/// Owns a data directory: the topics and their partition logs, loaded (and recovered after an unclean
/// shutdown) at open, with topic metadata, recovery-point and log-start checkpoints, the clean-shutdown marker,
/// and the background work (retention, compaction, time-based flushes, checkpoints).
public actor LogManager {
    /// Settings of the manager itself (the `log.*` keys of a broker).
    public struct Configuration: Sendable {
        /// The data directory (`log.dirs`).
        public var dataDirectory: String
        /// The topic config every topic starts from (`log.*` broker defaults).
        public var defaultTopicConfig: LogConfig
        /// How often retention runs (`log.retention.check.interval.ms`, default 5 minutes).
        public var retentionCheckIntervalMs: Int64 = 300_000
        /// How often compaction is considered (`log.cleaner.backoff.ms`, default 15 s).
        public var cleanerBackoffMs: Int64 = 15_000
        /// How often `flush.ms` is checked (`log.flush.scheduler.interval.ms`, default 1 s here).
        public var flushSchedulerIntervalMs: Int64 = 1000
        /// How often recovery points are checkpointed (`log.flush.offset.checkpoint.interval.ms`, default 60 s).
        public var checkpointIntervalMs: Int64 = 60_000

        /// Creates a configuration with Kafka's defaults.
        public init(dataDirectory: String, defaultTopicConfig: LogConfig = LogConfig()) {
            self.dataDirectory = dataDirectory
            self.defaultTopicConfig = defaultTopicConfig
        }
    }

    static let cleanShutdownFile = ".clean-shutdown"
    static let recoveryPointFile = "recovery-point-offset-checkpoint"
    static let logStartFile = "log-start-offset-checkpoint"
    static let topicsDirectory = "topics"

    /// The manager's settings.
    public nonisolated let configuration: Configuration
    /// Whether the previous run ended with a clean shutdown (so no recovery was needed).
    public nonisolated let hadCleanShutdown: Bool
    private var topics: [String: TopicMetadata] = [:]
    private var logs: [TopicPartition: PartitionLog] = [:]
    private let clock: MillisecondClock
    private let logger: Logger
    private let ioQueue = DispatchQueue(label: "tributary.log.io", attributes: .concurrent)
    private var isClosed = false

    /// Opens the data directory, loading every topic and partition.
    public init(
        configuration: Configuration,
        clock: @escaping MillisecondClock = systemMillisecondClock,
        logger: Logger = Logger(label: "tributary.log")
    ) throws(LogStorageError) {
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        let root = configuration.dataDirectory
        try FileSystem.createDirectory(root)
        try FileSystem.createDirectory(root + "/" + Self.topicsDirectory)
        let marker = root + "/" + Self.cleanShutdownFile
        hadCleanShutdown = FileSystem.exists(marker)
        let recoveryPoints = (try? OffsetCheckpoint.read(root + "/" + Self.recoveryPointFile)) ?? [:]
        let logStarts = (try? OffsetCheckpoint.read(root + "/" + Self.logStartFile)) ?? [:]

        for name in try FileSystem.list(root) where name.hasSuffix("-delete") {
            try FileSystem.removeTree(root + "/" + name)
        }
        var topics: [String: TopicMetadata] = [:]
        for file in try FileSystem.list(root + "/" + Self.topicsDirectory) where file.hasSuffix(".properties") {
            let name = String(file.dropLast(".properties".count))
            let bytes = try FileSystem.readWhole(root + "/" + Self.topicsDirectory + "/" + file)
            topics[name] = try TopicMetadata.decode(name: name, bytes)
        }
        // Partition directories without metadata (e.g. copied in) are adopted with default settings.
        for name in try FileSystem.list(root) where FileSystem.isDirectory(root + "/" + name) {
            guard name != Self.topicsDirectory, let partition = TopicPartition(directoryName: name) else { continue }
            if topics[partition.topic] == nil {
                topics[partition.topic] = TopicMetadata(name: partition.topic, partitionCount: 0, overrides: [:])
            }
            if let existing = topics[partition.topic], existing.partitionCount <= partition.partition {
                topics[partition.topic]?.partitionCount = partition.partition + 1
                try FileSystem.writeAtomically(
                    topics[partition.topic]!.encoded(),
                    to: root + "/" + Self.topicsDirectory + "/" + partition.topic + ".properties")
            }
        }
        var logs: [TopicPartition: PartitionLog] = [:]
        for (name, metadata) in topics {
            let config = try configuration.defaultTopicConfig.applying(metadata.overrides)
            for index in 0..<metadata.partitionCount {
                let partition = TopicPartition(name, index)
                logs[partition] = try PartitionLog(
                    topicPartition: partition, directory: root + "/" + partition.directoryName, config: config,
                    recoveryPoint: recoveryPoints[partition] ?? 0, logStartOffset: logStarts[partition] ?? 0,
                    needsRecovery: !hadCleanShutdown, clock: clock, logger: logger, ioQueue: ioQueue)
            }
        }
        self.topics = topics
        self.logs = logs
        if hadCleanShutdown {
            try FileSystem.remove(marker)
            try FileSystem.syncDirectory(root)
        }
        logger.info(
            "log manager opened",
            metadata: [
                "log.dir": "\(root)", "topics": "\(topics.count)", "partitions": "\(logs.count)",
                "clean_shutdown": "\(hadCleanShutdown)",
            ])
    }

    // MARK: Topics

    /// Creates a topic with `partitions` partitions and config overrides (validated against the topic keys).
    @discardableResult
    public func createTopic(_ name: String, partitions: Int32, config overrides: [String: String] = [:])
        throws(LogStorageError) -> TopicMetadata
    {
        try checkOpen()
        try TopicMetadata.validate(name: name)
        guard topics[name] == nil else { throw LogStorageError(.topicAlreadyExists, "topic '\(name)' already exists") }
        guard partitions > 0 else {
            throw LogStorageError(.invalidPartitions, "topic '\(name)': partitions must be at least 1, got \(partitions)")
        }
        let config = try configuration.defaultTopicConfig.applying(overrides)
        let metadata = TopicMetadata(name: name, partitionCount: partitions, overrides: overrides)
        try FileSystem.writeAtomically(metadata.encoded(), to: metadataPath(name))
        for index in 0..<partitions {
            let partition = TopicPartition(name, index)
            logs[partition] = try PartitionLog(
                topicPartition: partition, directory: directory(of: partition), config: config,
                needsRecovery: false, clock: clock, logger: logger, ioQueue: ioQueue)
        }
        try FileSystem.syncDirectory(configuration.dataDirectory)
        topics[name] = metadata
        return metadata
    }

    /// Adds partitions to a topic (CreatePartitions): `count` is the new total.
    public func createPartitions(_ name: String, count: Int32) throws(LogStorageError) {
        try checkOpen()
        guard var metadata = topics[name] else {
            throw LogStorageError(.unknownTopicOrPartition, "topic '\(name)' does not exist")
        }
        guard count > metadata.partitionCount else {
            throw LogStorageError(
                .invalidPartitions, "topic '\(name)' has \(metadata.partitionCount) partitions; \(count) is not more")
        }
        let config = try configuration.defaultTopicConfig.applying(metadata.overrides)
        for index in metadata.partitionCount..<count {
            let partition = TopicPartition(name, index)
            logs[partition] = try PartitionLog(
                topicPartition: partition, directory: directory(of: partition), config: config,
                needsRecovery: false, clock: clock, logger: logger, ioQueue: ioQueue)
        }
        metadata.partitionCount = count
        try FileSystem.writeAtomically(metadata.encoded(), to: metadataPath(name))
        topics[name] = metadata
    }

    /// Deletes a topic and its data.
    public func deleteTopic(_ name: String) async throws(LogStorageError) {
        try checkOpen()
        guard let metadata = topics.removeValue(forKey: name) else {
            throw LogStorageError(.unknownTopicOrPartition, "topic '\(name)' does not exist")
        }
        try FileSystem.remove(metadataPath(name))
        for index in 0..<metadata.partitionCount {
            let partition = TopicPartition(name, index)
            if let log = logs.removeValue(forKey: partition) { try? await log.close() }
            let path = directory(of: partition)
            if FileSystem.exists(path) {
                let doomed = path + "." + String(clock()) + "-delete"
                try FileSystem.rename(path, doomed)
                try FileSystem.removeTree(doomed)
            }
        }
        try FileSystem.syncDirectory(configuration.dataDirectory)
    }

    /// Replaces a topic's config overrides (AlterConfigs) and applies them to its partitions.
    public func alterTopicConfig(_ name: String, overrides: [String: String]) async throws(LogStorageError) {
        try checkOpen()
        guard var metadata = topics[name] else {
            throw LogStorageError(.unknownTopicOrPartition, "topic '\(name)' does not exist")
        }
        let config = try configuration.defaultTopicConfig.applying(overrides)
        metadata.overrides = overrides
        try FileSystem.writeAtomically(metadata.encoded(), to: metadataPath(name))
        topics[name] = metadata
        for index in 0..<metadata.partitionCount {
            await logs[TopicPartition(name, index)]?.updateConfig(config)
        }
    }

    /// Every topic's metadata, by name.
    public var allTopics: [TopicMetadata] { topics.values.sorted { $0.name < $1.name } }

    /// One topic's metadata.
    public func topic(_ name: String) -> TopicMetadata? { topics[name] }

    /// The effective config of a topic (broker defaults plus its overrides).
    public func config(of name: String) throws(LogStorageError) -> LogConfig {
        guard let metadata = topics[name] else {
            throw LogStorageError(.unknownTopicOrPartition, "topic '\(name)' does not exist")
        }
        return try configuration.defaultTopicConfig.applying(metadata.overrides)
    }

    /// The log of one partition, or nil.
    public func log(for partition: TopicPartition) -> PartitionLog? { logs[partition] }

    /// The log of one partition, or an error naming it.
    public func requireLog(_ partition: TopicPartition) throws(LogStorageError) -> PartitionLog {
        guard let log = logs[partition] else {
            throw LogStorageError(.unknownTopicOrPartition, "\(partition) does not exist")
        }
        return log
    }

    /// Every partition log.
    public var allLogs: [PartitionLog] { logs.keys.sorted().compactMap { logs[$0] } }

    private func metadataPath(_ name: String) -> String {
        configuration.dataDirectory + "/" + Self.topicsDirectory + "/" + name + ".properties"
    }

    private func directory(of partition: TopicPartition) -> String {
        configuration.dataDirectory + "/" + partition.directoryName
    }

    private func checkOpen() throws(LogStorageError) {
        if isClosed { throw LogStorageError(.closed, "log manager for \(configuration.dataDirectory) is closed") }
    }

    // MARK: Background work and shutdown

    /// Writes the recovery-point and log-start checkpoints of every partition.
    public func checkpoint() async throws(LogStorageError) {
        var recoveryPoints: [TopicPartition: Int64] = [:]
        var logStarts: [TopicPartition: Int64] = [:]
        for (partition, log) in logs {
            recoveryPoints[partition] = await log.recoveryPoint
            logStarts[partition] = await log.logStartOffset
        }
        let root = configuration.dataDirectory
        try OffsetCheckpoint.write(recoveryPoints, to: root + "/" + Self.recoveryPointFile)
        try OffsetCheckpoint.write(logStarts, to: root + "/" + Self.logStartFile)
    }

    /// One round of retention over every partition; returns the number of segments deleted.
    @discardableResult
    public func runRetention() async -> Int {
        var deleted = 0
        for log in allLogs {
            do {
                deleted += try await log.applyRetention()
            } catch {
                logger.error("retention failed", metadata: ["partition": "\(log.topicPartition)", "error": "\(error)"])
            }
        }
        if deleted > 0 { try? await checkpoint() }
        return deleted
    }

    /// One round of compaction over the partitions that need it.
    public func runCompaction() async {
        for log in allLogs where await log.needsCompaction() {
            do {
                let result = try await log.compact()
                logger.info(
                    "compacted",
                    metadata: [
                        "partition": "\(log.topicPartition)", "segments": "\(result.segmentsCleaned)",
                        "records.removed": "\(result.recordsRemoved)",
                    ])
            } catch {
                logger.error("compaction failed", metadata: ["partition": "\(log.topicPartition)", "error": "\(error)"])
            }
        }
    }

    /// Runs retention, compaction, `flush.ms` flushes and checkpoints on their intervals until cancelled.
    public func runBackgroundTasks() async {
        let started = clock()
        var lastRetention = started
        var lastCleaner = started
        var lastCheckpoint = started
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: UInt64(configuration.flushSchedulerIntervalMs) * 1_000_000)
            if Task.isCancelled || isClosed { break }
            let now = clock()
            for log in allLogs { try? await log.flushIfDue(now: now) }
            if now - lastRetention >= configuration.retentionCheckIntervalMs {
                await runRetention()
                lastRetention = now
            }
            if now - lastCleaner >= configuration.cleanerBackoffMs {
                await runCompaction()
                lastCleaner = now
            }
            if now - lastCheckpoint >= configuration.checkpointIntervalMs {
                try? await checkpoint()
                lastCheckpoint = now
            }
        }
    }

    /// Flushes and closes every partition, writes the checkpoints and then the clean-shutdown marker.
    public func close() async throws(LogStorageError) {
        guard !isClosed else { return }
        isClosed = true
        var firstError: LogStorageError?
        for log in allLogs {
            do { try await log.close() } catch { firstError = firstError ?? error }
        }
        try await checkpoint()
        if let firstError { throw firstError }
        let root = configuration.dataDirectory
        try FileSystem.writeAtomically(.init(), to: root + "/" + Self.cleanShutdownFile)
        logger.info("log manager closed cleanly", metadata: ["log.dir": "\(root)"])
    }
}
