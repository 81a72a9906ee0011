/// Where a file first seen by the tailer starts: at its first byte, or after its last complete line.
public enum ReadFrom: String, Sendable {
    case beginning
    case end
}

/// Filebeat's `multiline.match`: continuation lines join the previous line (`after`) or the next one (`before`).
public enum MultilineMatch: String, Sendable {
    case after
    case before
}

/// Filebeat-style multiline joining (`multiline.type: pattern`).
///
/// A line is a *continuation* when `pattern` matches it, or when it does not match and `negate` is true.
/// * `after`: continuation lines are appended to the line before them; a non-continuation line starts a new event.
/// * `before`: continuation lines are prepended to the next non-continuation line, which ends the event.
public struct MultilineConfiguration: Sendable, Equatable {
    /// POSIX extended regular expression (regcomp with REG_EXTENDED).
    public var pattern: String
    /// Inverts the match (`multiline.negate`).
    public var negate: Bool
    /// `after` or `before` (`multiline.match`).
    public var match: MultilineMatch
    /// Physical lines kept in one event; further lines are consumed but their text dropped (`multiline.max.lines`).
    public var maxLines: Int
    /// A pending event is emitted after this long without a new line (`multiline.timeout.ms`).
    public var timeout: Duration

    /// Creates a multiline configuration with Filebeat's defaults (500 lines, 5 s).
    public init(
        pattern: String,
        negate: Bool = false,
        match: MultilineMatch = .after,
        maxLines: Int = 500,
        timeout: Duration = .seconds(5)
    ) {
        self.pattern = pattern
        self.negate = negate
        self.match = match
        self.maxLines = maxLines
        self.timeout = timeout
    }
}

/// A configuration value the tailer cannot use.
public struct FileTailerConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The offending key.
    public var key: String
    /// What is wrong with it.
    public var message: String

    /// Creates an error for `key`.
    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "\(key): \(message)" }
}

/// Settings of a `FileTailer`; `init(properties:)` reads the connector's string keys.
public struct FileTailerConfiguration: Sendable, Equatable {
    /// Paths and glob patterns (`*`, `?`, `[...]`; no `**`) to watch (`file` / `files`).
    public var paths: [String]
    /// Patterns of paths to skip, e.g. `*.gz` (`exclude.files`); without `/` they match the file name.
    public var excludes: [String]
    /// Start of files found by the first scan and not resumed; files appearing later always start at 0.
    public var readFrom: ReadFrom
    /// Longest event kept; longer lines are truncated (the rest up to the newline is skipped), as Filebeat does.
    public var maxLineBytes: Int
    /// Multiline joining, or nil for one event per line.
    public var multiline: MultilineConfiguration?
    /// The longest head hashed for the fingerprint (`fingerprint.bytes`): a file's head is its first line or
    /// this many bytes, whichever is shorter; a file whose first line is unfinished and shorter waits.
    public var fingerprintBytes: Int
    /// Size of each `pread` (`read.buffer.bytes`).
    public var readBufferBytes: Int
    /// Bytes read per file per poll, so one busy file cannot starve the others (`max.bytes.per.poll`).
    public var maxBytesPerPoll: Int
    /// How long a renamed-away, deleted or truncated file stays open after its last data (`rotate.wait.ms`).
    public var rotateWait: Duration
    /// Minimum time between pattern scans (`scan.interval.ms`); open files are checked on every poll regardless.
    public var scanInterval: Duration

    /// Creates a configuration; defaults follow Filebeat/Vector where they exist.
    public init(
        paths: [String],
        excludes: [String] = [],
        readFrom: ReadFrom = .beginning,
        maxLineBytes: Int = 1 << 20,
        multiline: MultilineConfiguration? = nil,
        fingerprintBytes: Int = 1024,
        readBufferBytes: Int = 256 << 10,
        maxBytesPerPoll: Int = 4 << 20,
        rotateWait: Duration = .seconds(5),
        scanInterval: Duration = .seconds(1)
    ) {
        self.paths = paths
        self.excludes = excludes
        self.readFrom = readFrom
        self.maxLineBytes = maxLineBytes
        self.multiline = multiline
        self.fingerprintBytes = fingerprintBytes
        self.readBufferBytes = readBufferBytes
        self.maxBytesPerPoll = maxBytesPerPoll
        self.rotateWait = rotateWait
        self.scanInterval = scanInterval
    }

    /// The keys `init(properties:)` understands.
    public static let knownKeys: Set<String> = [
        "file", "files", "exclude.files", "read.from", "max.line.bytes", "multiline.pattern",
        "multiline.negate", "multiline.match", "multiline.max.lines", "multiline.timeout.ms",
        "fingerprint.bytes", "read.buffer.bytes", "max.bytes.per.poll", "rotate.wait.ms", "scan.interval.ms",
    ]

