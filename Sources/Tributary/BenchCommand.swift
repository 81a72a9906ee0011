import ArgumentParser

/// `tributary bench …`: built-in benchmarks that measure their own bound in the same run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Built-in benchmarks; each measures its bound in the same run and reports the ratio.",
        subcommands: [
            BenchLogCommand.self, BenchProduceCommand.self, BenchConsumeCommand.self, BenchConnectCommand.self,
            BenchSQLiteCommand.self, BenchPostgresCommand.self,
        ]
    )
}

/// `tributary debug …`: tools for tests and investigations, not for everyday use.
struct DebugCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Tools for tests and investigations.",
        shouldDisplay: false,
        subcommands: [LogWriterCommand.self]
    )
}
