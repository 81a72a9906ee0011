public import ConnectRuntime
public import Hummingbird
public import Logging
public import ServiceLifecycle

/// Kafka Connect's REST API over a ``Herder``, served by Hummingbird; a `Service` for the worker's
/// `ServiceGroup`.
///
/// ```swift
/// let rest = ConnectRESTServer(herder: herder, configuration: .init(port: 0), logger: logger)
/// let group = ServiceGroup(services: [worker, rest], logger: logger)
/// async let running: Void = group.run()
/// let port = try await rest.waitUntilListening()
/// ```
public struct ConnectRESTServer: Service {
    /// The herder the routes ask.
    public let herder: any Herder
    /// The listener's settings.
    public let configuration: ConnectRESTConfiguration
    private let logger: Logger
    private let port = ListeningPort()

    /// Creates a server; nothing is bound until ``run()``.
    public init(
        herder: any Herder,
        configuration: ConnectRESTConfiguration = ConnectRESTConfiguration(),
        logger: Logger
    ) {
        self.herder = herder
        self.configuration = configuration
        self.logger = logger
    }

    /// The Hummingbird application serving the API (what ``run()`` runs; tests drive it with HummingbirdTesting).
    public func makeApplication() -> some ApplicationProtocol {
        let port = self.port
        let logger = self.logger
        let configuration = self.configuration
        return Application(
            router: ConnectRESTRouter.build(herder: herder, configuration: configuration),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: nil
            ),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? configuration.port
                logger.info(
                    "Connect REST API listening",
                    metadata: ["rest.host": "\(configuration.host)", "rest.port": "\(bound)"]
                )
                port.listening(on: bound)
            },
            logger: logger
        )
    }

    /// Serves until graceful shutdown (or cancellation).
    public func run() async throws {
        do {
            try await makeApplication().run()
            port.stopped(ConnectRESTServerStopped())
        } catch {
            port.stopped(error)
            throw error
        }
    }

    /// The bound port once the server listens (the chosen one when configured with port 0). Throws the error
    /// that stopped ``run()`` if it failed or ended before listening.
    public func waitUntilListening() async throws -> Int {
        try await port.wait()
    }
}

/// ``ConnectRESTServer/waitUntilListening()`` was asked after the server had stopped.
public struct ConnectRESTServerStopped: Error, Hashable, Sendable, CustomStringConvertible {
    /// Creates the error.
    public init() {}

    public var description: String { "the Connect REST server has stopped" }
}
