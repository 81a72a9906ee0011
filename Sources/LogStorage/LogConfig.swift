/// A topic's storage settings, with Kafka's key names and defaults.
public struct LogConfig: Hashable, Sendable {
    /// What happens to old segments: deleted, compacted, or both (`cleanup.policy`).
    public struct CleanupPolicy: Hashable, Sendable, CustomStringConvertible {
        /// Old segments are deleted by `retention.ms` / `retention.bytes`.
        public var delete: Bool
        /// Closed segments are compacted to the latest record per key.
        public var compact: Bool

        /// `cleanup.policy=delete`.
        public static let delete = CleanupPolicy(delete: true, compact: false)
        /// `cleanup.policy=compact`.
        public static let compact = CleanupPolicy(delete: false, compact: true)
        /// `cleanup.policy=compact,delete`.
        public static let compactAndDelete = CleanupPolicy(delete: true, compact: true)

        /// Creates a policy from its two switches.
        public init(delete: Bool, compact: Bool) {
            self.delete = delete
            self.compact = compact
        }

        public var description: String {
            [compact ? "compact" : nil, delete ? "delete" : nil].compactMap { $0 }.joined(separator: ",")
        }
    }

    /// `segment.bytes`: roll the active segment when it would exceed this size. Default 1 GiB.
    public var segmentBytes: Int = 1_073_741_824
    /// `segment.ms`: roll the active segment after this age. Default 7 days.
    public var segmentMs: Int64 = 604_800_000
    /// `segment.index.bytes`: roll when the offset index would exceed this size. Default 10 MiB.
    public var segmentIndexBytes: Int = 10_485_760
    /// `retention.ms`: delete segments whose newest record is older; -1 keeps forever. Default 7 days.
    public var retentionMs: Int64 = 604_800_000
    /// `retention.bytes`: delete oldest segments while the log is larger; -1 means no limit. Default -1.
    public var retentionBytes: Int64 = -1
    /// `cleanup.policy`. Default delete.
    public var cleanupPolicy: CleanupPolicy = .delete
    /// `delete.retention.ms`: how long tombstones survive compaction. Default 1 day.
    public var deleteRetentionMs: Int64 = 86_400_000
    /// `min.compaction.lag.ms`: records younger than this are never compacted. Default 0.
    public var minCompactionLagMs: Int64 = 0
    /// `max.compaction.lag.ms`: compact a log whose oldest uncompacted record is older, whatever the dirty ratio.
    public var maxCompactionLagMs: Int64 = Int64.max
    /// `min.cleanable.dirty.ratio`: compact when this share of the closed log is not yet compacted. Default 0.5.
    public var minCleanableDirtyRatio: Double = 0.5
    /// `max.message.bytes`: the largest batch accepted. Default 1048588.
    public var maxMessageBytes: Int = 1_048_588
    /// `message.timestamp.type`: CreateTime (producer's) or LogAppendTime (broker's). Default CreateTime.
    public var messageTimestampType: String = "CreateTime"
    /// `index.interval.bytes`: bytes between offset index entries. Default 4096.
    public var indexIntervalBytes: Int = 4096
    /// `flush.messages`: fsync after this many messages. Default Long.MAX (never).
    public var flushMessages: Int64 = Int64.max
    /// `flush.ms`: fsync when the oldest unflushed write is this old. Default Long.MAX (never).
    public var flushMs: Int64 = Int64.max

    /// Kafka's defaults.
    public init() {}

    /// Whether the broker stamps its own time on appended batches.
    public var usesLogAppendTime: Bool { messageTimestampType == "LogAppendTime" }

    /// The topic-level keys this config understands, in Kafka's spelling.
    public static let keys: [String] = [
        "segment.bytes", "segment.ms", "segment.index.bytes", "retention.ms", "retention.bytes", "cleanup.policy",
        "delete.retention.ms", "min.compaction.lag.ms", "max.compaction.lag.ms", "min.cleanable.dirty.ratio",
        "max.message.bytes", "message.timestamp.type", "index.interval.bytes", "flush.messages", "flush.ms",
    ]

    /// This config with `overrides` applied; throws naming the first unknown key or bad value.
    public func applying(_ overrides: [String: String]) throws(LogStorageError) -> LogConfig {
        var config = self
        for key in overrides.keys.sorted() {
            guard let value = overrides[key] else { continue }
            try config.set(key, value)
        }
        return config
    }

