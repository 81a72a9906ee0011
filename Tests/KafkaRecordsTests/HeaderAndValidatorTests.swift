import KafkaRecords
import NIOCore
import Testing

// The header and attribute accessors, and what each RecordBatchValidator depth does and does not check.

@Suite("Header, attributes and validator depths")
struct HeaderAndValidatorTests {
    @Test("each attribute getter reads its own bit and no other")
    func attributeGetters() {
        for bit in 0..<16 {
            let attributes = RecordBatchAttributes(rawValue: Int16(bitPattern: 1 << UInt16(bit)))
            #expect(attributes.compressionBits == (bit < 3 ? Int16(1 << bit) : 0), "bit \(bit)")
            #expect((attributes.timestampType == .logAppendTime) == (bit == 3), "bit \(bit)")
            #expect(attributes.isTransactional == (bit == 4), "bit \(bit)")
            #expect(attributes.isControl == (bit == 5), "bit \(bit)")
            #expect(attributes.hasDeleteHorizon == (bit == 6), "bit \(bit)")
        }
        #expect(RecordBatchAttributes(rawValue: 0).compression == CompressionCodec.none)
        #expect(RecordBatchAttributes(rawValue: 0x0104).compression == .zstd)
    }

    @Test("attribute bits map to their fields, and setting one leaves the others alone")
    func attributeBits() {
        var attributes = RecordBatchAttributes(rawValue: 0)
        attributes.compression = .zstd
        #expect(attributes.rawValue == 0x04)
        attributes.timestampType = .logAppendTime
        #expect(attributes.rawValue == 0x0C)
        attributes.isTransactional = true
        #expect(attributes.rawValue == 0x1C)
        attributes.isControl = true
        #expect(attributes.rawValue == 0x3C)
        attributes.hasDeleteHorizon = true
        #expect(attributes.rawValue == 0x7C)
        attributes.compression = .gzip
        #expect(attributes.rawValue == 0x79)
        attributes.timestampType = .createTime
        attributes.isTransactional = false
        #expect(attributes.rawValue == 0x61)
        #expect(attributes.isControl && attributes.hasDeleteHorizon && attributes.compression == .gzip)
        #expect(RecordBatchAttributes(compression: .lz4, timestampType: .logAppendTime, isTransactional: true).rawValue == 0x1B)
        #expect(CompressionCodec(name: "ZSTD") == .zstd)
        #expect(CompressionCodec(name: "brotli") == nil)
    }

    @Test("peek reads what write wrote; nil when fewer than 61 bytes")
    func peekAndWrite() {
        let header = RecordBatchHeader(
            baseOffset: 0x0102_0304_0506_0708, batchLength: 99, partitionLeaderEpoch: -7, magic: 2, crc: 0xDEAD_BEEF,
            attributes: RecordBatchAttributes(rawValue: 0x33), lastOffsetDelta: 12, baseTimestamp: -5,
            maxTimestamp: Int64.max, producerId: 42, producerEpoch: -2, baseSequence: Int32.max, recordCount: 13)
        var buffer = ByteBuffer(bytes: [1, 2, 3])
        header.write(into: &buffer)
        #expect(buffer.readableBytes == 3 + RecordBatchHeader.size)
        #expect(RecordBatchHeader.peek(in: buffer, at: 3) == header)
        #expect(buffer.getInteger(at: 3 + RecordBatchHeader.FieldOffset.crc, as: UInt32.self) == 0xDEAD_BEEF)
        #expect(buffer.getInteger(at: 3 + RecordBatchHeader.FieldOffset.recordCount, as: Int32.self) == 13)
        #expect(RecordBatchHeader.peek(in: buffer, at: 4) == nil)
        buffer.moveReaderIndex(forwardBy: 3)
        #expect(RecordBatchHeader.peek(in: buffer, at: 3) == header)
        #expect(header.totalSize == 111)
    }

    @Test("lastOffset, nextOffset and lastSequence (wrapping past Int32.max as Kafka does)")
    func derivedFields() {
        var header = RecordBatchHeader(baseOffset: 100, lastOffsetDelta: 4, baseSequence: 10)
        #expect(header.lastOffset == 104)
        #expect(header.nextOffset == 105)
        #expect(header.lastSequence == 14)
        header.baseSequence = Int32.max - 1
        header.lastOffsetDelta = 3
        #expect(header.lastSequence == 1)
        header.lastOffsetDelta = 1
        #expect(header.lastSequence == Int32.max)
        header.baseSequence = -1
        #expect(header.lastSequence == -1)
    }

