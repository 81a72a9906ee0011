import NIOCore

/// Checks record batches in place, without copying them, and names the first problem found.
public enum RecordBatchValidator {
    /// How deeply to look inside a batch.
    public enum Depth: Sendable {
        /// Header sanity, lengths, magic and CRC.
        case frame
        /// `frame`, and for uncompressed batches each record's structure, count and offset deltas.
        case uncompressedRecords
        /// `uncompressedRecords`, and compressed batches are decompressed and checked the same way.
        case allRecords(maxDecompressedBytes: Int)
    }

    /// Checks the frame of the batch that starts at `index`: enough bytes for the header, a batchLength that
    /// covers at least the header and stays within the buffer, magic 2, sane counts and the CRC.
    public static func validateFrame(in buffer: ByteBuffer, at index: Int, verifyCRC: Bool = true)
        throws(KafkaRecordsError) -> RecordBatchHeader
    {
        let available = buffer.writerIndex - index
        guard available >= RecordBatchHeader.logOverhead,
            let batchLength = buffer.getInteger(at: index + RecordBatchHeader.FieldOffset.batchLength, as: Int32.self)
        else {
            throw KafkaRecordsError(.truncated, "\(available) bytes cannot hold a batch's offset and length")
        }
        let minimumLength = Int32(RecordBatchHeader.size - RecordBatchHeader.logOverhead)
        guard batchLength >= minimumLength else {
            throw KafkaRecordsError(
                .invalidLength, "batchLength \(batchLength) is smaller than the \(minimumLength)-byte header")
        }
        guard Int(batchLength) + RecordBatchHeader.logOverhead <= available else {
            throw KafkaRecordsError(
                .lengthBeyondBuffer,
                "batchLength \(batchLength) needs \(Int(batchLength) + RecordBatchHeader.logOverhead) bytes, \(available) available")
        }
        guard let header = RecordBatchHeader.peek(in: buffer, at: index) else {
            throw KafkaRecordsError(.truncated, "batch header")
        }
        guard header.magic == RecordBatchHeader.currentMagic else {
            throw KafkaRecordsError(.badMagic, "magic \(header.magic), only RecordBatch v2 (magic 2) is supported")
        }
        guard header.recordCount >= 0 else {
            throw KafkaRecordsError(.invalidLength, "record count \(header.recordCount) is negative")
        }
        guard header.lastOffsetDelta >= 0 || (header.recordCount == 0 && header.lastOffsetDelta >= -1) else {
            throw KafkaRecordsError(.invalidOffsetDelta, "lastOffsetDelta \(header.lastOffsetDelta) is negative")
        }
        guard header.recordCount == 0 || header.lastOffsetDelta >= header.recordCount - 1 else {
            throw KafkaRecordsError(
                .recordCountMismatch,
                "\(header.recordCount) records cannot fit in lastOffsetDelta \(header.lastOffsetDelta)")
        }
        guard header.attributes.compression != nil else {
            throw KafkaRecordsError(
                .unsupportedCompression, "attributes name compression codec \(header.attributes.compressionBits)")
        }
        if verifyCRC {
            let computed = computeCRC(in: buffer, batchAt: index, totalSize: header.totalSize)
            guard computed == header.crc else {
                throw KafkaRecordsError(
                    .crcMismatch,
                    "stored CRC \(hex(header.crc)) but the batch's bytes give \(hex(computed))")
            }
        }
        return header
    }

    /// Checks the batch at `index` to the given depth and returns its header.
    public static func validate(in buffer: ByteBuffer, at index: Int, depth: Depth) throws(KafkaRecordsError)
        -> RecordBatchHeader
    {
        let header = try validateFrame(in: buffer, at: index)
        let codec = header.attributes.compression ?? .none
        switch depth {
        case .frame:
            return header
        case .uncompressedRecords:
            if codec == .none { try checkRecords(in: buffer, at: index, header: header, codec: codec, limit: 0) }
        case .allRecords(let limit):
            try checkRecords(in: buffer, at: index, header: header, codec: codec, limit: limit)
        }
        return header
    }

    private static func checkRecords(
        in buffer: ByteBuffer, at index: Int, header: RecordBatchHeader, codec: CompressionCodec, limit: Int
    ) throws(KafkaRecordsError) {
        let sectionStart = index + RecordBatchHeader.size
        guard var section = buffer.getSlice(at: sectionStart, length: header.totalSize - RecordBatchHeader.size)
        else { throw KafkaRecordsError(.truncated, "records section") }
        if codec != .none {
            section = ByteBuffer(
                bytes: try codec.decompress(Array(section.readableBytesView), maxDecompressedBytes: limit))
        }
        guard header.recordCount >= 0 else {
            throw KafkaRecordsError(.invalidLength, "record count \(header.recordCount) is negative")
        }
        try RecordStructureCheck.check(section, header: header)
    }

    /// The CRC-32C of bytes [21, totalSize) of the batch at `index`.
    public static func computeCRC(in buffer: ByteBuffer, batchAt index: Int, totalSize: Int) -> UInt32 {
        let start = index + RecordBatchHeader.crcCoverageStart - buffer.readerIndex
        let length = totalSize - RecordBatchHeader.crcCoverageStart
        return buffer.withUnsafeReadableBytes { bytes in
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)]))
        }
    }

    /// Recomputes and stores the CRC of the batch at `index` (after changing attributes or maxTimestamp).
    /// Does nothing when the bytes there cannot be a batch: a header and batchLength that fit the buffer.
    public static func updateCRC(in buffer: inout ByteBuffer, batchAt index: Int) {
        guard index >= buffer.readerIndex,
            let length = buffer.getInteger(at: index + RecordBatchHeader.FieldOffset.batchLength, as: Int32.self),
            Int(length) >= RecordBatchHeader.size - RecordBatchHeader.logOverhead,
            Int(length) + RecordBatchHeader.logOverhead <= buffer.writerIndex - index
        else { return }
        let crc = computeCRC(in: buffer, batchAt: index, totalSize: Int(length) + RecordBatchHeader.logOverhead)
        buffer.setInteger(crc, at: index + RecordBatchHeader.FieldOffset.crc)
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
