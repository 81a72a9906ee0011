import NIOCore

/// A decoded RecordBatch v2: its header and its records, plus the records section exactly as stored.
public struct RecordBatch: Hashable, Sendable {
    /// The most bytes a compressed records section may expand to when decoded, unless the caller says otherwise.
    public static let defaultMaxDecompressedBytes = 128 * 1024 * 1024

    /// Every header field as read (or as to be written; `encoded()` recomputes length, CRC and count).
    public var header: RecordBatchHeader
    /// The records in order, decompressed.
    public var records: [Record]
    /// The records section as stored: compressed when the codec is not none.
    public var payload: ByteBuffer

    /// Creates a batch from a header and records; the payload is the uncompressed records section.
    public init(header: RecordBatchHeader, records: [Record]) {
        self.header = header
        self.records = records
        self.payload = Self.encodeRecords(records)
    }

    init(header: RecordBatchHeader, records: [Record], payload: ByteBuffer) {
        self.header = header
        self.records = records
        self.payload = payload
    }

    /// The batch's first offset.
    public var baseOffset: Int64 { header.baseOffset }
    /// The batch's last offset.
    public var lastOffset: Int64 { header.lastOffset }

    /// The absolute offset of a record of this batch.
    public func offset(of record: Record) -> Int64 { header.baseOffset + Int64(record.offsetDelta) }

    /// The timestamp of a record: the batch's maxTimestamp for LogAppendTime batches, else base + delta
    /// (wrapping on overflow as Kafka's long arithmetic does: both fields come from the producer).
    public func timestamp(of record: Record) -> Int64 {
        header.attributes.timestampType == .logAppendTime
            ? header.maxTimestamp : header.baseTimestamp &+ record.timestampDelta
    }

    /// Decodes the batch at the reader index and moves past it; validates it fully (see `RecordBatchValidator`).
    public static func decode(
        from buffer: inout ByteBuffer,
        verifyCRC: Bool = true,
        maxDecompressedBytes: Int = defaultMaxDecompressedBytes
    ) throws(KafkaRecordsError) -> RecordBatch {
        let header = try RecordBatchValidator.validateFrame(
            in: buffer, at: buffer.readerIndex, verifyCRC: verifyCRC)
        guard var batchBytes = buffer.readSlice(length: header.totalSize) else {
            throw KafkaRecordsError(.lengthBeyondBuffer, "batch of \(header.totalSize) bytes")
        }
        batchBytes.moveReaderIndex(forwardBy: RecordBatchHeader.size)
        let payload = batchBytes
        guard let codec = header.attributes.compression else {
            throw KafkaRecordsError(
                .unsupportedCompression, "attributes name compression codec \(header.attributes.compressionBits)")
        }
        var recordBytes: ByteBuffer
        if codec == .none {
            recordBytes = payload
        } else {
            let decompressed = try codec.decompress(
                Array(payload.readableBytesView), maxDecompressedBytes: maxDecompressedBytes)
            recordBytes = ByteBuffer(bytes: decompressed)
        }
        let records = try readRecords(from: &recordBytes, header: header)
        return RecordBatch(header: header, records: records, payload: payload)
    }

    /// Decodes every batch in `buffer` (a Produce or Fetch records field, or a log segment's bytes).
    public static func decodeAll(
        _ buffer: ByteBuffer,
        verifyCRC: Bool = true,
        maxDecompressedBytes: Int = defaultMaxDecompressedBytes
    ) throws(KafkaRecordsError) -> [RecordBatch] {
        var remaining = buffer
        var batches: [RecordBatch] = []
        while remaining.readableBytes > 0 {
            batches.append(
                try decode(from: &remaining, verifyCRC: verifyCRC, maxDecompressedBytes: maxDecompressedBytes))
        }
        return batches
    }

