import LogStorage

/// Describes topic configs as Kafka does: every key with its value, source and type.
enum TopicConfigDescriber {
    /// Kafka's ConfigSource values.
    enum Source {
        static let dynamicTopic: Int8 = 1
        static let staticBroker: Int8 = 4
        static let defaultConfig: Int8 = 5
    }

    /// Kafka's ConfigType values (DescribeConfigs v3+).
    static func type(of key: String) -> Int8 {
        switch key {
        case "cleanup.policy": 7  // LIST
        case "message.timestamp.type": 2  // STRING
        case "min.cleanable.dirty.ratio": 6  // DOUBLE
        case "segment.bytes", "segment.index.bytes", "max.message.bytes", "index.interval.bytes": 3  // INT
        default: 5  // LONG
        }
    }

    struct Entry {
        var name: String
        var value: String
        var source: Int8
        var type: Int8
    }

    static func describe(_ config: LogConfig, overrides: [String: String], keys: [String]? = nil) -> [Entry] {
        let properties = config.properties
        return (keys ?? LogConfig.keys).compactMap { key in
            guard let value = properties[key] else { return nil }
            return Entry(
                name: key, value: value, source: overrides[key] != nil ? Source.dynamicTopic : Source.defaultConfig,
                type: type(of: key))
        }
    }
}
