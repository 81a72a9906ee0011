import NIOCore

/// A byte range of an open log file: whole batches, ready to hand to sendfile or to read into memory.
public struct FileRegion: Sendable {
    /// The open file; holding the region keeps the descriptor open even if the segment is deleted meanwhile.
    public let file: SegmentFile
    /// Where the range starts in the file.
    public let position: Int
    /// How many bytes.
    public let length: Int

    /// Reads the range into memory.
    public func readBytes() throws(LogStorageError) -> ByteBuffer {
        try file.read(at: position, length: length)
    }

    /// Reads the range into `buffer`, replacing its contents and reusing its memory.
    public func readBytes(into buffer: inout ByteBuffer) throws(LogStorageError) {
        try file.read(at: position, length: length, into: &buffer)
    }

    /// Reads the range after the readable bytes of `buffer`.
    public func appendBytes(to buffer: inout ByteBuffer) throws(LogStorageError) {
        try file.read(at: position, length: length, appendingTo: &buffer)
    }
}

/// What a read of a partition returns: whole batches from the requested offset, and the log's bounds.
public struct LogReadResult: Sendable {
    /// The batches, or nil when there is nothing at or after the offset below the bound.
    public var region: FileRegion?
    /// The high watermark: the offset after the last record consumers may read.
    public var highWatermark: Int64
    /// The first offset still in the log.
    public var logStartOffset: Int64
    /// The offset the next append will get.
    public var logEndOffset: Int64

    /// Reads the batches into memory (an empty buffer when there are none).
    public func readBytes() throws(LogStorageError) -> ByteBuffer {
        try region?.readBytes() ?? ByteBuffer()
    }
}

/// What an append assigned.
public struct AppendResult: Hashable, Sendable {
    /// The first offset assigned (the first batch's new baseOffset).
    public var firstOffset: Int64
    /// The last offset assigned.
    public var lastOffset: Int64
    /// The broker time stamped on the batches for LogAppendTime topics, else -1.
    public var logAppendTime: Int64
    /// The log start offset after the append.
    public var logStartOffset: Int64
    /// The number of records appended.
    public var recordCount: Int
    /// Whether the batch was a retry of one already in the log (idempotent producer): nothing was appended and
    /// the offsets are the original ones.
    public var isDuplicate: Bool = false
}

/// An offset found by timestamp (ListOffsets).
public struct TimestampOffset: Hashable, Sendable {
    /// The offset of the first record with a timestamp at or after the one asked for.
    public var offset: Int64
    /// That record's timestamp.
    public var timestamp: Int64

    /// Creates a result.
    public init(offset: Int64, timestamp: Int64) {
        self.offset = offset
        self.timestamp = timestamp
    }
}

/// A description of one segment, for tools and tests.
public struct SegmentInfo: Hashable, Sendable {
    /// The segment's base offset.
    public var baseOffset: Int64
    /// Bytes in its log file.
    public var sizeInBytes: Int
    /// The offset after its last batch.
    public var nextOffset: Int64
    /// Its largest timestamp, or -1.
    public var maxTimestamp: Int64
}

/// Milliseconds since the Unix epoch, injectable for tests.
public typealias MillisecondClock = @Sendable () -> Int64

/// The system wall clock in milliseconds.
public let systemMillisecondClock: MillisecondClock = {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
}

#if canImport(Glibc)
import Glibc
#endif
