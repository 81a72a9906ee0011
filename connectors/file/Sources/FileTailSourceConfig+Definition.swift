public import ConnectAPI

/// The configuration keys of FileTailSource: Kafka FileStreamSource's `file`, `topic` and `batch.size`,
/// plus the tailing keys that map onto ``FileTailerConfiguration``.
extension FileTailSourceConfig {
    /// `file`: a path or glob to tail (Kafka FileStreamSource's key); merged with `files`.
    public static let fileKey = "file"
    /// `files`: comma-separated paths or globs to tail.
    public static let filesKey = "files"
    /// `exclude.files`: comma-separated patterns of paths to skip, e.g. `*.gz`.
    public static let excludeFilesKey = "exclude.files"
    /// `topic`: the one topic records are written to.
    public static let topicKey = "topic"
    /// `batch.size`: the most records one `poll` returns.
    public static let batchSizeKey = "batch.size"
    /// `read.from`: `beginning` or `end`, for files found by the first scan without a stored offset.
    public static let readFromKey = "read.from"
    /// `key`: `path` (the record key is the file path) or `none` (null key).
    public static let keyKey = "key"
    /// `headers.enable`: add `file` and `offset` headers to each record.
    public static let headersEnableKey = "headers.enable"
    /// `max.line.bytes`: longest line kept; longer lines are truncated.
    public static let maxLineBytesKey = "max.line.bytes"
    /// `multiline.pattern`: POSIX extended regular expression that classifies continuation lines.
    public static let multilinePatternKey = "multiline.pattern"
    /// `multiline.negate`: lines *not* matching the pattern are the continuation lines.
    public static let multilineNegateKey = "multiline.negate"
    /// `multiline.match`: continuation lines join the line `after` which or `before` which they appear.
    public static let multilineMatchKey = "multiline.match"
    /// `multiline.max.lines`: physical lines kept in one event.
    public static let multilineMaxLinesKey = "multiline.max.lines"
    /// `multiline.timeout.ms`: a pending multiline event is emitted after this long without a new line.
    public static let multilineTimeoutMsKey = "multiline.timeout.ms"
    /// `fingerprint.bytes`: the most leading bytes hashed to identify a file (its first line, at most this long).
    public static let fingerprintBytesKey = "fingerprint.bytes"
    /// `read.buffer.bytes`: size of each read.
    public static let readBufferBytesKey = "read.buffer.bytes"
    /// `max.bytes.per.poll`: bytes read from one file per tailer pass, for fairness between files.
    public static let maxBytesPerPollKey = "max.bytes.per.poll"
    /// `rotate.wait.ms`: how long a rotated-away or truncated file stays open after its last data.
    public static let rotateWaitMsKey = "rotate.wait.ms"
    /// `scan.interval.ms`: minimum time between two expansions of the globs.
    public static let scanIntervalMsKey = "scan.interval.ms"
    /// `poll.interval.ms`: pause between two looks at the files while there is nothing new.
    public static let pollIntervalMsKey = "poll.interval.ms"

