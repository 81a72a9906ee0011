import ConnectAPI
@testable import ConnectTransforms
import Testing

@Suite struct RouterTests {
    @Test func timestampRouterDefaults() throws {
        let t = try configured(TimestampRouter(), [:])
        #expect(try t.apply(source(value: "v", timestamp: 1_483_425_001_864))?.topic == "test-20170103")
    }

    @Test func timestampRouterCustomFormat() throws {
        let t = try configured(TimestampRouter(), ["topic.format": "${timestamp}_${topic}", "timestamp.format": "yyyy-MM"])
        #expect(try t.apply(sink(value: "v", timestamp: 1_483_425_001_864))?.topic == "2017-01_test")
    }

    @Test func timestampRouterNeedsTimestamp() throws {
        let t = try configured(TimestampRouter(), [:])
        #expect(errorMessage { _ = try t.apply(sink(value: "v")) }?.hasPrefix("Timestamp missing on record: ") == true)
    }

    @Test func regexRouter() throws {
        func route(_ regex: String, _ replacement: String, _ topic: String) throws -> String? {
            try configured(RegexRouter(), ["regex": regex, "replacement": replacement]).apply(sink(topic: topic, value: "v"))?.topic
        }
        #expect(try route("(.*)", "prefix-$1", "orig") == "prefix-orig")
        #expect(try route("(.*)", "$1-suffix", "orig") == "orig-suffix")
        #expect(try route("(.*)-(\\d\\d\\d\\d\\d\\d\\d\\d)", "$1", "index-20160117") == "index")
        #expect(try route("(.*)-(\\d\\d\\d\\d\\d\\d\\d\\d)", "$2-$1", "index-20160117") == "20160117-index")
        #expect(try route("foo", "bar", "orig") == "orig")
        #expect(try route("orig", "replaced", "original") == "original")
    }

    @Test func regexRouterRequiresConfig() {
        #expect(errorMessage { _ = try configured(RegexRouter(), ["regex": "x"]) }
            == "Missing required configuration \"replacement\" which has no default value.")
    }
}

@Suite struct HeaderTransformTests {
    @Test func insertHeader() throws {
        let t = try configured(InsertHeader(), ["header": "inserted", "value.literal": "inserted-value"])
        var headers = ConnectHeaders()
        headers.addString("existing", "x")
        let out = try #require(try t.apply(sink(value: "v", headers: headers)))
        #expect(out.headers.count == 2)
        #expect(out.headers.lastWithName("inserted")?.value == "inserted-value")
        #expect(out.headers.lastWithName("inserted")?.schema == .string)
        let number = try configured(InsertHeader(), ["header": "n", "value.literal": "42"])
        #expect(try number.apply(sink(value: "v"))?.headers.lastWithName("n")?.value == .int8(42))
    }

