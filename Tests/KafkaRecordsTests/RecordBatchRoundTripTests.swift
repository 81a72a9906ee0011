import KafkaRecords
import NIOCore
import Testing

// Batches built by RecordBatchBuilder decode back to what went in, for every codec, and re-encode to the
// same bytes; a seeded property test covers hundreds of random batches.

/// Checks that `batch` (decoded from `generated.bytes`) carries exactly the generated inputs and fields.
private func expectMatches(_ batch: RecordBatch, _ generated: GeneratedBatch, codec: CompressionCodec) {
    let header = batch.header
    let built = generated.builder.header
    let inputs = generated.inputs
    #expect(header.baseOffset == generated.baseOffset)
    #expect(header.totalSize == generated.bytes.readableBytes)
    #expect(header.partitionLeaderEpoch == built.partitionLeaderEpoch)
    #expect(header.magic == 2)
    #expect(header.attributes == built.attributes)
    #expect(header.attributes.compression == codec)
    #expect(header.lastOffsetDelta == Int32(inputs.count - 1))
    #expect(header.baseTimestamp == inputs[0].timestamp)
    #expect(header.maxTimestamp == inputs.map(\.timestamp).max())
    #expect(header.producerId == built.producerId)
    #expect(header.producerEpoch == built.producerEpoch)
    #expect(header.baseSequence == built.baseSequence)
    #expect(header.recordCount == Int32(inputs.count))
    #expect(batch.records == generated.builder.records)
    #expect(batch.records.count == inputs.count)
    for (index, (record, input)) in zip(batch.records, inputs).enumerated() {
        #expect(record.key.map(bytesOf) == input.key)
        #expect(record.value.map(bytesOf) == input.value)
        #expect(record.headers == input.headers)
        #expect(record.offsetDelta == Int32(index))
        #expect(batch.offset(of: record) == generated.baseOffset + Int64(index))
        let expectedTimestamp = header.attributes.timestampType == .logAppendTime ? header.maxTimestamp : input.timestamp
        #expect(batch.timestamp(of: record) == expectedTimestamp)
        #expect(header.baseTimestamp + record.timestampDelta == input.timestamp)
    }
}

