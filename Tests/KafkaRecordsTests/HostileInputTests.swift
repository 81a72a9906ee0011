import KafkaRecords
import NIOCore
import Testing

// Well-formed (CRC-valid) batches with extreme field values, and in-place helpers handed bytes that are not a
// batch: none of them may trap, since a producer controls every one of these bytes.

@Suite("Hostile but well-formed input")
struct HostileInputTests {
    @Test("record timestamps wrap like Kafka's long arithmetic instead of trapping")
    func timestampOverflow() throws {
        var header = RecordBatchHeader(lastOffsetDelta: 1, baseTimestamp: Int64.max - 5, maxTimestamp: Int64.max)
        header.recordCount = 2
        let records = [
            Record(timestampDelta: 10, offsetDelta: 0, key: nil, value: nil),
            Record(timestampDelta: Int64.min, offsetDelta: 1, key: nil, value: nil),
        ]
        var bytes = try RecordBatch(header: header, records: records).encoded()
        let batch = try RecordBatch.decode(from: &bytes)
        #expect(batch.timestamp(of: batch.records[0]) == Int64.min + 4)
        #expect(batch.timestamp(of: batch.records[1]) == -6)
    }

    @Test("updateCRC leaves bytes alone when batchLength does not fit the buffer")
    func updateCRCOnBogusLengths() throws {
        var builder = RecordBatchBuilder()
        builder.append(key: [1], value: [2], timestamp: 3)
        let good = try builder.build()
        for length: Int32 in [Int32(good.readableBytes - 11), Int32(good.readableBytes * 10), Int32.max, 48, 8, 0, -1, -100, Int32.min] {
            var bytes = good
            bytes.setInteger(length, at: RecordBatchHeader.FieldOffset.batchLength)
            let before = bytesOf(bytes)
            RecordBatchValidator.updateCRC(in: &bytes, batchAt: 0)
            #expect(bytesOf(bytes) == before, "batchLength \(length)")
        }
        // Too few bytes for a header, or an index past the end.
        var short = ByteBuffer(bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x31, 1, 2])
        let shortBefore = bytesOf(short)
        RecordBatchValidator.updateCRC(in: &short, batchAt: 0)
        #expect(bytesOf(short) == shortBefore)
        var copy = good
        RecordBatchValidator.updateCRC(in: &copy, batchAt: good.readableBytes)
        RecordBatchValidator.updateCRC(in: &copy, batchAt: good.readableBytes + 100)
        #expect(bytesOf(copy) == bytesOf(good))
        // A real batch is still fixed.
        var edited = good
        edited.setInteger(Int64(77), at: RecordBatchHeader.FieldOffset.maxTimestamp)
        RecordBatchValidator.updateCRC(in: &edited, batchAt: 0)
        #expect(try RecordBatchValidator.validateFrame(in: edited, at: 0).maxTimestamp == 77)
    }
}
