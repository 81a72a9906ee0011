extension CompressionCodec {
    /// Compresses `input` as snappy in the snappy-java (xerial) framing that the Java client writes.
    public static func snappyJavaFramed(
        _ input: [UInt8], blockSize: Int = 32 * 1024
    ) throws(KafkaRecordsError) -> [UInt8] {
        try SnappyJavaFraming.encode(input, blockSize: blockSize)
    }
}

/// snappy-java's stream framing: a 16-byte header, then [int32 BE length + raw snappy block]…
enum SnappyJavaFraming {
    /// The framing's first eight bytes: 0x82 "SNAPPY" 0x00.
    static let magic: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00]
    /// The magic's first four bytes as a big-endian int, which marks a concatenated stream where a length is due.
    private static let magicHead: UInt32 = 0x8253_4E41
    /// Magic plus the int32 version and int32 compatible version.
    static let headerSize = 16
    /// The version snappy-java writes in both version fields.
    private static let version: UInt32 = 1

    /// Frames `input` into blocks of at most `blockSize` uncompressed bytes.
    static func encode(_ input: [UInt8], blockSize: Int) throws(KafkaRecordsError) -> [UInt8] {
        guard blockSize > 0 else {
            throw KafkaRecordsError(.compressionFailed, "snappy-java block size must be positive, not \(blockSize)")
        }
        var output = magic
        appendBigEndian(version, to: &output)
        appendBigEndian(version, to: &output)
        try withBorrowedBytes(input) { source throws(KafkaRecordsError) in
            var offset = 0
            while offset < source.count {
                let length = min(blockSize, source.count - offset)
                let block = try Snappy.compress(source.slice(offset, length))
                guard block.count <= Int(Int32.max) else {
                    throw KafkaRecordsError(
                        .compressionFailed, "snappy-java block of \(block.count) bytes overflows int32")
                }
                appendBigEndian(UInt32(block.count), to: &output)
                output.append(contentsOf: block)
                offset += length
            }
        }
        return output
    }

    /// Decodes a framed payload, checking every block's declared length against `limit` before allocating.
    static func decode(_ input: BorrowedBytes, limit: Int) throws(KafkaRecordsError) -> [UInt8] {
        guard input.count >= headerSize else {
            throw KafkaRecordsError(.truncated, "snappy-java header is \(input.count) bytes, needs \(headerSize)")
        }
        // First pass: find the blocks and add up what they declare.
        var blocks: [(offset: Int, count: Int, uncompressed: Int)] = []
        var total = 0
        var offset = headerSize
        while offset < input.count {
            guard input.count - offset >= 4 else {
                throw KafkaRecordsError(.truncated, "snappy-java block length at offset \(offset) is cut off")
            }
            let rawLength = input.uint32BigEndian(at: offset)
            if rawLength == magicHead {
                // snappy-java reads on through a second stream's header.
                guard input.slice(offset, input.count - offset).hasPrefix(magic) else {
                    throw KafkaRecordsError(.invalidLength, "snappy-java block length at offset \(offset) is negative")
                }
                guard input.count - offset >= headerSize else {
                    throw KafkaRecordsError(.truncated, "snappy-java header at offset \(offset) is cut off")
                }
                offset += headerSize
                continue
            }
            guard rawLength <= UInt32(Int32.max) else {
                throw KafkaRecordsError(.invalidLength, "snappy-java block length at offset \(offset) is negative")
            }
            let length = Int(rawLength)
            offset += 4
            guard length > 0 else {
                throw KafkaRecordsError(.invalidLength, "snappy-java block at offset \(offset) is empty")
            }
            guard length <= input.count - offset else {
                throw KafkaRecordsError(
                    .lengthBeyondBuffer,
                    "snappy-java block at offset \(offset) claims \(length) bytes, \(input.count - offset) remain")
            }
            let what = "snappy-java block \(blocks.count + 1)"
            let uncompressed = try Snappy.uncompressedLength(of: input.slice(offset, length), what: what)
            guard uncompressed <= limit - total else { throw KafkaRecordsError.tooLarge("snappy", limit: limit) }
            total += uncompressed
            blocks.append((offset, length, uncompressed))
            offset += length
        }
        // Second pass: decompress each block into its place.
        return try bytesFilled(capacity: total) { destination throws(KafkaRecordsError) in
            var written = 0
            for (index, block) in blocks.enumerated() {
                try Snappy.uncompress(
                    input.slice(block.offset, block.count), into: destination + written,
                    length: block.uncompressed, what: "snappy-java block \(index + 1)")
                written += block.uncompressed
            }
            return written
        }
    }

    /// Appends `value` as four big-endian bytes.
    private static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }
}
