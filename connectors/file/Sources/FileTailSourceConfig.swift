public import ConnectAPI

/// The typed settings of a FileTailSource connector and its task, parsed once from the string properties.
public struct FileTailSourceConfig: Sendable, Equatable {
    /// What the key of each record holds (`key`).
    public enum KeyMode: String, Sendable {
        /// The path of the file the line was read from, as a STRING.
        case path
        /// A null key, as Kafka's FileStreamSource.
        case none
    }

    /// The topic every record is written to (`topic`).
    public var topic: String
    /// The most records one poll returns (`batch.size`). Default: 2000.
    public var batchSize: Int
    /// The record key (`key`). Default: `path`.
    public var keyMode: KeyMode
    /// Whether records carry `file` and `offset` headers (`headers.enable`). Default: true.
    public var headersEnabled: Bool
    /// The pause between two looks at the files while there is nothing new (`poll.interval.ms`). Default: 50 ms.
    public var pollInterval: Duration
    /// What and how to tail: paths, rotation, multiline, limits.
    public var tailer: FileTailerConfiguration

    /// Parses and checks connector properties; unknown keys (e.g. `name`, `connector.class`) are ignored.
    /// - Throws: ``ConnectError`` with code `config` and Kafka's wording for the first problem found.
    public init(properties: [String: String]) throws(ConnectError) {
        let parsed = try Self.definition.parse(properties)
        if let problem = Self.crossKeyProblems(properties).first {
            throw ConnectError(.config, problem.message, configName: problem.key)
        }
        topic = parsed.list(Self.topicKey)?.first ?? ""
        batchSize = Int(parsed.int(Self.batchSizeKey) ?? 2000)
        keyMode = parsed.string(Self.keyKey).flatMap(KeyMode.init(rawValue:)) ?? .path
        headersEnabled = parsed.bool(Self.headersEnableKey) ?? true
        pollInterval = .milliseconds(parsed.long(Self.pollIntervalMsKey) ?? 50)

        var tailer = FileTailerConfiguration(paths: Self.pathPatterns(properties))
        tailer.excludes = parsed.list(Self.excludeFilesKey) ?? []
        tailer.readFrom = parsed.string(Self.readFromKey).flatMap(ReadFrom.init(rawValue:)) ?? .beginning
        tailer.maxLineBytes = Int(parsed.int(Self.maxLineBytesKey) ?? Int32(tailer.maxLineBytes))
        tailer.fingerprintBytes = Int(parsed.int(Self.fingerprintBytesKey) ?? Int32(tailer.fingerprintBytes))
        tailer.readBufferBytes = Int(parsed.int(Self.readBufferBytesKey) ?? Int32(tailer.readBufferBytes))
        tailer.maxBytesPerPoll = Int(clamping: parsed.long(Self.maxBytesPerPollKey) ?? Int64(tailer.maxBytesPerPoll))
        tailer.rotateWait = .milliseconds(parsed.long(Self.rotateWaitMsKey) ?? 5000)
        tailer.scanInterval = .milliseconds(parsed.long(Self.scanIntervalMsKey) ?? 1000)
        if let pattern = parsed.string(Self.multilinePatternKey), !pattern.isEmpty {
            tailer.multiline = MultilineConfiguration(
                pattern: pattern,
                negate: parsed.bool(Self.multilineNegateKey) ?? false,
                match: parsed.string(Self.multilineMatchKey).flatMap(MultilineMatch.init(rawValue:)) ?? .after,
                maxLines: Int(parsed.int(Self.multilineMaxLinesKey) ?? 500),
                timeout: .milliseconds(parsed.long(Self.multilineTimeoutMsKey) ?? 5000)
            )
        }
        do {
            try tailer.validate()
        } catch {
            throw ConnectError(.config, error.description, configName: error.key)
        }
        self.tailer = tailer
    }

    /// The paths and patterns of `file` and `files` together, in that order, without empty entries.
    static func pathPatterns(_ properties: [String: String]) -> [String] {
        [fileKey, filesKey].flatMap { key in
            (properties[key] ?? "").split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        }
    }

    /// Problems that involve more than one key, which per-key validators cannot see.
    static func crossKeyProblems(_ properties: [String: String]) -> [(key: String, message: String)] {
        var problems: [(key: String, message: String)] = []
        if pathPatterns(properties).isEmpty {
            problems.append(
                (
                    fileKey,
                    "At least one of 'file' or 'files' must name a path or glob pattern to tail "
                        + "(reading standard input is not supported)"
                )
            )
        }
        return problems
    }
}

extension Substring {
    /// The text without leading and trailing spaces, tabs and line breaks.
    fileprivate func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
