import NIOCore

/// Walks a records section without building `Record` values: every length, varint and count is checked and
/// the offset deltas must increase up to lastOffsetDelta, with exactly recordCount records filling the bytes.
/// This is what appends run on every uncompressed batch, so it allocates nothing.
enum RecordStructureCheck {
    static func check(_ section: ByteBuffer, header: RecordBatchHeader) throws(KafkaRecordsError) {
        let count = Int(header.recordCount)
        let lastDelta = Int64(header.lastOffsetDelta)
        let result: KafkaRecordsError? = section.withUnsafeReadableBytes { raw -> KafkaRecordsError? in
            var walker = Walker(bytes: raw)
            var records = 0
            var previousDelta: Int64 = -1
            while walker.position < raw.count {
                guard records < count else {
                    return KafkaRecordsError(
                        .recordCountMismatch, "header says \(count) records but more follow (\(raw.count - walker.position) bytes left)")
                }
                guard let length = walker.varint(maxBytes: 5) else { return walker.failure }
                guard length >= 0 else { return KafkaRecordsError(.invalidLength, "record length \(length) is negative") }
                let end = walker.position + Int(length)
                guard end <= raw.count else {
                    return KafkaRecordsError(
                        .lengthBeyondBuffer, "record length \(length) exceeds the \(raw.count - walker.position) bytes left")
                }
                walker.limit = end
                guard walker.skip(1, "record attributes"), walker.varint(maxBytes: 10) != nil,
                    let delta = walker.varint(maxBytes: 5)
                else { return walker.failure }
                guard delta > previousDelta, delta <= lastDelta else {
                    return KafkaRecordsError(
                        .invalidOffsetDelta, "record offset delta \(delta) after \(previousDelta), last delta \(lastDelta)")
                }
                previousDelta = delta
                guard walker.skipBytesField("key"), walker.skipBytesField("value"),
                    let headerCount = walker.varint(maxBytes: 5)
                else { return walker.failure }
                guard headerCount >= 0 else {
                    return KafkaRecordsError(.invalidLength, "record header count \(headerCount) is negative")
                }
                guard headerCount <= Int64(end - walker.position) / 2 else {
                    return KafkaRecordsError(.lengthBeyondBuffer, "header count \(headerCount) exceeds the record's bytes")
                }
                for _ in 0..<headerCount {
                    guard walker.skipBytesField("header key", nullable: false), walker.skipBytesField("header value") else {
                        return walker.failure
                    }
                }
                guard walker.position == end else {
                    return KafkaRecordsError(.trailingBytes, "\(end - walker.position) bytes left after the record's headers")
                }
                walker.limit = raw.count
                records += 1
            }
            guard records == count else {
                return KafkaRecordsError(.recordCountMismatch, "header says \(count) records, found \(records)")
            }
            return nil
        }
        if let result { throw result }
    }

    /// A cursor over raw bytes that records why it stopped.
    private struct Walker {
        let bytes: UnsafeRawBufferPointer
        var position = 0
        var limit: Int
        var failure = KafkaRecordsError(.truncated, "record")

        init(bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
            self.limit = bytes.count
        }

        mutating func varint(maxBytes: Int) -> Int64? {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            for _ in 0..<maxBytes {
                guard position < limit else {
                    failure = KafkaRecordsError(.truncated, "varint ends at byte \(position) of the records")
                    return nil
                }
                let byte = bytes[position]
                position += 1
                result |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 {
                    let decoded = Int64(bitPattern: (result >> 1) ^ (0 &- (result & 1)))
                    if maxBytes <= 5 && (decoded < Int64(Int32.min) || decoded > Int64(Int32.max)) {
                        failure = KafkaRecordsError(.varintOverflow, "varint \(decoded) does not fit in 32 bits")
                        return nil
                    }
                    return decoded
                }
                shift += 7
            }
            failure = KafkaRecordsError(.varintOverflow, "varint longer than \(maxBytes) bytes")
            return nil
        }

        mutating func skip(_ count: Int, _ what: String) -> Bool {
            guard position + count <= limit else {
                failure = KafkaRecordsError(.truncated, "record ends before its \(what)")
                return false
            }
            position += count
            return true
        }

        mutating func skipBytesField(_ what: String, nullable: Bool = true) -> Bool {
            guard let length = varint(maxBytes: 5) else { return false }
            if length == -1 {
                guard nullable else {
                    failure = KafkaRecordsError(.invalidLength, "\(what) is null")
                    return false
                }
                return true
            }
            guard length >= 0 else {
                failure = KafkaRecordsError(.invalidLength, "\(what) length \(length) is negative")
                return false
            }
            guard position + Int(length) <= limit else {
                failure = KafkaRecordsError(
                    .lengthBeyondBuffer, "\(what) length \(length) exceeds the \(limit - position) bytes left")
                return false
            }
            position += Int(length)
            return true
        }
    }
}
