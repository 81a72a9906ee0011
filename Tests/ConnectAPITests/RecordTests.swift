import ConnectAPI
import NIOCore
import Testing

@Suite("Source and sink records")
struct RecordTests {
    private var headers: ConnectHeaders {
        var headers = ConnectHeaders()
        headers.addString("h", "v")
        return headers
    }

    @Test func sourceRecordCopiesKeepPartitionAndOffset() {
        let record = SourceRecord(
            sourcePartition: ["filename": "/var/log/app.log"],
            sourceOffset: ["position": 4096],
            topic: "logs",
            keySchema: .string,
            key: "k",
            valueSchema: .string,
            value: "line",
            timestamp: 10,
            headers: headers
        )
        let moved = record.newRecord(
            topic: "logs-copy",
            kafkaPartition: 3,
            keySchema: nil,
            key: nil,
            valueSchema: .optionalString,
            value: "LINE",
            timestamp: 11
        )
        #expect(moved.sourcePartition == ["filename": "/var/log/app.log"])
        #expect(moved.sourceOffset?["position"] == .int(4096))
        #expect(moved.topic == "logs-copy")
        #expect(moved.kafkaPartition == 3)
        #expect(moved.key == .null && moved.keySchema == nil)
        #expect(moved.value == "LINE")
        #expect(moved.timestamp == 11)
        #expect(moved.headers == record.headers)
        #expect(record.topic == "logs")
    }

    @Test func withHelpersChangeOneThing() {
        let record = SourceRecord(sourcePartition: nil, sourceOffset: nil, topic: "t", valueSchema: nil, value: "v")
        #expect(record.withTopic("u").topic == "u")
        #expect(record.withKey(.int64(1), schema: .int64).key == .int64(1))
        #expect(record.withValue(nil, schema: nil).isTombstone)
        #expect(record.withTimestamp(5).timestamp == 5)
        #expect(record.withHeaders(headers).headers.count == 1)
        #expect(record.withTopic("u").value == record.value)
        #expect(!record.isTombstone)
    }

    @Test func sinkRecordCopiesKeepKafkaOffsetAndOriginals() {
        let record = SinkRecord(
            topic: "orders",
            kafkaPartition: 2,
            keySchema: .int64,
            key: .int64(1),
            valueSchema: .string,
            value: "v",
            kafkaOffset: 41,
            timestamp: 1000,
            timestampType: .createTime,
            headers: headers
        )
        #expect(record.originalTopicPartition == TopicPartitionRef(topic: "orders", partition: 2))
        let routed = record.withTopic("archive.orders").newRecord(
            topic: "archive.orders",
            kafkaPartition: 0,
            keySchema: nil,
            key: nil,
            valueSchema: nil,
            value: nil,
            timestamp: nil,
            headers: ConnectHeaders()
        )
        #expect(routed.topic == "archive.orders")
        #expect(routed.kafkaPartition == 0)
        #expect(routed.kafkaOffset == 41)
        #expect(routed.timestampType == .createTime)
        #expect(routed.originalTopic == "orders")
        #expect(routed.originalKafkaPartition == 2)
        #expect(routed.originalKafkaOffset == 41)
        #expect(routed.headers.isEmpty)
        #expect(SinkRecord.TimestampType.logAppendTime.description == "LogAppendTime")
    }

    @Test func transformsCanWorkGenericallyOverRecordKinds() {
        func uppercaseTopic<R: ConnectRecord>(_ record: R) -> R { record.withTopic(record.topic.uppercased()) }
        let source = SourceRecord(sourcePartition: ["p": 1], sourceOffset: ["o": 2], topic: "a", valueSchema: nil, value: nil)
        let sink = SinkRecord(topic: "b", kafkaPartition: 0, valueSchema: nil, value: nil, kafkaOffset: 7)
        #expect(uppercaseTopic(source).topic == "A")
        #expect(uppercaseTopic(source).sourceOffset == ["o": 2])
        #expect(uppercaseTopic(sink).topic == "B")
        #expect(uppercaseTopic(sink).originalTopic == "b")
    }

    @Test func offsetValuesAreJSONPrimitives() {
        let offset: SourceOffset = ["lsn": 24_023_128, "snapshot": true, "file": "x", "ratio": 0.5, "none": nil]
        #expect(offset["lsn"]?.intValue == 24_023_128)
        #expect(offset["snapshot"]?.booleanValue == true)
        #expect(offset["ratio"]?.doubleValue == 0.5)
        #expect(offset["none"] == .null)
        #expect(OffsetValue(ConnectValue.int32(5)) == .int(5))
        #expect(OffsetValue(ConnectValue.bytes(.init())) == nil)
        #expect(OffsetValue.int(5).connectValue == .int64(5))
    }

    @Test func smallValueTypes() {
        let a = TopicPartitionRef(topic: "a", partition: 1)
        let b = TopicPartitionRef(topic: "a", partition: 2)
        #expect(a < b)
        #expect(a.description == "a-1")
        #expect(OffsetAndMetadata(offset: 5).metadata == "")
    }
}
