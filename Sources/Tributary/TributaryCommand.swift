import ArgumentParser

/// The `tributary` command: the one binary of Tributary.
@main
struct TributaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tributary",
        abstract: "Change-data-capture with a built-in Kafka-compatible broker.",
        version: TributaryVersion.current,
        subcommands: [
            BrokerCommand.self, BenchCommand.self, DebugCommand.self, TopicsCommand.self, ProduceCommand.self,
            ConsumeCommand.self, GroupsCommand.self, ApiVersionsCommand.self, StandaloneCommand.self, ConnectorsCommand.self,
        ]
    )
}

/// The release this binary was built as.
enum TributaryVersion {
    static let current = "0.1.0-dev"
}
