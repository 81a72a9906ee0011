public import Foundation
public import KafkaBroker
public import KafkaClient
public import Logging

import NIOCore
import NIOPosix

/// A real broker in this process on 127.0.0.1 with a temporary data directory, for one test.
public final class TestBroker: Sendable {
    /// The bound port.
    public let port: Int
    /// The data directory.
    public let directory: URL
    private let task: Task<Void, any Error>

    private init(port: Int, directory: URL, task: Task<Void, any Error>) {
        self.port = port
        self.directory = directory
        self.task = task
    }

    /// `127.0.0.1:<port>`.
    public var bootstrap: String { "127.0.0.1:\(port)" }

    /// Starts a broker and waits until it listens. The port is picked first (the broker advertises its configured
    /// port in Metadata, so port 0 would be advertised as 0).
    public static func start(numPartitions: Int32 = 1, configure: (inout BrokerConfiguration) -> Void = { _ in })
        async throws -> TestBroker
    {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tributary-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var lastError: (any Error)?
        for _ in 0..<5 {
            let port = try await freePort()
            var configuration = BrokerConfiguration()
            configuration.host = "127.0.0.1"
            configuration.port = port
            configuration.logDirectory = directory.path
            configuration.groupInitialRebalanceDelayMs = 0
            configuration.numPartitions = numPartitions
            configuration.offsetsTopicPartitions = 3
            configure(&configuration)
            let (listening, continuation) = AsyncStream.makeStream(of: Int.self)
            let broker = Broker(configuration: configuration, logger: testLogger("broker")) { port in
                continuation.yield(port)
                continuation.finish()
            }
            let task = Task {
                defer { continuation.finish() }
                try await broker.run()
            }
            var iterator = listening.makeAsyncIterator()
            if let bound = await iterator.next() {
                return TestBroker(port: bound, directory: directory, task: task)
            }
            do {
                try await task.value
            } catch {
                lastError = error
            }
        }
        throw lastError ?? CancellationError()
    }

    /// Stops the broker and removes its data.
    public func stop() async {
        task.cancel()
        _ = try? await task.value
        try? FileManager.default.removeItem(at: directory)
    }

    /// Client settings pointing at this broker.
    public func clientConfiguration() -> KafkaClientConfiguration {
        var configuration = KafkaClientConfiguration()
        configuration.bootstrapServers = [BrokerAddress(host: "127.0.0.1", port: port)]
        configuration.retryBackoffMs = 20
        configuration.retryBackoffMaxMs = 200
        return configuration
    }

    /// A producer for this broker (defaults: acks=all, idempotent).
    public func producer(_ configure: (inout KafkaProducerConfiguration) -> Void = { _ in }) -> KafkaProducer {
        var configuration = KafkaProducerConfiguration()
        configuration.client = clientConfiguration()
        configure(&configuration)
        return KafkaProducer(configuration: configuration, logger: testLogger("producer"))
    }

    /// A consumer for this broker, starting at the earliest offset, with quick heartbeats.
    public func consumer(
        group: String? = nil,
        _ configure: (inout KafkaConsumerConfiguration) -> Void = { _ in }
    ) -> KafkaConsumer {
        var configuration = KafkaConsumerConfiguration()
        configuration.client = clientConfiguration()
        configuration.groupId = group
        configuration.autoOffsetReset = .earliest
        configuration.sessionTimeoutMs = 10_000
        configuration.heartbeatIntervalMs = 200
        configuration.maxPollIntervalMs = 30_000
        configuration.fetchMaxWaitMs = 100
        configure(&configuration)
        return KafkaConsumer(configuration: configuration, logger: testLogger("consumer"))
    }

    /// An admin client for this broker.
    public func admin() -> KafkaAdmin {
        var configuration = KafkaAdminConfiguration()
        configuration.client = clientConfiguration()
        return KafkaAdmin(configuration: configuration, logger: testLogger("admin"))
    }
}

/// Polls until `count` records arrived (or `timeout` passed), returning them in arrival order.
public func pollRecords(
    _ consumer: KafkaConsumer,
    count: Int,
    timeout: Duration = .seconds(30)
) async throws -> [ConsumerRecord] {
    var records: [ConsumerRecord] = []
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while records.count < count && ContinuousClock.now < deadline {
        records += try await consumer.poll(timeout: .milliseconds(200))
    }
    return records
}

/// Runs `body` with a fresh broker, stopping it afterwards.
public func withBroker<T>(
    numPartitions: Int32 = 1,
    _ body: (TestBroker) async throws -> T
) async throws -> T {
    let broker = try await TestBroker.start(numPartitions: numPartitions)
    do {
        let result = try await body(broker)
        await broker.stop()
        return result
    } catch {
        await broker.stop()
        throw error
    }
}

/// A logger that prints at `TRIBUTARY_TEST_LOG` level (e.g. debug), or drops everything.
public func testLogger(_ label: String) -> Logger {
    guard let name = ProcessInfo.processInfo.environment["TRIBUTARY_TEST_LOG"],
        let level = Logger.Level(rawValue: name)
    else {
        return Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() })
    }
    var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
    logger.logLevel = level
    return logger
}

/// A TCP port nobody listens on right now (bound and released again).
public func freePort() async throws -> Int {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0).get()
    let port = channel.localAddress?.port ?? 0
    try await channel.close()
    return port
}