    /// Reads `header.recordCount` records and checks that they fill `bytes` and that offsets are 0…n-1-like.
    static func readRecords(from bytes: inout ByteBuffer, header: RecordBatchHeader) throws(KafkaRecordsError)
        -> [Record]
    {
        guard header.recordCount >= 0 else {
            throw KafkaRecordsError(.invalidLength, "record count \(header.recordCount) is negative")
        }
        // Every record takes at least 7 bytes; a larger count than that cannot be honest.
        guard Int(header.recordCount) <= bytes.readableBytes / 7 + 1 else {
            throw KafkaRecordsError(
                .recordCountMismatch,
                "header says \(header.recordCount) records but only \(bytes.readableBytes) bytes follow")
        }
        var records: [Record] = []
        records.reserveCapacity(Int(header.recordCount))
        var previousDelta: Int32 = -1
        while bytes.readableBytes > 0 {
            guard records.count < Int(header.recordCount) else {
                throw KafkaRecordsError(
                    .recordCountMismatch,
                    "header says \(header.recordCount) records but more follow (\(bytes.readableBytes) bytes left)")
            }
            let record = try Record.read(from: &bytes)
            guard record.offsetDelta > previousDelta, record.offsetDelta <= header.lastOffsetDelta else {
                throw KafkaRecordsError(
                    .invalidOffsetDelta,
                    "record offset delta \(record.offsetDelta) after \(previousDelta), last delta \(header.lastOffsetDelta)")
            }
            previousDelta = record.offsetDelta
            records.append(record)
        }
        guard records.count == Int(header.recordCount) else {
            throw KafkaRecordsError(
                .recordCountMismatch, "header says \(header.recordCount) records, found \(records.count)")
        }
        return records
    }

    /// The uncompressed records section for `records`.
    public static func encodeRecords(_ records: [Record]) -> ByteBuffer {
        var buffer = ByteBufferAllocator.reusingLargeBlocks.buffer(capacity: records.reduce(0) { $0 + $1.encodedSize })
        for record in records { record.write(into: &buffer) }
        return buffer
    }

    /// Encodes the batch from its header fields and records, compressing with the header's codec; batchLength,
    /// CRC and recordCount are computed. For an uncompressed batch this reproduces a client's bytes exactly.
    public func encoded() throws(KafkaRecordsError) -> ByteBuffer {
        try Self.encode(header: header, records: records)
    }

    /// Encodes a batch from header fields and records without building a `RecordBatch` first (which would
    /// encode the records a second time for its `payload`).
    /// `recordsSize`, when known, is the sum of the records' encoded sizes.
    public static func encode(
        header: RecordBatchHeader, records: [Record], recordsSize: Int? = nil
    ) throws(KafkaRecordsError) -> ByteBuffer {
        guard let codec = header.attributes.compression else {
            throw KafkaRecordsError(
                .unsupportedCompression, "attributes name compression codec \(header.attributes.compressionBits)")
        }
        guard codec != .none else {
            return encodeUncompressed(header: header, records: records,
                                      recordsSize: recordsSize ?? records.reduce(0) { $0 + $1.encodedSize })
        }
        let plain = encodeRecords(records)
        let section = ByteBuffer(bytes: try codec.compress(Array(plain.readableBytesView)))
        return assemble(header: header, recordCount: Int32(records.count), section: section)
    }

    /// An uncompressed batch written in one buffer of its exact size: the header, then the records after it
    /// (not a records section copied in after the header).
    static func encodeUncompressed(header: RecordBatchHeader, records: [Record], recordsSize: Int) -> ByteBuffer {
        var buffer = startBatch(header, recordCount: Int32(records.count), sectionSize: recordsSize)
        for record in records { record.write(into: &buffer) }
        RecordBatchValidator.updateCRC(in: &buffer, batchAt: 0)
        return buffer
    }

    /// Encodes the batch with its stored `payload` as the records section (byte-exact for compressed batches).
    public func encodedPreservingPayload() -> ByteBuffer {
        Self.assemble(header: header, recordCount: header.recordCount, section: payload)
    }

    /// Writes header + section, filling batchLength, recordCount and the CRC.
    static func assemble(header: RecordBatchHeader, recordCount: Int32, section: ByteBuffer) -> ByteBuffer {
        var buffer = startBatch(header, recordCount: recordCount, sectionSize: section.readableBytes)
        var section = section
        buffer.writeBuffer(&section)
        RecordBatchValidator.updateCRC(in: &buffer, batchAt: 0)
        return buffer
    }

    /// A buffer of the batch's exact size holding its header with batchLength and recordCount filled and a zero
    /// CRC, for the records section to follow.
    private static func startBatch(_ header: RecordBatchHeader, recordCount: Int32, sectionSize: Int) -> ByteBuffer {
        var header = header
        header.batchLength = Int32(RecordBatchHeader.size - RecordBatchHeader.logOverhead + sectionSize)
        header.recordCount = recordCount
        header.crc = 0
        var buffer = ByteBufferAllocator.reusingLargeBlocks.buffer(capacity: header.totalSize)
        header.write(into: &buffer)
        return buffer
    }
}