    /// Sets one key from its string form.
    public mutating func set(_ key: String, _ raw: String) throws(LogStorageError) {
        let value = raw.trimmingWhitespace()
        switch key {
        case "segment.bytes": segmentBytes = try Self.int(key, value, atLeast: 14)
        case "segment.ms": segmentMs = try Self.int64(key, value, atLeast: 1)
        case "segment.index.bytes": segmentIndexBytes = try Self.int(key, value, atLeast: 8)
        case "retention.ms": retentionMs = try Self.int64(key, value, atLeast: -1)
        case "retention.bytes": retentionBytes = try Self.int64(key, value, atLeast: -1)
        case "cleanup.policy": cleanupPolicy = try Self.policy(value)
        case "delete.retention.ms": deleteRetentionMs = try Self.int64(key, value, atLeast: 0)
        case "min.compaction.lag.ms": minCompactionLagMs = try Self.int64(key, value, atLeast: 0)
        case "max.compaction.lag.ms": maxCompactionLagMs = try Self.int64(key, value, atLeast: 1)
        case "min.cleanable.dirty.ratio":
            guard let ratio = Double(value), ratio >= 0, ratio <= 1 else {
                throw LogStorageError(.invalidConfig, "min.cleanable.dirty.ratio must be in [0, 1], got '\(raw)'")
            }
            minCleanableDirtyRatio = ratio
        case "max.message.bytes": maxMessageBytes = try Self.int(key, value, atLeast: 0)
        case "message.timestamp.type":
            guard value == "CreateTime" || value == "LogAppendTime" else {
                throw LogStorageError(
                    .invalidConfig, "message.timestamp.type must be CreateTime or LogAppendTime, got '\(raw)'")
            }
            messageTimestampType = value
        case "index.interval.bytes": indexIntervalBytes = try Self.int(key, value, atLeast: 0)
        case "flush.messages": flushMessages = try Self.int64(key, value, atLeast: 1)
        case "flush.ms": flushMs = try Self.int64(key, value, atLeast: 0)
        default:
            throw LogStorageError(.invalidConfig, "unknown topic config '\(key)'")
        }
    }

    /// Every key with its value, as Kafka would list it.
    public var properties: [String: String] {
        [
            "segment.bytes": String(segmentBytes), "segment.ms": String(segmentMs),
            "segment.index.bytes": String(segmentIndexBytes), "retention.ms": String(retentionMs),
            "retention.bytes": String(retentionBytes), "cleanup.policy": cleanupPolicy.description,
            "delete.retention.ms": String(deleteRetentionMs), "min.compaction.lag.ms": String(minCompactionLagMs),
            "max.compaction.lag.ms": String(maxCompactionLagMs),
            "min.cleanable.dirty.ratio": String(minCleanableDirtyRatio),
            "max.message.bytes": String(maxMessageBytes), "message.timestamp.type": messageTimestampType,
            "index.interval.bytes": String(indexIntervalBytes), "flush.messages": String(flushMessages),
            "flush.ms": String(flushMs),
        ]
    }

    private static func int64(_ key: String, _ value: String, atLeast minimum: Int64) throws(LogStorageError)
        -> Int64
    {
        guard let number = Int64(value) else {
            throw LogStorageError(.invalidConfig, "\(key) must be an integer, got '\(value)'")
        }
        guard number >= minimum else {
            throw LogStorageError(.invalidConfig, "\(key) must be at least \(minimum), got \(number)")
        }
        return number
    }

    private static func int(_ key: String, _ value: String, atLeast minimum: Int) throws(LogStorageError) -> Int {
        let number = try int64(key, value, atLeast: Int64(minimum))
        guard number <= Int64(Int32.max) else {
            throw LogStorageError(.invalidConfig, "\(key) must be at most \(Int32.max), got \(number)")
        }
        return Int(number)
    }

    private static func policy(_ value: String) throws(LogStorageError) -> CleanupPolicy {
        var policy = CleanupPolicy(delete: false, compact: false)
        for part in value.split(separator: ",").map({ String($0).trimmingWhitespace() }) {
            switch part {
            case "delete": policy.delete = true
            case "compact": policy.compact = true
            default:
                throw LogStorageError(.invalidConfig, "cleanup.policy must be delete, compact or both, got '\(value)'")
            }
        }
        guard policy.delete || policy.compact else {
            throw LogStorageError(.invalidConfig, "cleanup.policy must name delete, compact or both")
        }
        return policy
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
