import CCompression

/// gzip (RFC 1952) through zlib: Kafka's codec 1.
enum Gzip {
    /// zlib's windowBits for a 32 KiB window with a gzip wrapper.
    private static let gzipWindowBits: Int32 = 15 + 16
    /// How many output bytes each inflate call may write.
    private static let chunkSize = 64 * 1024

    /// Compresses `input` into a single gzip member.
    static func compress(_ input: [UInt8]) throws(KafkaRecordsError) -> [UInt8] {
        let stream = ZStream()
        let status = deflateInit2_(
            stream.pointer, Z_DEFAULT_COMPRESSION, Z_DEFLATED, gzipWindowBits, 8, Z_DEFAULT_STRATEGY,
            zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw KafkaRecordsError(.compressionFailed, "gzip: deflateInit2 failed (\(stream.describe(status)))")
        }
        defer { deflateEnd(stream.pointer) }
        let bound = Int(deflateBound(stream.pointer, uLong(input.count)))
        guard bound <= Int(UInt32.max) else {
            throw KafkaRecordsError(.compressionFailed, "gzip: \(input.count) bytes is too large to compress at once")
        }
        return try withBorrowedBytes(input) { source throws(KafkaRecordsError) in
            try bytesFilled(capacity: bound) { destination throws(KafkaRecordsError) in
                stream.pointer.pointee.next_in = UnsafeMutablePointer(mutating: source.base)
                stream.pointer.pointee.avail_in = uInt(source.count)
                stream.pointer.pointee.next_out = destination
                stream.pointer.pointee.avail_out = uInt(bound)
                let status = deflate(stream.pointer, Z_FINISH)
                guard status == Z_STREAM_END else {
                    throw KafkaRecordsError(.compressionFailed, "gzip: deflate failed (\(stream.describe(status)))")
                }
                return bound - Int(stream.pointer.pointee.avail_out)
            }
        }
    }

    /// Decompresses one or more concatenated gzip members, up to `limit` bytes in all.
    static func decompress(_ input: [UInt8], limit: Int) throws(KafkaRecordsError) -> [UInt8] {
        guard !input.isEmpty else { throw KafkaRecordsError(.truncated, "gzip payload is empty") }
        guard input.count <= Int(UInt32.max) else {
            throw KafkaRecordsError(.invalidLength, "gzip payload of \(input.count) bytes is too large")
        }
        let stream = ZStream()
        let status = inflateInit2_(stream.pointer, gzipWindowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw KafkaRecordsError(.decompressionFailed, "gzip: inflateInit2 failed (\(stream.describe(status)))")
        }
        defer { inflateEnd(stream.pointer) }
        let scratch = CodecScratchBuffer(count: chunkSize)
        var output = DecompressionOutput(limit: limit, codec: "gzip", compressedCount: input.count)
        try withBorrowedBytes(input) { source throws(KafkaRecordsError) in
            stream.pointer.pointee.next_in = UnsafeMutablePointer(mutating: source.base)
            stream.pointer.pointee.avail_in = uInt(source.count)
            var member = 1
            while true {
                stream.pointer.pointee.next_out = scratch.base
                stream.pointer.pointee.avail_out = uInt(scratch.count)
                let status = inflate(stream.pointer, Z_NO_FLUSH)
                try output.append(scratch.base, count: scratch.count - Int(stream.pointer.pointee.avail_out))
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    // Another member may follow, as in `cat a.gz b.gz`.
                    if stream.pointer.pointee.avail_in == 0 { return }
                    member += 1
                    let reset = inflateReset(stream.pointer)
                    guard reset == Z_OK else {
                        throw KafkaRecordsError(
                            .decompressionFailed, "gzip: inflateReset failed (\(stream.describe(reset)))")
                    }
                case Z_BUF_ERROR:
                    // No progress was possible with output space available: the input ran out mid-member.
                    throw KafkaRecordsError(.truncated, "gzip payload ends inside member \(member)")
                case Z_NEED_DICT:
                    throw KafkaRecordsError(.decompressionFailed, "gzip member \(member) needs a preset dictionary")
                default:
                    throw KafkaRecordsError(.decompressionFailed, "gzip member \(member): \(stream.describe(status))")
                }
            }
        }
        return output.bytes
    }
}

/// A heap-allocated z_stream, so its address stays fixed across zlib calls (zlib checks it).
private final class ZStream {
    /// The stream's storage.
    let pointer: UnsafeMutablePointer<z_stream>

    /// Allocates a zeroed stream.
    init() {
        pointer = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        pointer.initialize(to: z_stream())
    }

    deinit {
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }

    /// zlib's message for the last error, or the status code's name.
    func describe(_ status: Int32) -> String {
        if let message = pointer.pointee.msg { return String(cString: message) }
        switch status {
        case Z_DATA_ERROR: return "invalid data"
        case Z_MEM_ERROR: return "out of memory"
        case Z_STREAM_ERROR: return "stream error"
        case Z_BUF_ERROR: return "no progress possible"
        case Z_VERSION_ERROR: return "zlib version mismatch"
        default: return "status \(status)"
        }
    }
}
