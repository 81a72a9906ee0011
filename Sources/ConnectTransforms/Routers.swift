public import ConnectAPI

/// Renames the topic from a format with `${topic}` and `${timestamp}` placeholders (Kafka's `TimestampRouter`).
///
/// Keys `topic.format` (default `${topic}-${timestamp}`) and `timestamp.format` (a `SimpleDateFormat` pattern
/// applied in UTC, default `yyyyMMdd`).
public struct TimestampRouter: Transformation {
    var topicFormat = "${topic}-${timestamp}"
    var timestampFormat = JavaDateFormat("yyyyMMdd")

    /// An unconfigured router.
    public init() {}

    public var config: ConfigDefinition {
        ConfigDefinition()
            .define("topic.format", .string, default: "${topic}-${timestamp}", importance: .high,
                    documentation: "Format string which can contain <code>${topic}</code> and <code>${timestamp}</code> as placeholders for the topic and timestamp, respectively.")
            .define("timestamp.format", .string, default: "yyyyMMdd", importance: .high,
                    documentation: "Format string for the timestamp that is compatible with <code>java.text.SimpleDateFormat</code>.")
    }

    public mutating func configure(_ configs: [String: String]) throws {
        let c = try config.parse(configs)
        topicFormat = c.string("topic.format") ?? topicFormat
        timestampFormat = JavaDateFormat(c.string("timestamp.format") ?? "yyyyMMdd")
    }

    public func apply<R: ConnectRecord>(_ record: R) throws -> R? {
        guard let timestamp = record.timestamp else {
            throw ConnectError.data("Timestamp missing on record: \(record)")
        }
        let formatted = timestampFormat.format(milliseconds: timestamp)
        let topic = topicFormat
            .replacingAll("${topic}", with: record.topic)
            .replacingAll("${timestamp}", with: formatted)
        return record.withTopic(topic)
    }
}

/// Renames the topic when the whole name matches `regex`, using `replacement` with `$1`-style group
/// references (Kafka's `RegexRouter`).
public struct RegexRouter: Transformation {
    var regex: SendableRegex?
    var replacement = ""

    /// An unconfigured router.
    public init() {}

    public var config: ConfigDefinition {
        ConfigDefinition()
            .define("regex", .string, validator: .regex, importance: .high,
                    documentation: "Regular expression to use for matching.")
            .define("replacement", .string, importance: .high,
                    documentation: "Replacement string.")
    }

    public mutating func configure(_ configs: [String: String]) throws {
        let c = try config.parse(configs)
        regex = try SendableRegex(c.string("regex") ?? "")
        replacement = c.string("replacement") ?? ""
    }

    public func apply<R: ConnectRecord>(_ record: R) throws -> R? {
        guard let regex, let topic = regex.replaceWhole(record.topic, with: replacement) else { return record }
        return record.withTopic(topic)
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
