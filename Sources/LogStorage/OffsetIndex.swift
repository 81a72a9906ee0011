import NIOCore

/// The sparse offset index of a segment (`.index`): entries of (offset − base as int32, file position as int32),
/// 8 bytes each, big-endian, in increasing order, one per `index.interval.bytes` of log.
///
/// Kept in memory while the segment is open; written whole (and fsynced) when the segment is rolled or closed.
/// A missing or inconsistent file is rebuilt from the log.
struct OffsetIndex {
    static let entrySize = 8

    /// (relative offset, position) pairs in increasing order of both.
    private(set) var entries: [(relativeOffset: Int32, position: Int32)] = []

    var count: Int { entries.count }
    var sizeInBytes: Int { entries.count * Self.entrySize }

    mutating func append(relativeOffset: Int32, position: Int32) {
        if let last = entries.last, last.relativeOffset >= relativeOffset || last.position >= position { return }
        entries.append((relativeOffset, position))
    }

    mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    /// Drops entries at or after `position` (after truncating the log).
    mutating func truncate(toPosition position: Int) {
        while let last = entries.last, Int(last.position) >= position { entries.removeLast() }
    }

    /// The position of the largest indexed offset ≤ `relativeOffset`, or 0.
    func position(forRelativeOffset relativeOffset: Int32) -> Int {
        var low = 0
        var high = entries.count - 1
        var found = 0
        while low <= high {
            let mid = (low + high) / 2
            if entries[mid].relativeOffset <= relativeOffset {
                found = Int(entries[mid].position)
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        return found
    }

    /// The last entry's position, or 0.
    var lastPosition: Int { Int(entries.last?.position ?? 0) }

    func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(sizeInBytes)
        for entry in entries { buffer.writeMultipleIntegers(entry.relativeOffset, entry.position) }
        return buffer
    }

    /// Parses an index file; nil when it is inconsistent with a log of `logSize` bytes.
    static func decode(_ bytes: ByteBuffer, logSize: Int) -> OffsetIndex? {
        guard bytes.readableBytes % entrySize == 0 else { return nil }
        var buffer = bytes
        var index = OffsetIndex()
        index.entries.reserveCapacity(bytes.readableBytes / entrySize)
        while let (relative, position) = buffer.readMultipleIntegers(as: (Int32, Int32).self) {
            if let last = index.entries.last, last.relativeOffset >= relative || last.position >= position {
                return nil
            }
            guard relative >= 0, position >= 0, Int(position) < max(logSize, 1) else { return nil }
            index.entries.append((relative, position))
        }
        return index
    }
}
