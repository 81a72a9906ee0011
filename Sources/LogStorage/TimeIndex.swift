import NIOCore

/// The time index of a segment (`.timeindex`): entries of (max timestamp so far as int64, offset − base as int32),
/// 12 bytes each, big-endian, with both increasing; added alongside offset index entries when the max grew.
struct TimeIndex {
    static let entrySize = 12

    private(set) var entries: [(timestamp: Int64, relativeOffset: Int32)] = []

    var count: Int { entries.count }

    mutating func append(timestamp: Int64, relativeOffset: Int32) {
        if let last = entries.last, last.timestamp >= timestamp || last.relativeOffset > relativeOffset { return }
        if let last = entries.last, last.relativeOffset == relativeOffset {
            entries[entries.count - 1] = (timestamp, relativeOffset)
            return
        }
        entries.append((timestamp, relativeOffset))
    }

    mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    mutating func truncate(toRelativeOffsetBelow relativeOffset: Int32) {
        while let last = entries.last, last.relativeOffset >= relativeOffset { entries.removeLast() }
    }

    /// The relative offset to start scanning from for the first record with timestamp ≥ `timestamp`:
    /// that of the last entry whose max timestamp is below it, or 0.
    func relativeOffset(forTimestampAtLeast timestamp: Int64) -> Int32 {
        var low = 0
        var high = entries.count - 1
        var found: Int32 = 0
        while low <= high {
            let mid = (low + high) / 2
            if entries[mid].timestamp < timestamp {
                found = entries[mid].relativeOffset
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        return found
    }

    var last: (timestamp: Int64, relativeOffset: Int32)? { entries.last }

    func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(entries.count * Self.entrySize)
        for entry in entries { buffer.writeMultipleIntegers(entry.timestamp, entry.relativeOffset) }
        return buffer
    }

    /// Parses a time index file; nil when it is inconsistent.
    static func decode(_ bytes: ByteBuffer) -> TimeIndex? {
        guard bytes.readableBytes % entrySize == 0 else { return nil }
        var buffer = bytes
        var index = TimeIndex()
        while let (timestamp, relative) = buffer.readMultipleIntegers(as: (Int64, Int32).self) {
            if let last = index.entries.last, last.timestamp >= timestamp || last.relativeOffset >= relative {
                return nil
            }
            guard relative >= 0 else { return nil }
            index.entries.append((timestamp, relative))
        }
        return index
    }
}
