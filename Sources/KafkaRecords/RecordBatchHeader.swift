import NIOCore

/// The 61-byte header of a RecordBatch v2 (magic 2), every field as on the wire.
///
/// Layout (big-endian): baseOffset i64 @0, batchLength i32 @8 (bytes after this field), partitionLeaderEpoch
/// i32 @12, magic i8 @16, crc u32 @17 (CRC-32C of bytes 21…end), attributes i16 @21, lastOffsetDelta i32 @23,
/// baseTimestamp i64 @27, maxTimestamp i64 @35, producerId i64 @43, producerEpoch i16 @51, baseSequence i32
/// @53, recordCount i32 @57, then the records.
public struct RecordBatchHeader: Hashable, Sendable {
    /// Bytes in the header, before the records.
    public static let size = 61
    /// Bytes before the batchLength field ends: baseOffset + batchLength.
    public static let logOverhead = 12
    /// Where the CRC-covered region starts (the attributes field).
    public static let crcCoverageStart = 21
    /// The only magic supported.
    public static let currentMagic: Int8 = 2

    /// Byte offsets of fields that the broker rewrites in place.
    public enum FieldOffset {
        public static let baseOffset = 0
        public static let batchLength = 8
        public static let partitionLeaderEpoch = 12
        public static let magic = 16
        public static let crc = 17
        public static let attributes = 21
        public static let lastOffsetDelta = 23
        public static let baseTimestamp = 27
        public static let maxTimestamp = 35
        public static let producerId = 43
        public static let producerEpoch = 51
        public static let baseSequence = 53
        public static let recordCount = 57
    }

    public var baseOffset: Int64
    public var batchLength: Int32
    public var partitionLeaderEpoch: Int32
    public var magic: Int8
    public var crc: UInt32
    public var attributes: RecordBatchAttributes
    public var lastOffsetDelta: Int32
    public var baseTimestamp: Int64
    public var maxTimestamp: Int64
    public var producerId: Int64
    public var producerEpoch: Int16
    public var baseSequence: Int32
    public var recordCount: Int32

    /// A header with Kafka's producer defaults (no producer id, epoch or sequence; offsets 0).
    public init(
        baseOffset: Int64 = 0,
        batchLength: Int32 = 0,
        partitionLeaderEpoch: Int32 = -1,
        magic: Int8 = RecordBatchHeader.currentMagic,
        crc: UInt32 = 0,
        attributes: RecordBatchAttributes = RecordBatchAttributes(),
        lastOffsetDelta: Int32 = 0,
        baseTimestamp: Int64 = -1,
        maxTimestamp: Int64 = -1,
        producerId: Int64 = -1,
        producerEpoch: Int16 = -1,
        baseSequence: Int32 = -1,
        recordCount: Int32 = 0
    ) {
        self.baseOffset = baseOffset
        self.batchLength = batchLength
        self.partitionLeaderEpoch = partitionLeaderEpoch
        self.magic = magic
        self.crc = crc
        self.attributes = attributes
        self.lastOffsetDelta = lastOffsetDelta
        self.baseTimestamp = baseTimestamp
        self.maxTimestamp = maxTimestamp
        self.producerId = producerId
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.recordCount = recordCount
    }

    /// Total bytes of the batch including baseOffset and batchLength.
    public var totalSize: Int { Int(batchLength) + Self.logOverhead }

    /// The offset of the batch's last record.
    public var lastOffset: Int64 { baseOffset &+ Int64(lastOffsetDelta) }

    /// The offset after the batch.
    public var nextOffset: Int64 { lastOffset &+ 1 }

    /// The sequence number of the last record, wrapping past Int32.max to 0 as Kafka does.
    public var lastSequence: Int32 {
        guard baseSequence >= 0 else { return -1 }
        let last = Int64(baseSequence) + Int64(lastOffsetDelta)
        return last > Int64(Int32.max) ? Int32(last - Int64(Int32.max) - 1) : Int32(last)
    }

    /// Reads the header at `index` without moving the reader; nil when fewer than 61 bytes are there.
    /// No field is validated: use `RecordBatchValidator` for that.
    public static func peek(in buffer: ByteBuffer, at index: Int) -> RecordBatchHeader? {
        guard index >= buffer.readerIndex, buffer.writerIndex - index >= size,
            let (baseOffset, batchLength, epoch, magic, crc) = buffer.getMultipleIntegers(
                at: index, as: (Int64, Int32, Int32, Int8, UInt32).self),
            let (attributes, lastOffsetDelta, baseTimestamp, maxTimestamp) = buffer.getMultipleIntegers(
                at: index + FieldOffset.attributes, as: (Int16, Int32, Int64, Int64).self),
            let (producerId, producerEpoch, baseSequence, recordCount) = buffer.getMultipleIntegers(
                at: index + FieldOffset.producerId, as: (Int64, Int16, Int32, Int32).self)
        else { return nil }
        return RecordBatchHeader(
            baseOffset: baseOffset, batchLength: batchLength, partitionLeaderEpoch: epoch, magic: magic, crc: crc,
            attributes: RecordBatchAttributes(rawValue: attributes), lastOffsetDelta: lastOffsetDelta,
            baseTimestamp: baseTimestamp, maxTimestamp: maxTimestamp, producerId: producerId,
            producerEpoch: producerEpoch, baseSequence: baseSequence, recordCount: recordCount)
    }

    /// Writes the 61 header bytes as they are (no length or CRC computed).
    public func write(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(baseOffset, batchLength, partitionLeaderEpoch, magic, crc)
        buffer.writeMultipleIntegers(attributes.rawValue, lastOffsetDelta, baseTimestamp, maxTimestamp)
        buffer.writeMultipleIntegers(producerId, producerEpoch, baseSequence, recordCount)
    }
}

extension RecordBatchHeader {
    /// The offset after the last whole batch in `buffer` (walking batch lengths only), or nil if none is whole.
    public static func nextOffset(afterBatchesIn buffer: ByteBuffer) -> Int64? {
        var index = buffer.readerIndex
        var next: Int64?
        while let header = peek(in: buffer, at: index), header.batchLength >= 0,
            index + header.totalSize <= buffer.writerIndex
        {
            next = header.nextOffset
            index += header.totalSize
        }
        return next
    }
}