@Suite("RecordBatch round trips")
struct RecordBatchRoundTripTests {
    @Test("a hand-built batch decodes to its fields and records", arguments: CompressionCodec.allCases)
    func handBuilt(codec: CompressionCodec) throws {
        var builder = RecordBatchBuilder(
            compression: codec, producerId: 4242, producerEpoch: 3, baseSequence: 17, partitionLeaderEpoch: 5)
        builder.append(key: Array("k0".utf8), value: Array("v0".utf8), timestamp: 1_000)
        builder.append(
            key: nil, value: [],
            headers: [RecordHeader(key: "a", bytes: [1, 2]), RecordHeader(key: "null", value: nil)],
            timestamp: 990)
        builder.append(key: [], value: nil, timestamp: 1_020)
        #expect(builder.count == 3)
        var bytes = try builder.build(baseOffset: 100)
        if codec == .none { #expect(bytes.readableBytes == builder.estimatedSize) }
        let batch = try RecordBatch.decode(from: &bytes)
        #expect(bytes.readableBytes == 0)
        #expect(batch.baseOffset == 100)
        #expect(batch.lastOffset == 102)
        #expect(batch.header.nextOffset == 103)
        #expect(batch.header.baseTimestamp == 1_000)
        #expect(batch.header.maxTimestamp == 1_020)
        #expect(batch.header.lastSequence == 19)
        #expect(batch.records.map(\.timestampDelta) == [0, -10, 20])
        #expect(batch.records.map(\.offsetDelta) == [0, 1, 2])
        #expect(batch.records[0].key.map(bytesOf) == Array("k0".utf8))
        #expect(batch.records[1].key == nil)
        #expect(batch.records[1].value.map(bytesOf) == [])
        #expect(batch.records[1].headers == [RecordHeader(key: "a", bytes: [1, 2]), RecordHeader(key: "null", value: nil)])
        #expect(batch.records[2].key.map(bytesOf) == [])
        #expect(batch.records[2].value == nil)
        #expect(batch.header.producerId == 4242)
        #expect(batch.header.producerEpoch == 3)
        #expect(batch.header.partitionLeaderEpoch == 5)
    }

    @Test("an uncompressed batch has the exact wire layout")
    func wireLayout() throws {
        var builder = RecordBatchBuilder()
        builder.append(key: nil, value: [0x61], timestamp: 5)
        let bytes = bytesOf(try builder.build(baseOffset: 7))
        // One record: body length 7, attributes 0, timestampDelta 0, offsetDelta 0, key null, value "a", 0 headers.
        let record: [UInt8] = [0x0E, 0x00, 0x00, 0x00, 0x01, 0x02, 0x61, 0x00]
        #expect(bytes.count == 61 + record.count)
        #expect(Array(bytes[0..<8]) == [0, 0, 0, 0, 0, 0, 0, 7])  // baseOffset
        #expect(Array(bytes[8..<12]) == [0, 0, 0, UInt8(49 + record.count)])  // batchLength
        #expect(Array(bytes[12..<16]) == [0xFF, 0xFF, 0xFF, 0xFF])  // partitionLeaderEpoch -1
        #expect(bytes[16] == 2)  // magic
        #expect(Array(bytes[21..<23]) == [0, 0])  // attributes
        #expect(Array(bytes[23..<27]) == [0, 0, 0, 0])  // lastOffsetDelta
        #expect(Array(bytes[27..<35]) == [0, 0, 0, 0, 0, 0, 0, 5])  // baseTimestamp
        #expect(Array(bytes[35..<43]) == [0, 0, 0, 0, 0, 0, 0, 5])  // maxTimestamp
        #expect(Array(bytes[43..<51]) == [UInt8](repeating: 0xFF, count: 8))  // producerId -1
        #expect(Array(bytes[51..<53]) == [0xFF, 0xFF])  // producerEpoch -1
        #expect(Array(bytes[53..<57]) == [0xFF, 0xFF, 0xFF, 0xFF])  // baseSequence -1
        #expect(Array(bytes[57..<61]) == [0, 0, 0, 1])  // recordCount
        #expect(Array(bytes[61...]) == record)
        let crc = bytes[17..<21].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(crc == CRC32C.checksum(Array(bytes[21...])))
    }

    @Test("an empty batch encodes and decodes with no records")
    func emptyBatch() throws {
        let builder = RecordBatchBuilder(compression: .none)
        var bytes = try builder.build(baseOffset: 9)
        #expect(bytes.readableBytes == RecordBatchHeader.size)
        let batch = try RecordBatch.decode(from: &bytes)
        #expect(batch.records.isEmpty)
        #expect(batch.header.recordCount == 0)
        #expect(batch.baseOffset == 9)
    }

    @Test(
        "property: random batches round-trip through build, decode and encoded()",
        arguments: CompressionCodec.allCases)
    func randomBatches(codec: CompressionCodec) throws {
        var rng = SplitMix64(seed: 0x5EED_0000 + UInt64(codec.rawValue))
        for _ in 0..<64 {
            let generated = try makeRandomBatch(&rng, codec: codec)
            var bytes = generated.bytes
            let batch = try RecordBatch.decode(from: &bytes)
            #expect(bytes.readableBytes == 0)
            expectMatches(batch, generated, codec: codec)

            // Re-encoding is deterministic: the same bytes come out, with our compression too.
            #expect(bytesOf(try batch.encoded()) == bytesOf(generated.bytes))
            #expect(bytesOf(batch.encodedPreservingPayload()) == bytesOf(generated.bytes))
            if codec == .none {
                #expect(bytesOf(batch.payload) == bytesOf(RecordBatch.encodeRecords(batch.records)))
            } else {
                let plain = try codec.decompress(bytesOf(batch.payload), maxDecompressedBytes: 1 << 24)
                #expect(plain == bytesOf(RecordBatch.encodeRecords(batch.records)))
            }

            // A re-encoded batch decodes to an equal value.
            var again = try batch.encoded()
            #expect(try RecordBatch.decode(from: &again) == batch)

            // Every validation depth accepts it and reports the same header.
            for depth: RecordBatchValidator.Depth in [.frame, .uncompressedRecords, .allRecords(maxDecompressedBytes: 1 << 24)] {
                #expect(try RecordBatchValidator.validate(in: generated.bytes, at: 0, depth: depth) == batch.header)
            }
        }
    }

    @Test("records survive being sliced out of a larger buffer: decodeAll over many batches, reader index not 0")
    func concatenatedBatches() throws {
        var rng = SplitMix64(seed: 1234)
        var generated: [GeneratedBatch] = []
        var all = ByteBuffer(bytes: [0xDE, 0xAD, 0xBE, 0xEF])
        for index in 0..<40 {
            let codec = CompressionCodec.allCases[index % CompressionCodec.allCases.count]
            let batch = try makeRandomBatch(&rng, codec: codec, maxRecords: 10)
            var bytes = batch.bytes
            all.writeBuffer(&bytes)
            generated.append(batch)
        }
        all.moveReaderIndex(forwardBy: 4)
        let decoded = try RecordBatch.decodeAll(all)
        try #require(decoded.count == generated.count)
        for (batch, expected) in zip(decoded, generated) {
            expectMatches(batch, expected, codec: try #require(expected.builder.header.attributes.compression))
        }
        // Validation at an index past the reader index uses the right bytes for the CRC.
        let second = all.readerIndex + generated[0].bytes.readableBytes
        #expect(try RecordBatchValidator.validateFrame(in: all, at: second) == decoded[1].header)
    }

    @Test("a decoded uncompressed batch re-encodes byte for byte, even with header fields a builder never sets")
    func unusualHeaderFields() throws {
        var rng = SplitMix64(seed: 4321)
        for _ in 0..<50 {
            let generated = try makeRandomBatch(&rng, codec: .none, maxRecords: 5)
            var bytes = generated.bytes
            // Fields the broker rewrites in place, and attribute bits a builder does not produce.
            bytes.setInteger(Int64.random(in: Int64.min...Int64.max, using: &rng), at: RecordBatchHeader.FieldOffset.baseOffset)
            bytes.setInteger(Int32.random(in: Int32.min...Int32.max, using: &rng), at: RecordBatchHeader.FieldOffset.partitionLeaderEpoch)
            var attributes = RecordBatchAttributes(rawValue: 0)
            attributes.hasDeleteHorizon = rng.chance(50)
            attributes.isControl = rng.chance(20)
            attributes.timestampType = rng.chance(50) ? .logAppendTime : .createTime
            bytes.setInteger(attributes.rawValue, at: RecordBatchHeader.FieldOffset.attributes)
            RecordBatchValidator.updateCRC(in: &bytes, batchAt: 0)
            let original = bytesOf(bytes)
            let batch = try RecordBatch.decode(from: &bytes)
            #expect(batch.header.attributes == attributes)
            #expect(bytesOf(try batch.encoded()) == original)
        }
    }

    @Test("builder timestamps: maxTimestamp is the largest, deltas may be negative")
    func timestamps() throws {
        var builder = RecordBatchBuilder(timestampType: .createTime)
        for timestamp: Int64 in [500, 100, 900, -50, 700] {
            builder.append(key: nil as [UInt8]?, value: nil, timestamp: timestamp)
        }
        var bytes = try builder.build()
        let batch = try RecordBatch.decode(from: &bytes)
        #expect(batch.header.baseTimestamp == 500)
        #expect(batch.header.maxTimestamp == 900)
        #expect(batch.records.map(\.timestampDelta) == [0, -400, 400, -550, 200])
        #expect(batch.records.map { batch.timestamp(of: $0) } == [500, 100, 900, -50, 700])
    }
}
