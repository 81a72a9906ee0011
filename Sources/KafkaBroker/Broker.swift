import KafkaProtocol
import LogStorage
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import NIOCore

/// The whole broker as one Service: opens the log directory (recovering it if needed), serves the Kafka
/// protocol, runs the storage background work, and on graceful shutdown finishes in-flight requests, flushes
/// every partition and writes the clean-shutdown marker.
public final class Broker: Service, Sendable {
    /// The broker's settings.
    public let configuration: BrokerConfiguration
    private let logger: Logger
    private let boundPort = NIOLockedValueBox<Int?>(nil)
    private let listening: @Sendable (Int) -> Void
    /// Counters for connections and requests.
    public let metrics = BrokerMetrics()
    private let inProcess = InProcessEndpoint()

    /// Creates the broker; `onListening` is told the bound port once the listener is up.
    public init(
        configuration: BrokerConfiguration, logger: Logger, onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.listening = onListening
    }

    /// The port the listener is bound to, once it is.
    public var port: Int? { boundPort.withLockedValue { $0 } }

    /// Handles one request frame (request header and body, without the size prefix) as if it came from a
    /// connection from `clientAddress`; refused with `.close` while the broker is not running.
    public func handleInProcess(frame: ByteBuffer, clientAddress: String) async -> InProcessOutcome {
        await inProcess.handle(frame: frame, clientAddress: clientAddress, logger: logger)
    }

    public func run() async throws {
        var storage = LogManager.Configuration(
            dataDirectory: configuration.logDirectory, defaultTopicConfig: configuration.topicDefaults)
        storage.retentionCheckIntervalMs = configuration.retentionCheckIntervalMs
        storage.cleanerBackoffMs = configuration.cleanerBackoffMs
        storage.checkpointIntervalMs = configuration.checkpointIntervalMs
        let logs: LogManager
        do {
            logs = try LogManager(configuration: storage, logger: logger)
        } catch {
            throw BrokerError.io("cannot open log directory \(configuration.logDirectory): \(error)")
        }
        let state = BrokerState(configuration: configuration, logs: logs, logger: logger)
        let router = BrokerRouter.make(state: state)
        inProcess.attach(router)
        defer { inProcess.attach(nil) }
        let boundPort = self.boundPort
        let listening = self.listening
        let server = KafkaServer(
            host: configuration.host, port: configuration.port, maxRequestBytes: configuration.maxRequestBytes,
            router: router, metrics: metrics, logger: logger,
            onListening: { port in
                boundPort.withLockedValue { $0 = port }
                state.boundPort.withLockedValue { $0 = port }
                listening(port)
            })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await logs.runBackgroundTasks() }
            group.addTask { await state.runBackgroundTasks() }
            do {
                try await server.run()
            } catch {
                group.cancelAll()
                try? await logs.close()
                throw error
            }
            group.cancelAll()
        }
        await state.shutDown()
        try await logs.close()
        logger.info("broker stopped cleanly")
    }
}