    /// Reads connector properties: `file`, `files` (comma-separated), `read.from`, `max.line.bytes`,
    /// `multiline.*`, `fingerprint.bytes`, `read.buffer.bytes`, `max.bytes.per.poll`, `rotate.wait.ms`,
    /// `scan.interval.ms`, `exclude.files`. Unknown keys are ignored (the connector may own them).
    public init(properties: [String: String]) throws(FileTailerConfigurationError) {
        let reader = PropertyReader(properties: properties)
        var paths = reader.list("file") + reader.list("files")
        paths = paths.filter { !$0.isEmpty }
        guard !paths.isEmpty else {
            throw FileTailerConfigurationError(key: "files", message: "at least one path or pattern is required")
        }
        self.init(paths: paths)
        excludes = reader.list("exclude.files")
        if let value = reader.string("read.from") {
            guard let parsed = ReadFrom(rawValue: value.lowercased()) else {
                throw FileTailerConfigurationError(
                    key: "read.from",
                    message: "expected beginning or end, got '\(value)'"
                )
            }
            readFrom = parsed
        }
        maxLineBytes = try reader.integer("max.line.bytes", default: maxLineBytes, range: 1...Int(Int32.max))
        fingerprintBytes = try reader.integer("fingerprint.bytes", default: fingerprintBytes, range: 1...(1 << 20))
        readBufferBytes = try reader.integer("read.buffer.bytes", default: readBufferBytes, range: 512...(64 << 20))
        maxBytesPerPoll = try reader.integer("max.bytes.per.poll", default: maxBytesPerPoll, range: 1...Int.max)
        rotateWait = .milliseconds(try reader.integer("rotate.wait.ms", default: 5000, range: 0...Int.max))
        scanInterval = .milliseconds(try reader.integer("scan.interval.ms", default: 1000, range: 0...Int.max))
        if let pattern = reader.string("multiline.pattern") {
            var multiline = MultilineConfiguration(pattern: pattern)
            multiline.negate = try reader.boolean("multiline.negate", default: false)
            if let value = reader.string("multiline.match") {
                guard let parsed = MultilineMatch(rawValue: value.lowercased()) else {
                    throw FileTailerConfigurationError(
                        key: "multiline.match",
                        message: "expected after or before, got '\(value)'"
                    )
                }
                multiline.match = parsed
            }
            multiline.maxLines = try reader.integer("multiline.max.lines", default: 500, range: 1...Int.max)
            multiline.timeout = .milliseconds(
                try reader.integer("multiline.timeout.ms", default: 5000, range: 0...Int.max)
            )
            self.multiline = multiline
        }
        try validate()
    }

    /// Checks value ranges; `FileTailer.init` calls it too.
    public func validate() throws(FileTailerConfigurationError) {
        if paths.isEmpty { throw FileTailerConfigurationError(key: "files", message: "no paths") }
        if maxLineBytes < 1 || maxLineBytes > Int(Int32.max) {
            throw FileTailerConfigurationError(key: "max.line.bytes", message: "must be in 1...\(Int32.max)")
        }
        if fingerprintBytes < 1 { throw FileTailerConfigurationError(key: "fingerprint.bytes", message: "must be ≥ 1") }
        if readBufferBytes < 1 { throw FileTailerConfigurationError(key: "read.buffer.bytes", message: "must be ≥ 1") }
        if maxBytesPerPoll < 1 { throw FileTailerConfigurationError(key: "max.bytes.per.poll", message: "must be ≥ 1") }
        if let multiline, multiline.maxLines < 1 {
            throw FileTailerConfigurationError(key: "multiline.max.lines", message: "must be ≥ 1")
        }
    }
}

/// Typed access to a string-keyed property map.
private struct PropertyReader {
    let properties: [String: String]

    func string(_ key: String) -> String? {
        guard let raw = properties[key] else { return nil }
        let trimmed = raw.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    func list(_ key: String) -> [String] {
        guard let raw = properties[key] else { return [] }
        return raw.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    func integer(_ key: String, default value: Int, range: ClosedRange<Int>) throws(FileTailerConfigurationError) -> Int
    {
        guard let raw = string(key) else { return value }
        guard let parsed = Int(raw), range.contains(parsed) else {
            throw FileTailerConfigurationError(key: key, message: "expected an integer in \(range), got '\(raw)'")
        }
        return parsed
    }

    func boolean(_ key: String, default value: Bool) throws(FileTailerConfigurationError) -> Bool {
        guard let raw = string(key) else { return value }
        switch raw.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: throw FileTailerConfigurationError(key: key, message: "expected true or false, got '\(raw)'")
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    fileprivate func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
