public import ConnectAPI
import Logging
import Synchronization

/// The task of FileSink: appends one line per record (the value as text) to a file, as Kafka's FileStreamSink.
///
/// `put` buffers lines in memory and writes them out once about 1 MiB has gathered; ``flush(currentOffsets:)``
/// writes the rest and `fsync`s the file, so the consumer offsets the runtime commits after it only cover
/// lines that are on disk. Records re-delivered after a crash (those after the last commit) are appended
/// again: delivery is at-least-once.
public final class FileSinkTask: SinkTask {
    /// The task's version, the plugin's.
    public let version = FileConnectorPlugins.version

    private let output = Mutex<SinkOutputFile?>(nil)
    private let io = BlockingQueue(label: "tributary.file-sink")

    /// A new, unstarted task.
    public init() {}

    /// Opens the file for appending (creating it if needed).
    /// - Throws: ``ConnectError`` `Couldn't find or create file '<path>' for FileStreamSinkTask` when it cannot.
    public func start(config: [String: String], context: any SinkTaskContext) async throws {
        let settings = try FileSinkConfig(properties: config)
        try await io.run { [self] in
            try self.output.withLock { file throws(ConnectError) in
                file = try SinkOutputFile(path: settings.path)
            }
        }
        context.logger.info(
            "File sink writing",
            metadata: ["file.path": .string(settings.path ?? "<standard output>")]
        )
    }

    /// Buffers one line per record, and writes the buffer out when it is large.
    /// - Throws: ``ConnectError`` when writing fails, or when the task is not started.
    public func put(_ records: [SinkRecord]) async throws {
        let mustWrite = try output.withLock { file throws(ConnectError) -> Bool in
            guard let file else { throw ConnectError(.illegalWorkerState, "FileSinkTask is not started") }
            for record in records {
                file.append(line: record.value)
            }
            return file.shouldWrite
        }
        if mustWrite {
            try await io.run { [self] in
                try self.output.withLock { file throws(ConnectError) in try file?.writeBuffer() }
            }
        }
    }

    /// Writes every buffered line and `fsync`s the file.
    /// - Throws: ``ConnectError`` when a write or the sync fails.
    public func flush(currentOffsets: [TopicPartitionRef: OffsetAndMetadata]) async throws {
        try await io.run { [self] in
            try self.output.withLock { file throws(ConnectError) in try file?.flush() }
        }
    }

    /// Flushes, then closes the file.
    public func stop() async throws {
        try await io.run { [self] in
            try self.output.withLock { file throws(ConnectError) in
                defer { file = nil }
                try file?.flush()
            }
        }
    }

    /// How many times the file was fsynced since `start`.
    var syncCount: Int { output.withLock { $0?.syncCount ?? 0 } }
}
