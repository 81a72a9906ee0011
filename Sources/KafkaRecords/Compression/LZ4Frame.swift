import CCompression

/// The LZ4 frame format through lz4frame: Kafka's codec 3.
enum LZ4Frame {
    /// How many output bytes each LZ4F_decompress call may write.
    private static let chunkSize = 64 * 1024

    /// Compresses `input` into one frame like the Java client's: independent 64 KiB blocks, header checksum only.
    static func compress(_ input: [UInt8]) throws(KafkaRecordsError) -> [UInt8] {
        var preferences = LZ4F_preferences_t()
        preferences.frameInfo.blockSizeID = LZ4F_max64KB
        preferences.frameInfo.blockMode = LZ4F_blockIndependent
        preferences.frameInfo.contentChecksumFlag = LZ4F_noContentChecksum
        preferences.frameInfo.blockChecksumFlag = LZ4F_noBlockChecksum
        let bound = LZ4F_compressFrameBound(input.count, &preferences)
        guard LZ4F_isError(bound) == 0 else {
            throw KafkaRecordsError(.compressionFailed, "lz4: \(errorName(bound))")
        }
        return try withBorrowedBytes(input) { source throws(KafkaRecordsError) in
            try bytesFilled(capacity: bound) { destination throws(KafkaRecordsError) in
                let written = LZ4F_compressFrame(destination, bound, source.base, source.count, &preferences)
                guard LZ4F_isError(written) == 0, written <= bound else {
                    throw KafkaRecordsError(.compressionFailed, "lz4: \(errorName(written))")
                }
                return written
            }
        }
    }

    /// Decompresses one or more LZ4 frames (any block size, with or without checksums) up to `limit` bytes.
    static func decompress(_ input: [UInt8], limit: Int) throws(KafkaRecordsError) -> [UInt8] {
        guard !input.isEmpty else { throw KafkaRecordsError(.truncated, "lz4 payload is empty") }
        var context: OpaquePointer?
        let created = LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))
        guard LZ4F_isError(created) == 0, let context else {
            throw KafkaRecordsError(.decompressionFailed, "lz4: cannot create a decompression context")
        }
        defer { LZ4F_freeDecompressionContext(context) }
        let scratch = CodecScratchBuffer(count: chunkSize)
        var output = DecompressionOutput(limit: limit, codec: "lz4", compressedCount: input.count)
        try withBorrowedBytes(input) { source throws(KafkaRecordsError) in
            var offset = 0
            while true {
                var consumed = source.count - offset
                var produced = scratch.count
                let hint = LZ4F_decompress(context, scratch.base, &produced, source.base + offset, &consumed, nil)
                guard LZ4F_isError(hint) == 0 else {
                    throw KafkaRecordsError(.decompressionFailed, "lz4 frame at offset \(offset): \(errorName(hint))")
                }
                offset += consumed
                try output.append(scratch.base, count: produced)
                if offset == source.count {
                    // A hint of 0 means the frame ended and everything was flushed.
                    if hint == 0 { return }
                    // Space left over means nothing is buffered: the decoder needs input that is not there.
                    if produced < scratch.count {
                        throw KafkaRecordsError(.truncated, "lz4 payload ends inside a frame")
                    }
                } else if consumed == 0 && produced == 0 {
                    throw KafkaRecordsError(.decompressionFailed, "lz4 decoder made no progress at offset \(offset)")
                }
            }
        }
        return output.bytes
    }

    /// lz4frame's name for an error code.
    private static func errorName(_ code: Int) -> String {
        guard let name = LZ4F_getErrorName(code) else { return "error \(code)" }
        return String(cString: name)
    }
}