    @Test func insertHeaderRequiresValue() {
        #expect(errorMessage { _ = try configured(InsertHeader(), ["header": "h"]) }
            == "Missing required configuration \"value.literal\" which has no default value.")
    }

    @Test func dropHeaders() throws {
        let t = try configured(DropHeaders(), ["headers": "a,c"])
        var headers = ConnectHeaders()
        headers.addString("a", "1")
        headers.addString("b", "2")
        headers.addString("a", "3")
        let out = try #require(try t.apply(sink(value: "v", headers: headers)))
        #expect(out.headers.map(\.key) == ["b"])
        #expect(errorMessage { _ = try configured(DropHeaders(), ["headers": ""]) }?.hasSuffix("Empty list") == true)
    }

    @Test func headerFromSchemalessMove() throws {
        let t = try configured(HeaderFrom(part: .value), ["fields": "a,b", "headers": "ha,hb", "operation": "move"])
        let out = try #require(try t.apply(sink(value: map(["a": .int32(1), "b": "two", "c": true]))))
        #expect(out.value == map(["c": true]))
        #expect(out.headers.lastWithName("ha")?.value == .int32(1))
        #expect(out.headers.lastWithName("hb")?.value == "two")
    }

    @Test func headerFromSchemaCopyAndMove() throws {
        let schema = try SchemaBuilder.struct().field("a", .int32).field("b", .string).build()
        let value = try Struct(schema: schema).putting("a", .int32(1)).putting("b", "two")
        let copy = try configured(HeaderFrom(part: .key), ["fields": "a", "headers": "ha", "operation": "copy"])
        let copied = try #require(try copy.apply(sink(keySchema: schema, key: .struct(value), value: .null)))
        #expect(copied.key == .struct(value))
        #expect(copied.headers.lastWithName("ha") == ConnectHeader(key: "ha", schema: .int32, value: .int32(1)))
        let move = try configured(HeaderFrom(part: .value), ["fields": "a", "headers": "ha", "operation": "move"])
        let moved = try #require(try move.apply(sink(valueSchema: schema, value: .struct(value))))
        #expect(moved.valueSchema?.fieldNames == ["b"])
        #expect(moved.value.structValue?["b"] == "two")
        #expect(moved.headers.lastWithName("ha")?.value == .int32(1))
    }

    @Test func headerFromConfigErrors() {
        #expect(errorMessage { _ = try configured(HeaderFrom(part: .value), ["fields": "a,b", "headers": "h", "operation": "copy"]) }
            == "'fields' config must have the same number of elements as 'headers' config.")
        #expect(errorMessage { _ = try configured(HeaderFrom(part: .value), ["fields": "a", "headers": "h", "operation": "swap"]) }?
            .hasPrefix("Invalid value swap for configuration operation") == true)
    }
}

@Suite struct PredicateTests {
    @Test func topicNameMatches() throws {
        let p = try configured(TopicNameMatches(), ["pattern": "my-prefix-.*"])
        #expect(p.test(sink(topic: "my-prefix-foo", value: "v")))
        #expect(!p.test(sink(topic: "x-my-prefix-foo", value: "v")))
        #expect(errorMessage { _ = try configured(TopicNameMatches(), [:]) }
            == "Missing required configuration \"pattern\" which has no default value.")
        #expect(errorMessage { _ = try configured(TopicNameMatches(), ["pattern": "["]) }?
            .hasPrefix("Invalid value [ for configuration pattern: Invalid regex") == true)
    }

    @Test func hasHeaderKey() throws {
        let p = try configured(HasHeaderKey(), ["name": "h"])
        var headers = ConnectHeaders()
        headers.addString("h", "x")
        #expect(p.test(sink(value: "v", headers: headers)))
        #expect(!p.test(sink(value: "v")))
    }

    @Test func recordIsTombstone() {
        let p = RecordIsTombstone()
        #expect(p.test(sink(value: .null)))
        #expect(!p.test(sink(value: "v")))
    }
}

@Suite struct TransformChainTests {
    @Test func filterWithPredicateDropsOnlyMatching() throws {
        let chain = try TransformChain.parse(connectorConfig: [
            "transforms": "dropFoo",
            "transforms.dropFoo.type": "org.apache.kafka.connect.transforms.Filter",
            "transforms.dropFoo.predicate": "isFoo",
            "predicates": "isFoo",
            "predicates.isFoo.type": "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
            "predicates.isFoo.pattern": "foo.*",
        ])
        #expect(try chain.apply(sink(topic: "foo-1", value: "v")) == nil)
        #expect(try chain.apply(sink(topic: "bar", value: "v"))?.topic == "bar")
    }

