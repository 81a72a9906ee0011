import CCompression

/// Zstandard frames through libzstd: Kafka's codec 4.
enum Zstd {
    /// The compression level used, zstd's and Kafka's default.
    static let level: Int32 = 3
    /// The window (log2) always allowed: enough for every level up to 19, which use at most 8 MiB.
    private static let minimumWindowLog = 23
    /// The largest window (log2) ever allowed, zstd's own default cap of 128 MiB.
    private static let maximumWindowLog = 27

    /// Compresses `input` into one frame that records the content size.
    static func compress(_ input: [UInt8]) throws(KafkaRecordsError) -> [UInt8] {
        let bound = ZSTD_compressBound(input.count)
        guard ZSTD_isError(bound) == 0, bound > 0 else {
            throw KafkaRecordsError(.compressionFailed, "zstd: \(input.count) bytes is too large to compress")
        }
        return try withBorrowedBytes(input) { source throws(KafkaRecordsError) in
            try bytesFilled(capacity: bound) { destination throws(KafkaRecordsError) in
                let written = ZSTD_compress(destination, bound, source.base, source.count, level)
                guard ZSTD_isError(written) == 0, written <= bound else {
                    throw KafkaRecordsError(.compressionFailed, "zstd: \(errorName(written))")
                }
                return written
            }
        }
    }

    /// Decompresses one or more frames with the streaming API (frames may omit the content size) up to `limit` bytes.
    static func decompress(_ input: [UInt8], limit: Int) throws(KafkaRecordsError) -> [UInt8] {
        guard !input.isEmpty else { throw KafkaRecordsError(.truncated, "zstd payload is empty") }
        guard let context = ZSTD_createDCtx() else {
            throw KafkaRecordsError(.decompressionFailed, "zstd: cannot create a decompression context")
        }
        defer { ZSTD_freeDCtx(context) }
        // The window size comes from the input and sizes the decoder's buffers, so bound it by the limit.
        let windowLog = windowLogMax(for: limit)
        let set = ZSTD_DCtx_setParameter(context, ZSTD_d_windowLogMax, Int32(windowLog))
        guard ZSTD_isError(set) == 0 else {
            throw KafkaRecordsError(.decompressionFailed, "zstd: cannot bound the window (\(errorName(set)))")
        }
        let scratch = CodecScratchBuffer(count: ZSTD_DStreamOutSize())
        var output = DecompressionOutput(limit: limit, codec: "zstd", compressedCount: input.count)
        try withBorrowedBytes(input) { source throws(KafkaRecordsError) in
            var inBuffer = ZSTD_inBuffer(src: source.base, size: source.count, pos: 0)
            while true {
                var outBuffer = ZSTD_outBuffer(dst: scratch.base, size: scratch.count, pos: 0)
                let before = inBuffer.pos
                let hint = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
                guard ZSTD_isError(hint) == 0 else {
                    throw KafkaRecordsError(
                        .decompressionFailed,
                        "zstd frame near offset \(before): \(errorName(hint)) (window limit 2^\(windowLog))")
                }
                try output.append(scratch.base, count: outBuffer.pos)
                if inBuffer.pos == inBuffer.size {
                    // A hint of 0 means the frame ended and everything was flushed.
                    if hint == 0 { return }
                    // Space left over means nothing is buffered: the decoder needs input that is not there.
                    if outBuffer.pos < outBuffer.size {
                        throw KafkaRecordsError(.truncated, "zstd payload ends inside a frame")
                    }
                } else if inBuffer.pos == before && outBuffer.pos == 0 {
                    throw KafkaRecordsError(.decompressionFailed, "zstd decoder made no progress at offset \(before)")
                }
            }
        }
        return output.bytes
    }

    /// The largest window (log2) to accept for output of at most `limit` bytes.
    static func windowLogMax(for limit: Int) -> Int {
        var log = minimumWindowLog
        while log < maximumWindowLog && (1 << log) < limit { log += 1 }
        return log
    }

    /// libzstd's name for an error code.
    private static func errorName(_ code: Int) -> String {
        guard let name = ZSTD_getErrorName(code) else { return "error \(code)" }
        return String(cString: name)
    }
}
