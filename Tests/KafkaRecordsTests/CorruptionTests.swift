import KafkaRecords
import NIOCore
import Testing

// Damaged batches: every corrupted byte or truncation is either rejected with a KafkaRecordsError or lies in a
// field the CRC does not cover, and every malformed structure is reported with its own error code.

/// The code of the error decoding `bytes` throws, or nil when it decodes.
private func decodeError(
    _ bytes: ByteBuffer, verifyCRC: Bool = true, maxDecompressedBytes: Int = 1 << 24
) -> KafkaRecordsError.Code? {
    var copy = bytes
    return recordsError { () throws(KafkaRecordsError) in
        try RecordBatch.decode(from: &copy, verifyCRC: verifyCRC, maxDecompressedBytes: maxDecompressedBytes)
    }?.code
}

/// A zig-zag varint's bytes.
private func varint(_ value: Int64) -> [UInt8] {
    var buffer = ByteBuffer()
    buffer.writeZigZagVarint(value)
    return bytesOf(buffer)
}

/// A record: its length prefix, then `body`.
private func record(_ body: [UInt8]) -> [UInt8] { varint(Int64(body.count)) + body }

/// A well-formed record body with null key and value and no headers.
private func plainBody(offsetDelta: Int32) -> [UInt8] { [0x00, 0x00] + varint(Int64(offsetDelta)) + [0x01, 0x01, 0x00] }

/// A header for `count` records at offset deltas 0…count-1.
private func header(count: Int32, codec: CompressionCodec = .none) -> RecordBatchHeader {
    RecordBatchHeader(
        attributes: RecordBatchAttributes(compression: codec), lastOffsetDelta: max(count - 1, 0), baseTimestamp: 0,
        maxTimestamp: 0, recordCount: count)
}

/// A small valid batch of `codec` with three records.
private func sampleBatch(_ codec: CompressionCodec = .none) throws -> ByteBuffer {
    var builder = RecordBatchBuilder(compression: codec)
    for index in 0..<3 {
        builder.append(
            key: Array("key-\(index)".utf8), value: Array(repeating: UInt8(index), count: 40),
            headers: [RecordHeader(key: "h", bytes: [UInt8(index)])], timestamp: 1_000 + Int64(index))
    }
    return try builder.build(baseOffset: 10)
}

private typealias Offset = RecordBatchHeader.FieldOffset

@Suite("Corrupted and malformed batches")
struct CorruptionTests {
    // MARK: Properties

    @Test("property: each corrupted byte is rejected unless it lies in baseOffset or partitionLeaderEpoch",
          arguments: CompressionCodec.allCases)
    func everyByteCorrupted(codec: CompressionCodec) throws {
        var rng = SplitMix64(seed: 0xBAD0 + UInt64(codec.rawValue))
        for _ in 0..<4 {
            let generated = try makeRandomBatch(&rng, codec: codec, maxRecords: 6, maxFieldLength: 80)
            var original = generated.bytes
            let reference = try RecordBatch.decode(from: &original)
            let bytes = bytesOf(generated.bytes)
            for position in bytes.indices {
                var corrupted = bytes
                corrupted[position] ^= UInt8.random(in: 1...255, using: &rng)
                var buffer = ByteBuffer(bytes: corrupted)
                let outsideCRC = (0..<8).contains(position) || (12..<16).contains(position)
                do {
                    let batch = try RecordBatch.decode(from: &buffer)
                    #expect(outsideCRC, "byte \(position) of \(bytes.count) was corrupted but the batch decoded")
                    #expect(batch.records == reference.records)
                    var header = batch.header
                    header.baseOffset = reference.header.baseOffset
                    header.partitionLeaderEpoch = reference.header.partitionLeaderEpoch
                    #expect(header == reference.header)
                } catch {
                    #expect(!outsideCRC, "byte \(position): \(error)")
                    switch position {
                    case Offset.batchLength..<Offset.partitionLeaderEpoch:
                        #expect([.invalidLength, .lengthBeyondBuffer, .crcMismatch].contains(error.code), "\(error)")
                    case Offset.magic:
                        #expect(error.code == .badMagic)
                    case Offset.crc..<Offset.attributes, RecordBatchHeader.size...:
                        #expect(error.code == .crcMismatch, "byte \(position): \(error)")
                    default:
                        break  // header fields inside the CRC: any named cause
                    }
                }
            }
        }
    }

