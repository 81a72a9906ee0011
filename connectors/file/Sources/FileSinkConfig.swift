public import ConnectAPI

/// The typed settings of a FileSink connector and its task.
public struct FileSinkConfig: Sendable, Equatable {
    /// `file`: the file records are appended to; unset means standard output, as Kafka's FileStreamSink.
    public static let fileKey = "file"

    /// The keys of FileSink (besides the sink keys every connector has, such as `topics`).
    public static let definition: ConfigDefinition = ConfigDefinition()
        .define(
            fileKey, .string, default: nil, importance: .high,
            documentation: "Destination filename. If not specified, the standard output will be used. The file "
                + "is created if needed and opened for appending; each record becomes one line.",
            group: "File", orderInGroup: 1, width: .long, displayName: "File"
        )

    /// The destination path, or nil for standard output.
    public var path: String?

    /// Parses connector properties; unknown keys are ignored.
    /// - Throws: ``ConnectError`` (`config`) for a bad setting.
    public init(properties: [String: String]) throws(ConnectError) {
        let parsed = try Self.definition.parse(properties)
        path = parsed.string(Self.fileKey).flatMap { $0.isEmpty ? nil : $0 }
    }
}
