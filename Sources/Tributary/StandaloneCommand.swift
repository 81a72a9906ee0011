import ArgumentParser
import ConnectREST
import ConnectRuntime
import FileConnector
import Foundation
import KafkaBroker
import KafkaClient
import Logging
import PostgresConnector
import SQLiteConnector
import ServiceLifecycle
import UnixSignals

/// `tributary standalone [worker.properties] [connector.properties|.json …]`: the embedded broker (unless
/// `bootstrap.servers` is set), the Connect worker and its REST API in one process. Without a worker file it runs
/// the demo pipeline on embedded defaults.
struct StandaloneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standalone",
        abstract: "Run the embedded broker, the Connect worker and the REST API (Kafka's connect-standalone).",
        discussion: """
            Worker keys are Kafka Connect's (bootstrap.servers, listeners, key.converter, value.converter, \
            offset.flush.interval.ms, offset.storage.topic, …); the embedded broker's keys take a 'broker.' prefix \
            (broker.listeners, broker.log.dirs, broker.num.partitions, …). Connector files are Java properties or \
            the JSON body of POST /connectors. Without a worker file, a demo pipeline runs: a generated log file \
            tailed into the topic demo-logs and written back out by FileSink.
            """
    )

    @Argument(help: "The worker .properties file, then connector .properties or .json files.")
    var files: [String] = []

    @Option(name: .customLong("override"), help: "key=value for the worker config, applied after the file (repeatable).")
    var overrides: [String] = []

    @Option(help: "Where the demo keeps its broker data and files (demo mode only).")
    var dataDir: String = "data"

    @Option(help: ArgumentHelp(
        "host:port of a PostgreSQL (wal_level=logical, user postgres, database demo) whose inventory schema the demo "
            + "streams into topics and on into SQLite (demo mode only; scripts/run.sh starts one).",
        valueName: "host:port"))
    var demoPostgres: String?

    @Option(help: "Root log level: TRACE, DEBUG, INFO, WARN, ERROR (changeable at run time with PUT /admin/loggers/root).")
    var logLevel: String = "INFO"

    func run() async throws {
        MallocTuning.apply()
        let levels = LoggerLevels(root: LoggerLevels.parse(logLevel) ?? .info)
        LoggingSystem.bootstrap { LevelControlledLogHandler(label: $0, levels: levels) }
        let logger = Logger(label: "tributary.connect")

        var workerProperties: [String: String]
        var connectorConfigs: [[String: String]] = []
        var demo: DemoPipeline?
        if let workerFile = files.first {
            workerProperties = try ConnectorFiles.readProperties(workerFile)
            for file in files.dropFirst() { connectorConfigs.append(try ConnectorFiles.readConnector(file)) }
        } else {
            let pipeline = try DemoPipeline(directory: dataDir, postgres: try demoPostgres.map(DemoPipeline.PostgresServer.init))
            workerProperties = pipeline.workerProperties
            connectorConfigs = pipeline.connectors
            demo = pipeline
        }
        for override in overrides {
            guard let equals = override.firstIndex(of: "=") else {
                throw ValidationError("--override needs key=value, got '\(override)'")
            }
            workerProperties[String(override[..<equals])] = String(override[override.index(after: equals)...])
        }
        let workerConfig: WorkerConfig
        do {
            workerConfig = try WorkerConfig(properties: workerProperties)
        } catch {
            throw ValidationError("invalid worker config: \(error)")
        }

        var services: [any Service] = []
        var client: KafkaClientConfiguration
        let brokerReady = BrokerReady()
        if workerConfig.bootstrapServers == nil {
            let broker = try Self.embeddedBroker(workerProperties, ready: brokerReady, logger: logger)
            services.append(broker)
            client = KafkaClientConfiguration()
            client.bootstrapServers = [KafkaClient.BrokerAddress(host: broker.configuration.host, port: broker.configuration.port)]
            // The worker's clients hand their request frames straight to the broker's router (same bytes, same
            // handlers, no socket) unless `tributary.embedded.transport=tcp` asks for loopback TCP.
            if workerProperties["tributary.embedded.transport"]?.lowercased() != "tcp" {
                client.transportFactory = InProcessTransportFactory { frame, address in
                    switch await broker.handleInProcess(frame: frame, clientAddress: address) {
                    case .response(let bytes): .response(bytes)
                    case .none: .none
                    case .deferred(let finish): .deferred(finish)
                    case .close(let reason): .close(reason)
                    }
                }
            }
        } else {
            brokerReady.listening()
            do {
                client = try KafkaClientConfiguration(properties: workerConfig.clientProperties)
            } catch {
                throw ValidationError("invalid worker client config: \(error)")
            }
        }
        let herder = StandaloneHerder(
            config: workerConfig, client: client, plugins: PluginRegistry(connectors: FileConnectorPlugins.all + SQLiteConnectorPlugins.all + PostgresConnectorPlugins.all),
            version: TributaryVersion.current, loggerLevels: levels, logger: logger)
        let token = try RESTToken.resolve(workerConfig, directory: demo?.directory ?? ".", logger: logger)
        let rest = ConnectRESTServer(
            herder: herder,
            configuration: ConnectRESTConfiguration(host: workerConfig.restHost, port: workerConfig.restPort, authToken: token),
            logger: Logger(label: "tributary.rest"))
        services.append(
            ConnectWorkerService(
                herder: herder, rest: rest, restHost: workerConfig.restHost, connectors: connectorConfigs,
                brokerReady: brokerReady, logger: logger))
        services.append(rest)
        if let demo { services.append(demo.generator(logger: logger)) }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        if let demo { demo.printWelcome(rest: workerConfig.workerId) }
        try await group.run()
    }

    /// The embedded broker from the `broker.`-prefixed keys, and a way to wait for its listener.
    static func embeddedBroker(_ properties: [String: String], ready: BrokerReady, logger: Logger) throws -> Broker {
        var brokerProperties: [String: String] = ["log.dirs": "data/broker"]
        for (key, value) in properties where key.hasPrefix("broker.") {
            brokerProperties[String(key.dropFirst("broker.".count))] = value
        }
        var configuration = BrokerConfiguration()
        let unknown: [String]
        do {
            unknown = try configuration.apply(brokerProperties)
        } catch {
            throw ValidationError("invalid embedded broker config: \(error.description)")
        }
        let brokerLogger = Logger(label: "tributary.broker")
        for key in unknown { brokerLogger.warning("ignoring unknown broker config key", metadata: ["key": "broker.\(key)"]) }
        return Broker(configuration: configuration, logger: brokerLogger) { _ in ready.listening() }
    }
}