    @Test func negatedPredicateAndOrder() throws {
        let chain = try TransformChain.parse(connectorConfig: [
            "transforms": "route,insert",
            "transforms.route.type": "RegexRouter",
            "transforms.route.regex": "(.*)",
            "transforms.route.replacement": "routed-$1",
            "transforms.insert.type": "org.apache.kafka.connect.transforms.InsertField$Value",
            "transforms.insert.topic.field": "topic",
            "transforms.insert.predicate": "tomb",
            "transforms.insert.negate": "true",
            "predicates": "tomb",
            "predicates.tomb.type": "RecordIsTombstone",
        ])
        #expect(chain.stages.map(\.alias) == ["route", "insert"])
        #expect(chain.stages[1].negate)
        let out = try #require(try chain.apply(source(topic: "t", value: map(["a": .int32(1)]))))
        #expect(out.topic == "routed-t")
        #expect(out.value == map(["a": .int32(1), "topic": "routed-t"]))
        let tomb = try #require(try chain.apply(source(topic: "t", value: .null)))
        #expect(tomb.topic == "routed-t")
        #expect(tomb.value == .null)
    }

    @Test func dropTombstonesWithoutNegate() throws {
        let chain = try TransformChain.parse(connectorConfig: [
            "transforms": "f", "transforms.f.type": "Filter", "transforms.f.predicate": "t",
            "predicates": "t", "predicates.t.type": "RecordIsTombstone",
        ])
        #expect(try chain.apply(sink(value: .null)) == nil)
        #expect(try chain.apply(sink(value: "v")) != nil)
    }

    @Test func emptyConfigIsEmptyChain() throws {
        let chain = try TransformChain.parse(connectorConfig: ["name": "c"])
        #expect(chain.stages.isEmpty)
        let record = sink(value: "v")
        #expect(try chain.apply(record) == record)
    }

    @Test func errors() {
        #expect(errorMessage { _ = try TransformChain.parse(connectorConfig: ["transforms": "a"]) }
            == "Missing required configuration \"transforms.a.type\" which has no default value.")
        #expect(errorMessage { _ = try TransformChain.parse(connectorConfig: ["transforms": "a", "transforms.a.type": "com.example.Nope"]) }
            == "Invalid value com.example.Nope for configuration transforms.a.type: Class com.example.Nope could not be found.")
        #expect(errorMessage { _ = try TransformChain.parse(connectorConfig: ["transforms": "a,a", "transforms.a.type": "Filter"]) }?
            .hasSuffix("Duplicate alias provided.") == true)
        #expect(errorMessage {
            _ = try TransformChain.parse(connectorConfig: ["transforms": "a", "transforms.a.type": "Filter", "transforms.a.negate": "true"])
        } == "Config 'transforms.a.negate' was provided but there is no config 'transforms.a.predicate' defining a predicate to be negated.")
        #expect(errorMessage {
            _ = try TransformChain.parse(connectorConfig: [
                "transforms": "a", "transforms.a.type": "Filter", "transforms.a.predicate": "p", "predicates": "p",
                "predicates.p.type": "Bogus",
            ])
        } == "Invalid value Bogus for configuration predicates.p.type: Class Bogus could not be found.")
        #expect(errorMessage {
            _ = try TransformChain.parse(connectorConfig: ["transforms": "a", "transforms.a.type": "Filter", "transforms.a.predicate": "p"])
        } == "Unknown configuration 'predicates.p.type'")
        #expect(errorMessage {
            _ = try TransformChain.parse(connectorConfig: ["transforms": "a", "transforms.a.type": "ExtractField$Key"])
        } == "Missing required configuration \"field\" which has no default value.")
    }

    @Test func registryKnowsEveryKafkaName() {
        let registry = TransformRegistry.standard
        for name in ["InsertField$Key", "InsertField$Value", "ReplaceField$Value", "MaskField$Key", "ValueToKey",
                     "ExtractField$Value", "HoistField$Key", "Cast$Value", "Flatten$Value", "TimestampConverter$Value",
                     "TimestampRouter", "RegexRouter", "InsertHeader", "DropHeaders", "HeaderFrom$Value", "Filter"] {
            #expect(registry.makeTransformation("org.apache.kafka.connect.transforms." + name) != nil, "\(name)")
        }
        for name in ["TopicNameMatches", "HasHeaderKey", "RecordIsTombstone"] {
            #expect(registry.makePredicate("org.apache.kafka.connect.transforms.predicates." + name) != nil)
        }
    }
}
