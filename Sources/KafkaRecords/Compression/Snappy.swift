import CCompression

/// Raw snappy blocks through the snappy C API: Kafka's codec 2 (librdkafka writes this form).
enum Snappy {
    /// Compresses `input` into one raw snappy block.
    static func compress(_ input: BorrowedBytes) throws(KafkaRecordsError) -> [UInt8] {
        guard input.count <= Int(UInt32.max) else {
            throw KafkaRecordsError(.compressionFailed, "snappy: \(input.count) bytes is too large for one block")
        }
        let bound = snappy_max_compressed_length(input.count)
        return try bytesFilled(capacity: bound) { destination throws(KafkaRecordsError) in
            var length = bound
            let status = input.base.withMemoryRebound(to: CChar.self, capacity: input.count) { source in
                destination.withMemoryRebound(to: CChar.self, capacity: bound) { target in
                    snappy_compress(source, input.count, target, &length)
                }
            }
            guard status == SNAPPY_OK, length <= bound else {
                throw KafkaRecordsError(
                    .compressionFailed, "snappy: snappy_compress failed (status \(status.rawValue))")
            }
            return length
        }
    }

    /// Decompresses a Kafka snappy payload: a raw block, or snappy-java framing when it starts with that magic.
    static func decompress(_ input: [UInt8], limit: Int) throws(KafkaRecordsError) -> [UInt8] {
        guard !input.isEmpty else { throw KafkaRecordsError(.truncated, "snappy payload is empty") }
        return try withBorrowedBytes(input) { source throws(KafkaRecordsError) in
            // A raw block cannot start with the magic: it would begin with a copy before any literal.
            if source.hasPrefix(SnappyJavaFraming.magic) {
                return try SnappyJavaFraming.decode(source, limit: limit)
            }
            let length = try uncompressedLength(of: source, what: "snappy block")
            guard length <= limit else { throw KafkaRecordsError.tooLarge("snappy", limit: limit) }
            return try bytesFilled(capacity: length) { destination throws(KafkaRecordsError) in
                try uncompress(source, into: destination, length: length, what: "snappy block")
                return length
            }
        }
    }

    /// The uncompressed length a raw block declares in its leading varint, read without decompressing.
    static func uncompressedLength(of block: BorrowedBytes, what: String) throws(KafkaRecordsError) -> Int {
        var length = 0
        let status = block.base.withMemoryRebound(to: CChar.self, capacity: block.count) { source in
            snappy_uncompressed_length(source, block.count, &length)
        }
        guard status == SNAPPY_OK else {
            throw KafkaRecordsError(.decompressionFailed, "\(what) has no valid uncompressed-length header")
        }
        return length
    }

    /// Decompresses a raw block that declared `length` bytes into `destination`, which holds that many.
    static func uncompress(
        _ block: BorrowedBytes, into destination: UnsafeMutablePointer<UInt8>, length: Int, what: String
    ) throws(KafkaRecordsError) {
        var written = length
        let status = block.base.withMemoryRebound(to: CChar.self, capacity: block.count) { source in
            destination.withMemoryRebound(to: CChar.self, capacity: length) { target in
                snappy_uncompress(source, block.count, target, &written)
            }
        }
        guard status == SNAPPY_OK else {
            throw KafkaRecordsError(.decompressionFailed, "\(what) is malformed (snappy status \(status.rawValue))")
        }
        guard written == length else {
            throw KafkaRecordsError(.decompressionFailed, "\(what) decoded to \(written) bytes, declared \(length)")
        }
    }
}