    @Test("each validation depth looks exactly as deep as it says")
    func depths() throws {
        // An uncompressed batch whose record is broken (trailing bytes) but whose CRC is right.
        var plainBuilder = RecordBatchBuilder()
        plainBuilder.append(key: [1], value: [2], timestamp: 0)
        let plain = try plainBuilder.build()
        var brokenPlain = plain
        brokenPlain.writeInteger(UInt8(0))  // one byte of garbage after the record
        brokenPlain.setInteger(Int32(brokenPlain.readableBytes - 12), at: RecordBatchHeader.FieldOffset.batchLength)
        RecordBatchValidator.updateCRC(in: &brokenPlain, batchAt: 0)

        // A gzip batch whose compressed bytes are garbage, again with a correct CRC.
        var header = RecordBatchHeader(attributes: RecordBatchAttributes(compression: .gzip), recordCount: 1)
        header.baseTimestamp = 0
        var garbage = RecordBatch(header: header, records: [])
        garbage.payload = ByteBuffer(bytes: [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 1, 2, 3])
        let brokenGzip = garbage.encodedPreservingPayload()

        for bytes in [brokenPlain, brokenGzip] {
            #expect(throws: Never.self) { try RecordBatchValidator.validate(in: bytes, at: 0, depth: .frame) }
        }
        #expect(throws: KafkaRecordsError.self) {
            try RecordBatchValidator.validate(in: brokenPlain, at: 0, depth: .uncompressedRecords)
        }
        #expect(throws: Never.self) {
            try RecordBatchValidator.validate(in: brokenGzip, at: 0, depth: .uncompressedRecords)
        }
        for bytes in [brokenPlain, brokenGzip] {
            #expect(throws: KafkaRecordsError.self) {
                try RecordBatchValidator.validate(in: bytes, at: 0, depth: .allRecords(maxDecompressedBytes: 1 << 20))
            }
        }
        // The limit of .allRecords applies.
        let gzip = try { () throws(KafkaRecordsError) -> ByteBuffer in
            var builder = RecordBatchBuilder(compression: .gzip)
            builder.append(key: nil, value: [UInt8](repeating: 7, count: 10_000), timestamp: 0)
            return try builder.build()
        }()
        let error = #expect(throws: KafkaRecordsError.self) {
            try RecordBatchValidator.validate(in: gzip, at: 0, depth: .allRecords(maxDecompressedBytes: 1000))
        }
        #expect(error?.code == .decompressedTooLarge)
        #expect(throws: Never.self) {
            try RecordBatchValidator.validate(in: gzip, at: 0, depth: .allRecords(maxDecompressedBytes: 20_000))
        }
    }

    @Test("updateCRC writes the CRC that validateFrame expects, and computeCRC covers bytes 21…end")
    func crcHelpers() throws {
        var builder = RecordBatchBuilder()
        builder.append(key: [1, 2, 3], value: [4, 5, 6], timestamp: 10)
        let bytes = try builder.build()
        let crc = RecordBatchValidator.computeCRC(in: bytes, batchAt: 0, totalSize: bytes.readableBytes)
        #expect(crc == CRC32C.checksum(Array(bytesOf(bytes)[21...])))
        #expect(bytes.getInteger(at: RecordBatchHeader.FieldOffset.crc, as: UInt32.self) == crc)
        var edited = bytes
        edited.setInteger(Int64(12345), at: RecordBatchHeader.FieldOffset.maxTimestamp)
        #expect(throws: KafkaRecordsError.self) { try RecordBatchValidator.validateFrame(in: edited, at: 0) }
        RecordBatchValidator.updateCRC(in: &edited, batchAt: 0)
        #expect(try RecordBatchValidator.validateFrame(in: edited, at: 0).maxTimestamp == 12345)
        // Bytes before the batch (a second batch in the same buffer) are handled through the index.
        var two = bytes
        var copy = edited
        two.writeBuffer(&copy)
        two.setInteger(Int64(1), at: bytes.readableBytes + RecordBatchHeader.FieldOffset.maxTimestamp)
        RecordBatchValidator.updateCRC(in: &two, batchAt: bytes.readableBytes)
        #expect(try RecordBatchValidator.validateFrame(in: two, at: bytes.readableBytes).maxTimestamp == 1)
        #expect(try RecordBatchValidator.validateFrame(in: two, at: 0).maxTimestamp == 10)
    }
}