    /// The definition shown by `GET /connector-plugins/{plugin}/config` and used for validation.
    public static let definition: ConfigDefinition = ConfigDefinition()
        .define(
            fileKey, .string, default: nil, importance: .high,
            documentation: "Source filename, as in Kafka's FileStreamSource. It may also be a glob pattern "
                + "(*, ?, [...]) or a comma-separated list; it is merged with 'files'. Unlike FileStreamSource, "
                + "standard input is not supported: 'file' or 'files' must name at least one path.",
            group: "File", orderInGroup: 1, width: .long, displayName: "File"
        )
        .define(
            filesKey, .list, default: [], importance: .high,
            documentation: "Comma-separated paths or glob patterns (*, ?, [...]; no **) of the files to tail. "
                + "Files appearing later under a pattern are picked up by the next scan.",
            group: "File", orderInGroup: 2, width: .long, displayName: "Files"
        )
        .define(
            excludeFilesKey, .list, default: [], importance: .medium,
            documentation: "Comma-separated patterns of paths to skip, e.g. *.gz; a pattern without '/' is "
                + "matched against the file name only.",
            group: "File", orderInGroup: 3, width: .long, displayName: "Excluded files"
        )
        .define(
            topicKey, .list, validator: singleTopic, importance: .high,
            documentation: "The topic to publish data to. Exactly one topic.",
            group: "Output", orderInGroup: 1, width: .long, displayName: "Topic"
        )
        .define(
            batchSizeKey, .int, default: 2000, validator: .atLeast(1), importance: .low,
            documentation: "The maximum number of records the source task can read from the file each time it is polled",
            group: "Output", orderInGroup: 2, width: .short, displayName: "Batch size"
        )
        .define(
            keyKey, .string, default: "path", validator: .in("path", "none"), importance: .low,
            documentation: "What the record key holds: 'path' (the default) is the path of the file the line was "
                + "read from, as a string; 'none' leaves the key null, as Kafka's FileStreamSource does.",
            group: "Output", orderInGroup: 3, width: .short, displayName: "Record key"
        )
        .define(
            headersEnableKey, .boolean, default: true, importance: .low,
            documentation: "Whether each record gets the headers 'file' (the path) and 'offset' (the byte offset "
                + "of the start of the line), both strings.",
            group: "Output", orderInGroup: 4, width: .short, displayName: "Add headers"
        )
        .define(
            readFromKey, .string, default: "beginning", validator: .in("beginning", "end"), importance: .medium,
            documentation: "Where files found by the first scan start when no offset is stored for them: "
                + "'beginning' (the default) or 'end' (after their last complete line). Files that appear "
                + "later are always read from their beginning.",
            group: "Reading", orderInGroup: 1, width: .short, displayName: "Read from"
        )
        .define(
            maxLineBytesKey, .int, default: 1_048_576, validator: .between(1, Int32.max), importance: .low,
            documentation: "The longest line (or multiline event) kept, in bytes; the rest of a longer line is "
                + "dropped up to its newline.",
            group: "Reading", orderInGroup: 2, width: .short, displayName: "Maximum line bytes"
        )
        .define(
            fingerprintBytesKey, .int, default: 1024, validator: .between(1, 1_048_576), importance: .low,
            documentation: "The most leading bytes that identify a file (with its device and inode). A file is "
                + "identified by its first line, newline included, or by its first fingerprint.bytes bytes if "
                + "that line is longer, and is read as soon as its first line is complete, however short it "
                + "is; an empty file or an unfinished first line shorter than this waits. Renamed files and "
                + "copytruncate copies keep their stream because they keep their first line. Files sharing a "
                + "first line (e.g. a CSV header) are told apart by device/inode and by comparing their "
                + "bytes; a file that so far equals an already read one byte for byte cannot be told from a "
                + "copy of it and is read from its start only once it differs; likewise, after a restart, the offset "
                + "of a file that was truncated or rewritten while stopped can be taken by another file with the "
                + "same first line, as by a copytruncate copy. Changing this value gives files "
                + "whose first line is longer than both the old and the new value a new identity, so they are "
                + "read again.",
            group: "Reading", orderInGroup: 3, width: .short, displayName: "Fingerprint bytes"
        )
        .define(
            readBufferBytesKey, .int, default: 262_144, validator: .between(512, 67_108_864), importance: .low,
            documentation: "The size of each read from a file, in bytes.",
            group: "Reading", orderInGroup: 4, width: .short, displayName: "Read buffer bytes"
        )
        .define(
            maxBytesPerPollKey, .long, default: 4_194_304, validator: .atLeast(1), importance: .low,
            documentation: "The most bytes read from one file in one pass over the files, so that one busy "
                + "file cannot starve the others.",
            group: "Reading", orderInGroup: 5, width: .short, displayName: "Maximum bytes per pass"
        )
        .define(
            rotateWaitMsKey, .long, default: 5000, validator: .atLeast(0), importance: .low,
            documentation: "How long a file that was rotated away, deleted or truncated stays open after its "
                + "last data, in milliseconds, so that lines written to it late are still read.",
            group: "Reading", orderInGroup: 6, width: .short, displayName: "Rotate wait (ms)"
        )
        .define(
            scanIntervalMsKey, .long, default: 1000, validator: .atLeast(0), importance: .low,
            documentation: "The minimum time between two expansions of the patterns, in milliseconds. Files "
                + "already open are checked for new data on every poll.",
            group: "Reading", orderInGroup: 7, width: .short, displayName: "Scan interval (ms)"
        )
        .define(
            pollIntervalMsKey, .long, default: 50, validator: .between(1, 1000), importance: .low,
            documentation: "How long the task waits between two looks at the files while nothing new was "
                + "written, in milliseconds. A poll with nothing to return ends after about one second.",
            group: "Reading", orderInGroup: 8, width: .short, displayName: "Poll interval (ms)"
        )
        .define(
            multilinePatternKey, .string, default: nil, validator: posixRegex, importance: .medium,
            documentation: "A POSIX extended regular expression, as Filebeat's multiline.pattern: lines it "
                + "matches (or, with multiline.negate, does not match) are continuation lines joined with "
                + "'\\n' to the line before them (multiline.match=after) or after them (before). Unset "
                + "means one record per line.",
            group: "Multiline", orderInGroup: 1, width: .long, displayName: "Multiline pattern"
        )
        .define(
            multilineNegateKey, .boolean, default: false, importance: .low,
            documentation: "Whether the lines that do not match multiline.pattern are the continuation lines.",
            group: "Multiline", orderInGroup: 2, width: .short, displayName: "Multiline negate"
        )
        .define(
            multilineMatchKey, .string, default: "after", validator: .in("after", "before"), importance: .low,
            documentation: "'after' appends continuation lines to the line before them; 'before' prepends them "
                + "to the next line that is not a continuation.",
            group: "Multiline", orderInGroup: 3, width: .short, displayName: "Multiline match"
        )
        .define(
            multilineMaxLinesKey, .int, default: 500, validator: .atLeast(1), importance: .low,
            documentation: "The most physical lines kept in one multiline event; further lines are consumed "
                + "but dropped.",
            group: "Multiline", orderInGroup: 4, width: .short, displayName: "Multiline max lines"
        )
        .define(
            multilineTimeoutMsKey, .long, default: 5000, validator: .atLeast(0), importance: .low,
            documentation: "A pending multiline event is emitted after this many milliseconds without a new line.",
            group: "Multiline", orderInGroup: 5, width: .short, displayName: "Multiline timeout (ms)"
        )

    /// Exactly one non-empty topic, with Kafka FileStreamSource's message otherwise; null (a missing key) is
    /// left to the required-key check.
    static let singleTopic = ConfigValidator(description: "a single topic name") { name, value in
        guard let value else { return }
        guard case .list(let topics) = value, topics.count == 1, let topic = topics.first, !topic.isEmpty else {
            throw ConnectError(
                .config,
                "'topic' in FileStreamSourceConnector configuration requires definition of a single topic",
                configName: name
            )
        }
    }

    /// Null, or a pattern that `regcomp` accepts as an extended regular expression.
    static let posixRegex = ConfigValidator(description: "POSIX extended regular expression") { name, value in
        guard case .string(let pattern)? = value else { return }
        do throws(FileTailerConfigurationError) {
            _ = try PosixRegex(pattern: pattern)
        } catch {
            throw ConnectError.invalidConfig(name: name, value: pattern, message: error.message)
        }
    }
}
