/// A borrowed view of bytes with a non-null base address, for handing to the C compression libraries.
struct BorrowedBytes {
    /// The first byte; valid (though not readable) even when `count` is 0.
    let base: UnsafePointer<UInt8>
    /// How many bytes are readable from `base`.
    let count: Int

    /// The bytes `offset ..< offset + length`; the caller has checked the range.
    func slice(_ offset: Int, _ length: Int) -> BorrowedBytes {
        BorrowedBytes(base: base + offset, count: length)
    }

    /// The big-endian UInt32 at `offset`; the caller has checked that four bytes remain.
    func uint32BigEndian(at offset: Int) -> UInt32 {
        (UInt32(base[offset]) << 24) | (UInt32(base[offset + 1]) << 16)
            | (UInt32(base[offset + 2]) << 8) | UInt32(base[offset + 3])
    }

    /// Whether the bytes start with `prefix`.
    func hasPrefix(_ prefix: [UInt8]) -> Bool {
        guard count >= prefix.count else { return false }
        return prefix.indices.allSatisfy { base[$0] == prefix[$0] }
    }
}

/// Runs `body` over the bytes of `bytes`, with a non-null base address even for an empty array.
func withBorrowedBytes<R>(
    _ bytes: [UInt8], _ body: (BorrowedBytes) throws(KafkaRecordsError) -> R
) throws(KafkaRecordsError) -> R {
    let result: Result<R, KafkaRecordsError> = bytes.withUnsafeBufferPointer { buffer in
        if let base = buffer.baseAddress {
            let borrowed = BorrowedBytes(base: base, count: buffer.count)
            return Result { () throws(KafkaRecordsError) -> R in try body(borrowed) }
        }
        let placeholder: UInt8 = 0
        return withUnsafePointer(to: placeholder) { base in
            Result { () throws(KafkaRecordsError) -> R in try body(BorrowedBytes(base: base, count: 0)) }
        }
    }
    return try result.get()
}

/// Makes an array of at most `capacity` bytes that `fill` writes and returns the count of.
func bytesFilled(
    capacity: Int, _ fill: (UnsafeMutablePointer<UInt8>) throws(KafkaRecordsError) -> Int
) throws(KafkaRecordsError) -> [UInt8] {
    var failure: KafkaRecordsError?
    // One spare byte keeps the base address non-null when `capacity` is 0.
    let bytes = [UInt8](unsafeUninitializedCapacity: capacity + 1) { buffer, initializedCount in
        initializedCount = 0
        guard let base = buffer.baseAddress else {
            failure = KafkaRecordsError(.compressionFailed, "could not allocate \(capacity) bytes")
            return
        }
        do throws(KafkaRecordsError) {
            let written = try fill(base)
            precondition(written >= 0 && written <= capacity, "codec wrote past its output buffer")
            initializedCount = written
        } catch {
            failure = error
        }
    }
    if let failure { throw failure }
    return bytes
}

/// Decompressed output gathered chunk by chunk, refusing to grow past a limit.
struct DecompressionOutput {
    /// The bytes gathered so far.
    private(set) var bytes: [UInt8] = []
    /// The most bytes allowed.
    let limit: Int
    /// The codec's name, for error messages.
    let codec: String

    /// Starts empty, reserving a guess of the final size that never exceeds `limit`.
    init(limit: Int, codec: String, compressedCount: Int) {
        self.limit = limit
        self.codec = codec
        let guess = compressedCount.multipliedReportingOverflow(by: 4)
        bytes.reserveCapacity(min(limit, guess.overflow ? limit : guess.partialValue, 1 << 20))
    }

    /// Appends `count` bytes from `chunk`, failing with `.decompressedTooLarge` past the limit.
    mutating func append(_ chunk: UnsafePointer<UInt8>, count: Int) throws(KafkaRecordsError) {
        guard count > 0 else { return }
        guard count <= limit - bytes.count else { throw KafkaRecordsError.tooLarge(codec, limit: limit) }
        bytes.append(contentsOf: UnsafeBufferPointer(start: chunk, count: count))
    }
}

/// A scratch buffer the streaming decoders write into before the bytes are gathered.
final class CodecScratchBuffer {
    /// The first byte of the buffer.
    let base: UnsafeMutablePointer<UInt8>
    /// The buffer's size in bytes.
    let count: Int

    /// Allocates `count` bytes (at least one).
    init(count: Int) {
        self.count = max(count, 1)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.count)
    }

    deinit { base.deallocate() }
}

extension KafkaRecordsError {
    /// The error for a payload of `codec` that expands beyond `limit` bytes.
    static func tooLarge(_ codec: String, limit: Int) -> KafkaRecordsError {
        KafkaRecordsError(.decompressedTooLarge, "\(codec) payload decompresses to more than \(limit) bytes")
    }
}
