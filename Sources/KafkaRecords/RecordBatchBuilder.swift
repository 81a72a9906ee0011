import NIOCore

/// Builds a RecordBatch v2 from records as a producer would: deltas, timestamps, count, length and CRC.
public struct RecordBatchBuilder: Sendable {
    /// The header the batch will carry; its length, CRC, count and deltas are filled by `build`.
    public var header: RecordBatchHeader
    /// The records appended so far.
    public private(set) var records: [Record] = []
    private var uncompressedSize = 0

    /// Starts a batch with producer fields and attributes (no producer id by default).
    public init(
        compression: CompressionCodec = .none,
        timestampType: TimestampType = .createTime,
        producerId: Int64 = -1,
        producerEpoch: Int16 = -1,
        baseSequence: Int32 = -1,
        isTransactional: Bool = false,
        isControl: Bool = false,
        partitionLeaderEpoch: Int32 = -1
    ) {
        header = RecordBatchHeader(
            partitionLeaderEpoch: partitionLeaderEpoch,
            attributes: RecordBatchAttributes(
                compression: compression, timestampType: timestampType, isTransactional: isTransactional,
                isControl: isControl),
            producerId: producerId, producerEpoch: producerEpoch, baseSequence: baseSequence)
    }

    /// Number of records appended.
    public var count: Int { records.count }
    /// Bytes of the batch if built uncompressed now.
    public var estimatedSize: Int { RecordBatchHeader.size + uncompressedSize }

    /// Appends a record with the next offset delta.
    public mutating func append(
        key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader] = [], timestamp: Int64
    ) {
        if records.isEmpty {
            header.baseTimestamp = timestamp
            header.maxTimestamp = timestamp
        }
        header.maxTimestamp = max(header.maxTimestamp, timestamp)
        let record = Record(
            timestampDelta: timestamp &- header.baseTimestamp, offsetDelta: Int32(records.count), key: key,
            value: value, headers: headers)
        uncompressedSize += record.encodedSize
        records.append(record)
    }

    /// Appends a record of byte arrays.
    public mutating func append(key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader] = [], timestamp: Int64) {
        append(
            key: key.map { ByteBuffer(bytes: $0) }, value: value.map { ByteBuffer(bytes: $0) }, headers: headers,
            timestamp: timestamp)
    }

    /// The finished batch bytes with the given base offset.
    public func build(baseOffset: Int64 = 0) throws(KafkaRecordsError) -> ByteBuffer {
        var header = self.header
        header.baseOffset = baseOffset
        header.lastOffsetDelta = Int32(max(records.count - 1, 0))
        return try RecordBatch.encode(header: header, records: records, recordsSize: uncompressedSize)
    }
}
