import KafkaRecords
import NIOCore
import Testing

// Transaction markers: the control batch a coordinator writes, and the parsing of its one record.

@Suite("Control records")
struct ControlRecordTests {
    @Test("a marker batch is a transactional control batch that parses back", arguments: [ControlRecord.Kind.commit, .abort])
    func markerBatch(kind: ControlRecord.Kind) throws {
        let marker = ControlRecord(kind: kind, coordinatorEpoch: 77)
        var bytes = try marker.batch(producerId: 4242, producerEpoch: 3, timestamp: 1_700_000_000_000)
        let batch = try RecordBatch.decode(from: &bytes)
        #expect(bytes.readableBytes == 0)
        #expect(batch.header.attributes.isControl)
        #expect(batch.header.attributes.isTransactional)
        #expect(batch.header.attributes.compression == CompressionCodec.none)
        #expect(batch.header.attributes.rawValue == 0x30)
        #expect(batch.header.producerId == 4242)
        #expect(batch.header.producerEpoch == 3)
        #expect(batch.header.baseSequence == -1)
        #expect(batch.header.baseTimestamp == 1_700_000_000_000)
        #expect(batch.header.recordCount == 1)
        let record = try #require(batch.records.first)
        // Key: version 0, type; value: version 0, coordinator epoch.
        #expect(record.key.map(bytesOf) == [0, 0, 0, UInt8(kind.rawValue)])
        #expect(record.value.map(bytesOf) == [0, 0, 0, 0, 0, 77])
        let parsed = try ControlRecord(record: record)
        #expect(parsed == marker)
        #expect(parsed.kind == kind)
        #expect(parsed.coordinatorEpoch == 77)
    }

    @Test("commit and abort markers differ only in the key's type")
    func kindsDiffer() {
        let commit = ControlRecord(kind: .commit, coordinatorEpoch: -1)
        let abort = ControlRecord(kind: .abort, coordinatorEpoch: -1)
        #expect(bytesOf(commit.key) == [0, 0, 0, 1])
        #expect(bytesOf(abort.key) == [0, 0, 0, 0])
        #expect(bytesOf(commit.value) == bytesOf(abort.value))
        #expect(bytesOf(commit.value) == [0, 0, 0xFF, 0xFF, 0xFF, 0xFF])
    }

    @Test("a key with a newer version and extra bytes still parses")
    func newerKeyVersion() throws {
        let record = Record(offsetDelta: 0, key: buffer([0, 1, 0, 1, 9, 9]), value: buffer([0, 0, 0, 0, 0, 5, 1]))
        let parsed = try ControlRecord(record: record)
        #expect(parsed.kind == .commit)
        #expect(parsed.coordinatorEpoch == 5)
    }

    @Test("invalid control keys and values throw .invalidControlRecord")
    func invalidRecords() {
        let goodValue = buffer([0, 0, 0, 0, 0, 1])
        let cases: [(String, ByteBuffer?, ByteBuffer?)] = [
            ("null key", nil, goodValue),
            ("empty key", buffer([]), goodValue),
            ("3-byte key", buffer([0, 0, 0]), goodValue),
            ("negative key version", buffer([0xFF, 0xFF, 0, 1]), goodValue),
            ("unknown type 2", buffer([0, 0, 0, 2]), goodValue),
            ("negative type", buffer([0, 0, 0xFF, 0xFF]), goodValue),
            ("null value", buffer([0, 0, 0, 1]), nil),
            ("5-byte value", buffer([0, 0, 0, 1]), buffer([0, 0, 0, 0, 1])),
        ]
        for (name, key, value) in cases {
            let record = Record(offsetDelta: 0, key: key, value: value)
            let error = #expect(throws: KafkaRecordsError.self, "\(name)") { try ControlRecord(record: record) }
            #expect(error?.code == .invalidControlRecord, "\(name)")
        }
        // The same record with a valid key parses, so the key is what fails above.
        #expect(throws: Never.self) { try ControlRecord(record: Record(offsetDelta: 0, key: buffer([0, 0, 0, 1]), value: goodValue)) }
    }

    @Test("control batches survive a generic encode/decode round trip with their attribute bits")
    func attributesRoundTrip() throws {
        var builder = RecordBatchBuilder(producerId: 1, producerEpoch: 0, isTransactional: true, isControl: true)
        let marker = ControlRecord(kind: .abort, coordinatorEpoch: Int32.max)
        builder.append(key: marker.key, value: marker.value, timestamp: 5)
        var bytes = try builder.build(baseOffset: 1000)
        let batch = try RecordBatch.decode(from: &bytes)
        #expect(try ControlRecord(record: try #require(batch.records.first)) == marker)
        #expect(batch.header.attributes == RecordBatchAttributes(isTransactional: true, isControl: true))
    }
}
