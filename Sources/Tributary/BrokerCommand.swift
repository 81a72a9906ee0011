import ArgumentParser
import Foundation
import KafkaBroker
import Logging
import ServiceLifecycle
import UnixSignals

/// `tributary broker [broker.properties]`: runs the Kafka-compatible broker until SIGTERM or SIGINT.
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run the Kafka-compatible broker (Kafka's broker.properties keys)."
    )

    @Argument(help: "A broker .properties file (listeners, log.dirs, num.partitions, log.* topic defaults…).")
    var propertiesFile: String?

    @Option(name: .customLong("override"), help: "key=value, applied after the file (repeatable).")
    var overrides: [String] = []

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        MallocTuning.apply()
        var properties: [String: String] = [:]
        if let propertiesFile {
            guard let text = try? String(contentsOfFile: propertiesFile, encoding: .utf8) else {
                throw ValidationError("cannot read broker config \(propertiesFile)")
            }
            properties = JavaProperties.parse(text)
        }
        for override in overrides {
            guard let equals = override.firstIndex(of: "=") else {
                throw ValidationError("--override needs key=value, got '\(override)'")
            }
            properties[String(override[..<equals])] = String(override[override.index(after: equals)...])
        }
        var configuration = BrokerConfiguration()
        let unknown: [String]
        do {
            unknown = try configuration.apply(properties)
        } catch {
            throw ValidationError(error.description)
        }
        var logger = Logger(label: "tributary.broker")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        for key in unknown { logger.warning("ignoring unknown broker config key", metadata: ["key": "\(key)"]) }
        let broker = Broker(configuration: configuration, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [broker], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
