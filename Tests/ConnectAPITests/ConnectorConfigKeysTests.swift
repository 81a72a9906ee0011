import ConnectAPI
import Testing

@Suite("Common connector configuration keys")
struct ConnectorConfigKeysTests {
    /// name, type, required, default, importance, group, order, width, display name: as Kafka Connect lists them.
    @Test func commonKeysMatchKafkaConnect() throws {
        let expected: [(String, String, Bool, String?, String, String?, Int, String, String)] = [
            ("name", "STRING", true, nil, "HIGH", "Common", 1, "MEDIUM", "Connector name"),
            ("connector.class", "STRING", true, nil, "HIGH", "Common", 2, "LONG", "Connector class"),
            ("tasks.max", "INT", false, "1", "HIGH", "Common", 3, "SHORT", "Tasks max"),
            ("tasks.max.enforce", "BOOLEAN", false, "true", "LOW", "Common", 4, "SHORT", "Enforce tasks max"),
            ("key.converter", "CLASS", false, nil, "LOW", "Common", 5, "SHORT", "Key converter class"),
            ("value.converter", "CLASS", false, nil, "LOW", "Common", 6, "SHORT", "Value converter class"),
            ("header.converter", "CLASS", false, "org.apache.kafka.connect.storage.SimpleHeaderConverter", "LOW", "Common", 7, "SHORT", "Header converter class"),
            ("transforms", "LIST", false, "", "LOW", "Transforms", 8, "LONG", "Transforms"),
            ("predicates", "LIST", false, "", "LOW", "Predicates", 9, "LONG", "Predicates"),
            ("config.action.reload", "STRING", false, "restart", "LOW", "Common", 10, "MEDIUM", "Reload Action"),
            ("errors.retry.timeout", "LONG", false, "0", "MEDIUM", "Error Handling", 1, "MEDIUM", "Retry Timeout for Errors"),
            ("errors.retry.delay.max.ms", "LONG", false, "60000", "MEDIUM", "Error Handling", 2, "MEDIUM", "Maximum Delay Between Retries for Errors"),
            ("errors.tolerance", "STRING", false, "none", "MEDIUM", "Error Handling", 3, "SHORT", "Error Tolerance"),
            ("errors.log.enable", "BOOLEAN", false, "false", "MEDIUM", "Error Handling", 4, "SHORT", "Log Errors"),
            ("errors.log.include.messages", "BOOLEAN", false, "false", "MEDIUM", "Error Handling", 5, "SHORT", "Log Error Details"),
        ]
        let infos = ConnectorConfigKeys.common.keyInfos
        #expect(infos.count == expected.count)
        for (info, e) in zip(infos, expected) {
            #expect(info.name == e.0)
            #expect(info.type == e.1, "\(e.0)")
            #expect(info.required == e.2, "\(e.0)")
            #expect(info.defaultValue == e.3, "\(e.0)")
            #expect(info.importance == e.4, "\(e.0)")
            #expect(info.group == e.5, "\(e.0)")
            #expect(info.orderInGroup == e.6, "\(e.0)")
            #expect(info.width == e.7, "\(e.0)")
            #expect(info.displayName == e.8, "\(e.0)")
        }
    }

    @Test func sourceAndSinkExtras() throws {
        #expect(Array(ConnectorConfigKeys.source.names.suffix(5)) == [
            "topic.creation.groups", "exactly.once.support", "transaction.boundary", "transaction.boundary.interval.ms",
            "offsets.storage.topic",
        ])
        #expect(Array(ConnectorConfigKeys.sink.names.suffix(5)) == [
            "topics", "topics.regex", "errors.deadletterqueue.topic.name",
            "errors.deadletterqueue.topic.replication.factor", "errors.deadletterqueue.context.headers.enable",
        ])
        let sink = try ConnectorConfigKeys.sink.parse(["name": "s", "connector.class": "SQLiteSink", "topics": "a, b"])
        #expect(sink.list("topics") == ["a", "b"])
        #expect(sink.string("topics.regex") == "")
        #expect(sink.short("errors.deadletterqueue.topic.replication.factor") == 3)
        #expect(sink.int("tasks.max") == 1)
        let source = try ConnectorConfigKeys.source.parse(["name": "s", "connector.class": "X", "exactly.once.support": "REQUIRED"])
        #expect(source.string("exactly.once.support") == "REQUIRED")
        #expect(source.long("transaction.boundary.interval.ms") == nil)
    }

    @Test func commonValidatorsRejectBadValues() {
        let values = ConnectorConfigKeys.sink.validate([
            "name": "s", "connector.class": "X", "tasks.max": "0", "transforms": "a,a", "errors.tolerance": "some",
            "topics.regex": "(unclosed",
        ])
        #expect(values["tasks.max"]?.errors == ["Invalid value 0 for configuration tasks.max: Value must be at least 1"])
        #expect(values["transforms"]?.errors == ["Invalid value [a, a] for configuration transforms: Duplicate alias provided."])
        #expect(values["errors.tolerance"]?.errors == ["Invalid value some for configuration errors.tolerance: String must be one of: none, all"])
        #expect(values["topics.regex"]?.errors.first?.hasPrefix("Invalid value (unclosed for configuration topics.regex: Invalid regex") == true)
        #expect(values.errorCount == 4)
    }
}
