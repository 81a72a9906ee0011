import KafkaRecords
import NIOCore

/// Walks the batches of a segment file from a position, reading the file through a window buffer so that
/// consecutive small batches cost one read between them.
struct SegmentScanner {
    /// Window for walking headers only (small, so that large batches are not read just to find the next one).
    static let headerWindow = 8 * 1024
    /// Window for reading whole batches (recovery, compaction).
    static let batchWindow = 1024 * 1024

    let file: SegmentFile
    let windowSize: Int
    /// Bytes of the file that belong to the segment (the scan never reads past it).
    let limit: Int
    private var window = ByteBuffer()
    private var windowStart = 0

    init(file: SegmentFile, limit: Int, windowSize: Int = SegmentScanner.headerWindow) {
        self.file = file
        self.limit = limit
        self.windowSize = windowSize
    }

    /// Makes `[position, position + length)` available in the window; false when that runs past the limit.
    private mutating func ensure(_ position: Int, _ length: Int) throws(LogStorageError) -> Bool {
        guard position + length <= limit else { return false }
        if position >= windowStart && position + length <= windowStart + window.readableBytes { return true }
        let readLength = min(max(windowSize, length), limit - position)
        window = try file.read(at: position, length: readLength)
        windowStart = position
        return window.readableBytes >= length
    }

    /// The unvalidated header of the batch at `position`, or nil when fewer than 61 bytes are left or its
    /// batchLength is smaller than a header or runs past the limit.
    mutating func header(at position: Int) throws(LogStorageError) -> RecordBatchHeader? {
        guard try ensure(position, RecordBatchHeader.size),
            let header = RecordBatchHeader.peek(in: window, at: window.readerIndex + position - windowStart)
        else { return nil }
        guard header.batchLength >= Int32(RecordBatchHeader.size - RecordBatchHeader.logOverhead),
            position + header.totalSize <= limit
        else { return nil }
        return header
    }

    /// The whole batch at `position`, validated (frame and CRC); throws the validation error.
    mutating func validatedBatch(at position: Int) throws -> (RecordBatchHeader, ByteBuffer) {
        guard try ensure(position, RecordBatchHeader.logOverhead) else {
            throw KafkaRecordsError(.truncated, "\(limit - position) bytes left cannot hold a batch header")
        }
        let local = window.readerIndex + position - windowStart
        guard let length = window.getInteger(at: local + RecordBatchHeader.FieldOffset.batchLength, as: Int32.self)
        else { throw KafkaRecordsError(.truncated, "batch length") }
        let total = Int(length) + RecordBatchHeader.logOverhead
        guard length >= 0, try ensure(position, max(total, RecordBatchHeader.size)) else {
            throw KafkaRecordsError(
                .lengthBeyondBuffer, "batch at position \(position) claims \(total) bytes, \(limit - position) left")
        }
        let start = window.readerIndex + position - windowStart
        let header = try RecordBatchValidator.validate(in: window, at: start, depth: .uncompressedRecords)
        guard let bytes = window.getSlice(at: start, length: header.totalSize) else {
            throw KafkaRecordsError(.truncated, "batch bytes")
        }
        return (header, bytes)
    }

    /// The bytes `[position, position + length)` of the segment.
    mutating func bytes(at position: Int, length: Int) throws(LogStorageError) -> ByteBuffer? {
        guard try ensure(position, length) else { return nil }
        return window.getSlice(at: window.readerIndex + position - windowStart, length: length)
    }
}