    @Test("property: with the CRC unchecked, corrupted bytes never crash and what decodes re-encodes cleanly",
          arguments: CompressionCodec.allCases)
    func corruptionWithoutCRC(codec: CompressionCodec) throws {
        var rng = SplitMix64(seed: 0xF00D + UInt64(codec.rawValue))
        var accepted = 0
        var rejected = 0
        for round in 0..<6 {
            let generated = try makeRandomBatch(&rng, codec: codec, maxRecords: 6, maxFieldLength: 80)
            let bytes = bytesOf(generated.bytes)
            for position in RecordBatchHeader.crcCoverageStart..<bytes.count {
                var corrupted = bytes
                corrupted[position] ^= UInt8.random(in: 1...255, using: &rng)
                // Now and then a second byte too.
                if round % 2 == 1 {
                    let other = Int.random(in: RecordBatchHeader.size..<bytes.count, using: &rng)
                    corrupted[other] ^= UInt8.random(in: 1...255, using: &rng)
                }
                var buffer = ByteBuffer(bytes: corrupted)
                let batch: RecordBatch
                do {
                    batch = try RecordBatch.decode(from: &buffer, verifyCRC: false, maxDecompressedBytes: 1 << 20)
                } catch {
                    rejected += 1
                    continue
                }
                accepted += 1
                // Whatever was accepted can be written out again as a valid batch with the same records.
                var reencoded = try batch.encoded()
                let again = try RecordBatch.decode(from: &reencoded)
                #expect(again.records == batch.records, "byte \(position)")
            }
        }
        // Both outcomes happen: the test is not vacuous either way.
        #expect(rejected > 0)
        if codec == .none { #expect(accepted > 0) }
    }

    @Test("every truncation of a batch throws .truncated or .lengthBeyondBuffer", arguments: CompressionCodec.allCases)
    func truncation(codec: CompressionCodec) throws {
        let full = try sampleBatch(codec)
        for length in 0..<full.readableBytes {
            let cut = try #require(full.getSlice(at: 0, length: length))
            let code = decodeError(cut)
            #expect(code == (length < RecordBatchHeader.logOverhead ? .truncated : .lengthBeyondBuffer), "length \(length)")
            #expect(recordsError { () throws(KafkaRecordsError) in try RecordBatch.decodeAll(cut) } != nil || length == 0)
        }
        #expect(decodeError(full) == nil)
        // Two batches with the second cut short: decodeAll fails rather than dropping it silently.
        var two = full
        var second = try #require(full.getSlice(at: 0, length: full.readableBytes - 1))
        two.writeBuffer(&second)
        #expect(recordsError { () throws(KafkaRecordsError) in try RecordBatch.decodeAll(two) }?.code == .lengthBeyondBuffer)
    }

    @Test("a records section cut short, with batchLength and CRC fixed up, throws", arguments: CompressionCodec.allCases)
    func truncatedRecords(codec: CompressionCodec) throws {
        let full = try sampleBatch(codec)
        var decodable = full
        let records = try RecordBatch.decode(from: &decodable).records
        var boundaries = Set<Int>()
        var position = RecordBatchHeader.size
        for record in records {
            boundaries.insert(position)
            position += record.encodedSize
        }
        for length in RecordBatchHeader.size..<full.readableBytes {
            var cut = try #require(full.getSlice(at: 0, length: length))
            cut.setInteger(Int32(length - RecordBatchHeader.logOverhead), at: Offset.batchLength)
            RecordBatchValidator.updateCRC(in: &cut, batchAt: 0)
            let code = decodeError(cut)
            #expect(code != nil, "length \(length)")
            if codec == .none && boundaries.contains(length) {
                #expect(code == .recordCountMismatch, "length \(length)")
            }
        }
    }

    // MARK: Named causes

    @Test("bad magic is .badMagic")
    func badMagic() throws {
        let good = try sampleBatch()
        for magic: Int8 in [0, 1, 3, -1, 127] {
            #expect(decodeError(patch(good, magic, at: Offset.magic)) == .badMagic)
        }
        #expect(decodeError(good) == nil)
    }

    @Test("a wrong CRC is .crcMismatch, wherever the damage is; verifyCRC: false skips the check")
    func crcMismatch() throws {
        let good = try sampleBatch()
        let stored = try #require(good.getInteger(at: Offset.crc, as: UInt32.self))
        let wrongCRC = patch(good, stored ^ 1, at: Offset.crc, fixCRC: false)
        #expect(decodeError(wrongCRC) == .crcMismatch)
        #expect(decodeError(wrongCRC, verifyCRC: false) == nil)
        let lastByte = good.readableBytes - 1
        let damagedValue = patch(good, try #require(good.getInteger(at: lastByte, as: UInt8.self)) ^ 0x20, at: lastByte, fixCRC: false)
        #expect(decodeError(damagedValue) == .crcMismatch)
        let damagedHeader = patch(good, Int64(999), at: Offset.maxTimestamp, fixCRC: false)
        #expect(decodeError(damagedHeader) == .crcMismatch)
        // Fixing the CRC makes the edited header acceptable again.
        #expect(decodeError(patch(good, Int64(999), at: Offset.maxTimestamp)) == nil)
        #expect((try? RecordBatchValidator.validateFrame(in: wrongCRC, at: 0, verifyCRC: false)) != nil)
    }

    @Test("batchLength beyond the buffer is .lengthBeyondBuffer, below the header .invalidLength")
    func batchLength() throws {
        let good = try sampleBatch()
        let length = try #require(good.getInteger(at: Offset.batchLength, as: Int32.self))
        for wrong in [length + 1, length + 1000, Int32.max] {
            #expect(decodeError(patch(good, wrong, at: Offset.batchLength, fixCRC: false)) == .lengthBeyondBuffer)
        }
        for wrong: Int32 in [48, 0, -1, Int32.min] {
            #expect(decodeError(patch(good, wrong, at: Offset.batchLength, fixCRC: false)) == .invalidLength)
        }
        // A shorter batchLength leaves the rest of the buffer for the next batch; the CRC no longer matches.
        #expect(decodeError(patch(good, length - 1, at: Offset.batchLength, fixCRC: false)) == .crcMismatch)
    }

    @Test("recordCount larger or smaller than the records is .recordCountMismatch", arguments: CompressionCodec.allCases)
    func recordCountMismatch(codec: CompressionCodec) throws {
        let good = try sampleBatch(codec)
        // Larger than lastOffsetDelta allows: caught by the frame check.
        #expect(decodeError(patch(good, Int32(4), at: Offset.recordCount)) == .recordCountMismatch)
        // Larger, with lastOffsetDelta raised to match: caught when the records run out.
        let roomy = patch(patch(good, Int32(3), at: Offset.lastOffsetDelta), Int32(4), at: Offset.recordCount)
        #expect(decodeError(roomy) == .recordCountMismatch)
        // Far larger than the bytes could hold.
        let huge = patch(patch(good, Int32.max, at: Offset.lastOffsetDelta), Int32.max, at: Offset.recordCount)
        #expect(decodeError(huge) == .recordCountMismatch)
        // Smaller: records are left over.
        #expect(decodeError(patch(good, Int32(2), at: Offset.recordCount)) == .recordCountMismatch)
        #expect(decodeError(patch(good, Int32(0), at: Offset.recordCount)) == .recordCountMismatch)
        // Negative.
        #expect(decodeError(patch(good, Int32(-1), at: Offset.recordCount)) == .invalidLength)
        // The unedited batch decodes, so the edits are what fails.
        #expect(decodeError(good) == nil)
        #expect(decodeError(patch(good, Int32(3), at: Offset.recordCount)) == nil)
    }

    @Test("unknown compression bits 5–7 are .unsupportedCompression, when decoding and encoding")
    func unsupportedCompression() throws {
        let good = try sampleBatch()
        for bits: Int16 in [5, 6, 7] {
            for extra: Int16 in [0, 0x10, 0x28] {
                let attributes = RecordBatchAttributes(rawValue: bits | extra)
                #expect(attributes.compression == nil)
                #expect(attributes.compressionBits == bits)
                let bytes = patch(good, attributes.rawValue, at: Offset.attributes)
                #expect(decodeError(bytes) == .unsupportedCompression)
                #expect(decodeError(bytes, verifyCRC: false) == .unsupportedCompression)
                let frameError = recordsError { () throws(KafkaRecordsError) in
                    try RecordBatchValidator.validate(in: bytes, at: 0, depth: .frame)
                }
                #expect(frameError?.code == .unsupportedCompression)
                var batch = RecordBatch(header: header(count: 1), records: [])
                batch.header.attributes = attributes
                let encodeError = recordsError { () throws(KafkaRecordsError) in try batch.encoded() }
                #expect(encodeError?.code == .unsupportedCompression)
            }
        }
        // Every codec number 0–4 is accepted by the frame check.
        for codec in CompressionCodec.allCases {
            #expect(decodeError(patch(try sampleBatch(codec), codec.rawValue | 0x08, at: Offset.attributes)) == nil)
        }
    }

    @Test("varints that overflow inside a record are .varintOverflow")
    func varintOverflowInRecord() {
        let sixBytes: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x80, 0x00]
        let elevenBytes = [UInt8](repeating: 0x80, count: 10) + [0x00]
        let sections: [(String, [UInt8])] = [
            ("record length", sixBytes + plainBody(offsetDelta: 0)),
            ("timestampDelta", record([0x00] + elevenBytes + [0x00, 0x01, 0x01, 0x00])),
            ("offsetDelta", record([0x00, 0x00] + sixBytes + [0x01, 0x01, 0x00])),
            ("offsetDelta beyond 32 bits", record([0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x01, 0x01, 0x00])),
            ("key length", record([0x00, 0x00, 0x00] + sixBytes + [0x01, 0x00])),
            ("value length", record([0x00, 0x00, 0x00, 0x01] + sixBytes + [0x00])),
            ("header count", record([0x00, 0x00, 0x00, 0x01, 0x01] + sixBytes)),
        ]
        for (name, section) in sections {
            #expect(decodeError(batchBytes(header: header(count: 1), section: section)) == .varintOverflow, "\(name)")
        }
        // The well-formed record these are variations of decodes.
        #expect(decodeError(batchBytes(header: header(count: 1), section: record(plainBody(offsetDelta: 0)))) == nil)
    }

    @Test("negative lengths inside a record are .invalidLength")
    func negativeLengths() {
        let filler = [UInt8](repeating: 0, count: 8)
        let sections: [(String, [UInt8])] = [
            ("record length -1", varint(-1) + filler),
            ("record length -2", varint(-2) + filler),
            ("key length -2", record([0x00, 0x00, 0x00] + varint(-2) + [0x01, 0x00])),
            ("value length -5", record([0x00, 0x00, 0x00, 0x01] + varint(-5) + [0x00])),
            ("header count -1", record([0x00, 0x00, 0x00, 0x01, 0x01] + varint(-1))),
            ("null header key", record([0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x01, 0x01])),
        ]
        for (name, section) in sections {
            #expect(decodeError(batchBytes(header: header(count: 1), section: section)) == .invalidLength, "\(name)")
        }
    }

    @Test("lengths pointing past their record are .lengthBeyondBuffer; leftovers are .trailingBytes")
    func lengthsBeyondRecord() {
        let cases: [(String, [UInt8], KafkaRecordsError.Code)] = [
            ("record length past the section", varint(40) + plainBody(offsetDelta: 0), .lengthBeyondBuffer),
            ("key length past the record", record([0x00, 0x00, 0x00] + varint(20) + [0x01, 0x00]), .lengthBeyondBuffer),
            ("header count past the record", record([0x00, 0x00, 0x00, 0x01, 0x01] + varint(100)), .lengthBeyondBuffer),
            ("header value past the record", record([0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x02, 0x61, 0x10]), .lengthBeyondBuffer),
            ("record ends before its attributes", record([]), .truncated),
            ("record ends inside its fields", record([0x00, 0x00, 0x00, 0x01]), .truncated),
            ("bytes after the headers", record(plainBody(offsetDelta: 0) + [0x00, 0x00]), .trailingBytes),
        ]
        for (name, section, expected) in cases {
            #expect(decodeError(batchBytes(header: header(count: 1), section: section)) == expected, "\(name)")
        }
    }

    @Test("offset deltas out of order or past lastOffsetDelta are .invalidOffsetDelta")
    func offsetDeltas() {
        let cases: [[Int32]] = [[0, 0], [1, 0], [0, 2], [0, 1, 1]]
        for deltas in cases {
            let section = deltas.flatMap { record(plainBody(offsetDelta: $0)) }
            let code = decodeError(batchBytes(header: header(count: Int32(deltas.count)), section: section))
            #expect(code == .invalidOffsetDelta, "\(deltas)")
        }
        // Gaps are fine (compacted batches) as long as the deltas rise and stay within lastOffsetDelta.
        var gapped = header(count: 2)
        gapped.lastOffsetDelta = 5
        let section = [0, 5].flatMap { record(plainBody(offsetDelta: $0)) }
        #expect(decodeError(batchBytes(header: gapped, section: section)) == nil)
        // A negative lastOffsetDelta is refused in the frame.
        var negative = header(count: 1)
        negative.lastOffsetDelta = -1
        #expect(decodeError(batchBytes(header: negative, section: record(plainBody(offsetDelta: 0)))) == .invalidOffsetDelta)
    }

    @Test("compressed payloads: garbage fails to decompress, the size limit is enforced",
          arguments: [CompressionCodec.gzip, .snappy, .lz4, .zstd])
    func compressedPayloads(codec: CompressionCodec) throws {
        let garbage = batchBytes(header: header(count: 1, codec: codec), section: Array("not compressed at all".utf8))
        let code = try #require(decodeError(garbage))
        #expect([.decompressionFailed, .truncated, .invalidLength, .lengthBeyondBuffer].contains(code), "\(code)")
        let good = try sampleBatch(codec)
        var decodable = good
        let plainSize = RecordBatch.encodeRecords(try RecordBatch.decode(from: &decodable).records).readableBytes
        #expect(decodeError(good, maxDecompressedBytes: plainSize) == nil)
        #expect(decodeError(good, maxDecompressedBytes: plainSize - 1) == .decompressedTooLarge)
        // Compressed records that are themselves malformed are reported like uncompressed ones.
        let badRecords = try codec.compress(record(plainBody(offsetDelta: 0)) + [0x7F])
        #expect(decodeError(batchBytes(header: header(count: 1, codec: codec), section: badRecords)) == .recordCountMismatch)
    }
}
