import KafkaRecords
import NIOCore

// Shared helpers for the KafkaRecords tests: a seeded generator, random batches and byte surgery.

/// SplitMix64: a tiny deterministic generator, so every run of a property test sees the same inputs.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` random bytes.
    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) }
    }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &self) < percent }
}

/// One record as a producer hands it over, before deltas are taken.
struct RecordInput: Sendable {
    var key: [UInt8]?
    var value: [UInt8]?
    var headers: [RecordHeader]
    var timestamp: Int64
}

/// A batch built from random inputs, with everything needed to check its decoding.
struct GeneratedBatch: Sendable {
    var builder: RecordBatchBuilder
    var inputs: [RecordInput]
    var baseOffset: Int64
    var bytes: ByteBuffer
}

/// Random nullable bytes: null, empty, short or (sometimes) long enough for multi-byte length varints.
private func randomField(_ rng: inout SplitMix64, maxLength: Int) -> [UInt8]? {
    switch Int.random(in: 0..<10, using: &rng) {
    case 0, 1: return nil
    case 2: return []
    case 3: return rng.bytes(Int.random(in: 64...maxLength, using: &rng))
    default: return rng.bytes(Int.random(in: 1...16, using: &rng))
    }
}

private let headerKeys = ["", "trace-id", "content-type", "ключ", "emoji-🦀", "h"]

/// A random batch of `codec`: 1…`maxRecords` records with null/empty/random keys and values, 0–3 headers
/// (some with null values), timestamps that may go backwards, and random producer fields.
func makeRandomBatch(
    _ rng: inout SplitMix64, codec: CompressionCodec, maxRecords: Int = 50, maxFieldLength: Int = 300
) throws -> GeneratedBatch {
    let idempotent = rng.chance(50)
    var builder = RecordBatchBuilder(
        compression: codec,
        timestampType: rng.chance(20) ? .logAppendTime : .createTime,
        producerId: idempotent ? Int64.random(in: 0...Int64.max, using: &rng) : -1,
        producerEpoch: idempotent ? Int16.random(in: 0...Int16.max, using: &rng) : -1,
        baseSequence: idempotent ? Int32.random(in: 0...Int32.max, using: &rng) : -1,
        isTransactional: idempotent && rng.chance(30),
        partitionLeaderEpoch: rng.chance(30) ? -1 : Int32.random(in: 0...Int32.max, using: &rng))
    let count = Int.random(in: 1...maxRecords, using: &rng)
    // Around "now", but sometimes far in the past or before the epoch.
    let base = rng.chance(10) ? Int64.random(in: -1_000_000...0, using: &rng) : 1_700_000_000_000
    var inputs: [RecordInput] = []
    for _ in 0..<count {
        let headers = (0..<Int.random(in: 0...3, using: &rng)).map { _ in
            RecordHeader(
                key: headerKeys.randomElement(using: &rng)!,
                bytes: rng.chance(30) ? nil : rng.bytes(Int.random(in: 0...20, using: &rng)))
        }
        let input = RecordInput(
            key: randomField(&rng, maxLength: maxFieldLength),
            value: randomField(&rng, maxLength: maxFieldLength * 4),
            headers: headers,
            timestamp: base + Int64.random(in: -5_000_000...5_000_000, using: &rng))
        builder.append(key: input.key, value: input.value, headers: input.headers, timestamp: input.timestamp)
        inputs.append(input)
    }
    let baseOffset = rng.chance(20) ? 0 : Int64.random(in: 0...(Int64.max / 2), using: &rng)
    return GeneratedBatch(
        builder: builder, inputs: inputs, baseOffset: baseOffset, bytes: try builder.build(baseOffset: baseOffset))
}

/// A ByteBuffer's readable bytes as an array.
func bytesOf(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

/// A ByteBuffer holding `bytes`.
func buffer(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }

/// Runs `body` and returns the KafkaRecordsError it throws, or nil when it does not throw.
func recordsError<T>(_ body: () throws(KafkaRecordsError) -> T) -> KafkaRecordsError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

/// A batch whose records section is `section` exactly (not re-encoded), with the given header fields;
/// batchLength and CRC are computed, recordCount is taken from `header`.
func batchBytes(header: RecordBatchHeader, section: [UInt8]) -> ByteBuffer {
    var batch = RecordBatch(header: header, records: [])
    batch.payload = ByteBuffer(bytes: section)
    return batch.encodedPreservingPayload()
}

/// Sets a big-endian integer at `offset` of the batch at the start of `bytes`, then fixes the CRC.
func patch<T: FixedWidthInteger>(_ bytes: ByteBuffer, _ value: T, at offset: Int, fixCRC: Bool = true) -> ByteBuffer {
    var copy = bytes
    copy.setInteger(value, at: copy.readerIndex + offset)
    if fixCRC { RecordBatchValidator.updateCRC(in: &copy, batchAt: copy.readerIndex) }
    return copy
}
