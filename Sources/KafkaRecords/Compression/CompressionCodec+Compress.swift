extension CompressionCodec {
    /// Compresses `input` into this codec's Kafka payload format.
    public func compress(_ input: [UInt8]) throws(KafkaRecordsError) -> [UInt8] {
        switch self {
        case .none: input
        case .gzip: try Gzip.compress(input)
        case .snappy: try withBorrowedBytes(input) { source throws(KafkaRecordsError) in try Snappy.compress(source) }
        case .lz4: try LZ4Frame.compress(input)
        case .zstd: try Zstd.compress(input)
        }
    }

    /// Decompresses a Kafka payload of this codec; fails with .decompressedTooLarge past maxDecompressedBytes.
    public func decompress(_ input: [UInt8], maxDecompressedBytes: Int) throws(KafkaRecordsError) -> [UInt8] {
        let limit = max(0, maxDecompressedBytes)
        switch self {
        case .none:
            guard input.count <= limit else { throw KafkaRecordsError.tooLarge("uncompressed", limit: limit) }
            return input
        case .gzip: return try Gzip.decompress(input, limit: limit)
        case .snappy: return try Snappy.decompress(input, limit: limit)
        case .lz4: return try LZ4Frame.decompress(input, limit: limit)
        case .zstd: return try Zstd.decompress(input, limit: limit)
        }
    }
}
