import Foundation
import KafkaRecords
import Testing

// MARK: - Inputs

/// A deterministic generator (SplitMix64), so every run sees the same "random" bytes.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `count` pseudo-random bytes from `seed`.
private func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var generator = SeededGenerator(state: seed)
    var bytes = [UInt8]()
    bytes.reserveCapacity(count)
    while bytes.count < count {
        let word = generator.next()
        for shift in stride(from: 0, to: 64, by: 8) where bytes.count < count {
            bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
        }
    }
    return bytes
}

/// `count` bytes of repetitive text-like data that every codec shrinks a lot.
private func compressibleBytes(_ count: Int) -> [UInt8] {
    let line = Array("{\"topic\":\"orders\",\"key\":\"customer-42\",\"value\":\"pending\"}\n".utf8)
    return (0..<count).map { index in line[index % line.count] &+ UInt8((index / 4096) % 3) }
}

/// The inputs every codec round-trips.
enum CompressionSample: String, CaseIterable, Sendable {
    case empty, oneByte, small, random, compressible, largeRandom, largeCompressible, largeZeros

    /// The sample's bytes.
    var bytes: [UInt8] {
        switch self {
        case .empty: []
        case .oneByte: [0x2A]
        case .small: Array("hello, kafka".utf8)
        case .random: Samples.random
        case .compressible: Samples.compressible
        case .largeRandom: Samples.largeRandom
        case .largeCompressible: Samples.largeCompressible
        case .largeZeros: Samples.largeZeros
        }
    }
}

/// Inputs made once and shared by the tests.
private enum Samples {
    static let random = randomBytes(10_007, seed: 1)
    static let compressible = compressibleBytes(50_000)
    static let largeRandom = randomBytes(1_572_869, seed: 2)
    static let largeCompressible = compressibleBytes(3 * 1024 * 1024 + 17)
    static let largeZeros = [UInt8](repeating: 0, count: 2 * 1024 * 1024)
}

/// Every codec that actually compresses.
private let compressingCodecs: [CompressionCodec] = [.gzip, .snappy, .lz4, .zstd]

/// `value` as four little-endian bytes.
private func littleEndian32(_ value: UInt32) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
}

/// `value` as four big-endian bytes.
private func bigEndian32(_ value: UInt32) -> [UInt8] {
    littleEndian32(value).reversed()
}

/// Splits `bytes` into pieces of at most `size`.
private func chunks(_ bytes: [UInt8], of size: Int) -> [[UInt8]] {
    stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
}

// MARK: - Round trips

@Suite("Compression codecs")
struct CompressionTests {
    @Test("round trip", arguments: CompressionCodec.allCases, CompressionSample.allCases)
    func roundTrip(codec: CompressionCodec, sample: CompressionSample) throws {
        let input = sample.bytes
        let compressed = try codec.compress(input)
        // The limit is inclusive: exactly the decompressed size is allowed.
        let decompressed = try codec.decompress(compressed, maxDecompressedBytes: input.count)
        #expect(decompressed == input)
    }

    @Test("none passes bytes through unchanged", arguments: CompressionSample.allCases)
    func noneIsIdentity(sample: CompressionSample) throws {
        let input = sample.bytes
        #expect(try CompressionCodec.none.compress(input) == input)
        #expect(try CompressionCodec.none.decompress(input, maxDecompressedBytes: input.count) == input)
    }

    @Test("compressible input shrinks", arguments: compressingCodecs)
    func compressibleInputShrinks(codec: CompressionCodec) throws {
        let input = Samples.largeCompressible
        let compressed = try codec.compress(input)
        #expect(compressed.count < input.count / 10)
    }

    @Test("payloads start with their format's magic")
    func formatsCarryTheirMagic() throws {
        let input = Samples.compressible
        let gzip = try CompressionCodec.gzip.compress(input)
        #expect(Array(gzip.prefix(3)) == [0x1F, 0x8B, 0x08])
        let lz4 = try CompressionCodec.lz4.compress(input)
        // Magic, then FLG (version 1, independent blocks, no checksums) and BD (64 KiB blocks), as Java writes.
        #expect(Array(lz4.prefix(6)) == [0x04, 0x22, 0x4D, 0x18, 0x60, 0x40])
        let zstd = try CompressionCodec.zstd.compress(input)
        #expect(Array(zstd.prefix(4)) == [0x28, 0xB5, 0x2F, 0xFD])
        let snappy = try CompressionCodec.snappy.compress(input)
        // A raw block starts with the uncompressed length as a varint: 50_000 = 0xD0 0x86 0x03.
        #expect(Array(snappy.prefix(3)) == [0xD0, 0x86, 0x03])
    }

    // MARK: gzip

    @Test("gzip accepts concatenated members")
    func gzipConcatenatedMembers() throws {
        let first = Samples.random
        let second = Samples.compressible
        let third = Array("tail".utf8)
        let payload = try CompressionCodec.gzip.compress(first) + CompressionCodec.gzip.compress([])
            + CompressionCodec.gzip.compress(second) + CompressionCodec.gzip.compress(third)
        let expected = first + second + third
        #expect(try CompressionCodec.gzip.decompress(payload, maxDecompressedBytes: expected.count) == expected)
        let error = #expect(throws: KafkaRecordsError.self) {
            try CompressionCodec.gzip.decompress(payload, maxDecompressedBytes: expected.count - 1)
        }
        #expect(error?.code == .decompressedTooLarge)
    }

    @Test("gzip rejects garbage after a member")
    func gzipTrailingGarbage() throws {
        let payload = try CompressionCodec.gzip.compress(Samples.random) + [0x00, 0x00, 0x00, 0x00]
        let error = #expect(throws: KafkaRecordsError.self) {
            try CompressionCodec.gzip.decompress(payload, maxDecompressedBytes: 1 << 20)
        }
        #expect(error?.code == .decompressionFailed)
    }

    @Test("gzip detects a corrupted CRC")
    func gzipCorruptedCRC() throws {
        var payload = try CompressionCodec.gzip.compress(Samples.compressible)
        payload[payload.count - 8] ^= 0xFF  // first byte of the CRC-32 trailer
        let error = #expect(throws: KafkaRecordsError.self) {
            try CompressionCodec.gzip.decompress(payload, maxDecompressedBytes: 1 << 20)
        }
        #expect(error?.code == .decompressionFailed)
    }

    // MARK: snappy

    @Test("snappy-java framing round trip", arguments: [1, 7, 1000, 32 * 1024, 1 << 20])
    func snappyJavaRoundTrip(blockSize: Int) throws {
        let input = Array(Samples.random.prefix(20_000)) + Array(Samples.compressible.prefix(30_000))
        let framed = try CompressionCodec.snappyJavaFramed(input, blockSize: blockSize)
        #expect(Array(framed.prefix(8)) == [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00])
        #expect(try CompressionCodec.snappy.decompress(framed, maxDecompressedBytes: input.count) == input)
    }

    @Test("snappy-java framing writes a header and one block per 32 KiB")
    func snappyJavaFramedLayout() throws {
        let input = Samples.largeCompressible
        let framed = try CompressionCodec.snappyJavaFramed(input)
        #expect(Array(framed[8..<16]) == bigEndian32(1) + bigEndian32(1))
        var offset = 16
        var blocks = 0
        var rebuilt: [UInt8] = []
        while offset < framed.count {
            let length = framed[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            offset += 4
            let block = Array(framed[offset..<offset + length])
            rebuilt += try CompressionCodec.snappy.decompress(block, maxDecompressedBytes: 32 * 1024)
            offset += length
            blocks += 1
        }
        #expect(offset == framed.count)
        #expect(blocks == (input.count + 32 * 1024 - 1) / (32 * 1024))
        #expect(rebuilt == input)
    }

    @Test("snappy decodes hand-built snappy-java framing with several blocks")
    func snappyJavaHandBuilt() throws {
        let input = Samples.random + Samples.compressible + Array("end".utf8)
        var framed: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00] + bigEndian32(1) + bigEndian32(1)
        var blocks = 0
        // Uneven block sizes, as a writer flushing at odd moments produces.
        var offset = 0
        for size in [1, 5_000, 17, 40_000, 100_000] where offset < input.count {
            let piece = Array(input[offset..<min(offset + size, input.count)])
            let block = try CompressionCodec.snappy.compress(piece)
            framed += bigEndian32(UInt32(block.count)) + block
            offset += piece.count
            blocks += 1
        }
        #expect(offset == input.count)
        #expect(blocks == 5)
        #expect(try CompressionCodec.snappy.decompress(framed, maxDecompressedBytes: input.count) == input)
        let error = #expect(throws: KafkaRecordsError.self) {
            try CompressionCodec.snappy.decompress(framed, maxDecompressedBytes: input.count - 1)
        }
        #expect(error?.code == .decompressedTooLarge)
    }

    @Test("snappy-java: header only is empty, concatenated streams join")
    func snappyJavaEdgeCases() throws {
        let header: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00] + bigEndian32(1) + bigEndian32(1)
        #expect(try CompressionCodec.snappy.decompress(header, maxDecompressedBytes: 0) == [])
        #expect(try CompressionCodec.snappyJavaFramed([]) == header)
        let first = Array(Samples.random.prefix(3_000))
        let second = Array(Samples.compressible.prefix(70_000))
        let joined = try CompressionCodec.snappyJavaFramed(first) + CompressionCodec.snappyJavaFramed(second)
        #expect(try CompressionCodec.snappy.decompress(joined, maxDecompressedBytes: 1 << 20) == first + second)
        #expect(throws: KafkaRecordsError.self) { try CompressionCodec.snappyJavaFramed([1, 2, 3], blockSize: 0) }
    }

    @Test("snappy-java: malformed framing names the cause")
    func snappyJavaMalformed() throws {
        let header: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00] + bigEndian32(1) + bigEndian32(1)
        let block = try CompressionCodec.snappy.compress(Samples.random)
        let cases: [(String, [UInt8], KafkaRecordsError.Code)] = [
            ("short header", Array(header.prefix(11)), .truncated),
            ("cut-off length", header + [0x00, 0x00], .truncated),
            ("length past the end", header + bigEndian32(UInt32(block.count + 1)) + block, .lengthBeyondBuffer),
            ("negative length", header + bigEndian32(0xFFFF_FFF0) + block, .invalidLength),
            ("empty block", header + bigEndian32(0), .invalidLength),
            ("second header cut off", header + bigEndian32(UInt32(block.count)) + block + header.prefix(10),
             .truncated),
            ("garbage block", header + bigEndian32(4) + [0xFF, 0xFF, 0xFF, 0xFF], .decompressionFailed),
            ("truncated block", header + bigEndian32(UInt32(block.count - 1)) + block.dropLast(), .decompressionFailed),
        ]
        for (name, payload, code) in cases {
            let error = #expect(throws: KafkaRecordsError.self, "\(name)") {
                try CompressionCodec.snappy.decompress(payload, maxDecompressedBytes: 1 << 20)
            }
            #expect(error?.code == code, "\(name): \(String(describing: error))")
        }
    }

    @Test("snappy checks the declared length against the limit before allocating")
    func snappyDeclaredLengthBounded() throws {
        // A raw block declaring 2^32 - 1 bytes, with almost nothing after it.
        let raw: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x41]
        let rawError = #expect(throws: KafkaRecordsError.self) {
            try CompressionCodec.snappy.decompress(raw, maxDecompressedBytes: 1 << 20)
        }
        #expect(rawError?.code == .decompressedTooLarge)
        let header: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00] + bigEndian32(1) + bigEndian32(1)
        let framed = header + bigEndian32(UInt32(raw.count)) + raw
        let framedError = #expect(throws: KafkaRecordsError.self) {
            try CompressionCodec.snappy.decompress(framed, maxDecompressedBytes: 1 << 20)
        }
        #expect(framedError?.code == .decompressedTooLarge)
    }

    // MARK: lz4

    @Test(
        "lz4 accepts frames with any block size and checksum flags",
        arguments: [4, 5, 6, 7], [LZ4TestFrameFlags.plain, .blockChecksum, .contentChecksum, .contentSize, .all])
    func lz4HandBuiltFrames(blockSizeID: Int, flags: LZ4TestFrameFlags) throws {
        let content = Array(Samples.largeRandom.prefix(2_500_000 - 1))
            + Array(Samples.largeCompressible.prefix(1_000_000))
        let frame = lz4StoredFrame(content, blockSizeID: blockSizeID, flags: flags)
        #expect(try CompressionCodec.lz4.decompress(frame, maxDecompressedBytes: content.count) == content)
    }

    @Test("lz4 detects a corrupted block checksum")
    func lz4CorruptedBlockChecksum() throws {
        let content = Array(Samples.random.prefix(1_000))
        var frame = lz4StoredFrame(content, blockSizeID: 4, flags: .blockChecksum)
        frame[7 + 4 + 500] ^= 0x01  // a data byte of the only block
        let error = #expect(throws: KafkaRecordsError.self) {
            try CompressionCodec.lz4.decompress(frame, maxDecompressedBytes: 1 << 20)
        }
        #expect(error?.code == .decompressionFailed)
    }

    @Test("lz4 accepts concatenated frames")
    func lz4ConcatenatedFrames() throws {
        let first = Samples.random
        let second = Samples.compressible
        let payload = try CompressionCodec.lz4.compress(first) + CompressionCodec.lz4.compress(second)
        #expect(try CompressionCodec.lz4.decompress(payload, maxDecompressedBytes: 1 << 20) == first + second)
    }

    // MARK: zstd

    @Test("zstd decodes hand-built frames without a content size")
    func zstdFramesWithoutContentSize() throws {
        let raw = Array(Samples.largeRandom.prefix(300_000))
        let frame = zstdStoredFrame(raw: raw, rleByte: 0x78, rleCount: 50_000)
        let expected = raw + [UInt8](repeating: 0x78, count: 50_000)
        #expect(try CompressionCodec.zstd.decompress(frame, maxDecompressedBytes: expected.count) == expected)
        // Two frames back to back decode to both contents.
        let second = try CompressionCodec.zstd.compress(Samples.compressible)
        #expect(try CompressionCodec.zstd.decompress(frame + second, maxDecompressedBytes: 1 << 20)
            == expected + Samples.compressible)
        let error = #expect(throws: KafkaRecordsError.self) {
            try CompressionCodec.zstd.decompress(frame, maxDecompressedBytes: expected.count - 1)
        }
        #expect(error?.code == .decompressedTooLarge)
    }

    @Test("zstd refuses a frame whose window exceeds what the limit allows")
    func zstdHugeWindow() throws {
        // Window descriptor exponent 20: a 1 GiB window, then a tiny raw block.
        let frame: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x00, 20 << 3] + zstdBlockHeader(last: true, type: 0, size: 3)
            + [1, 2, 3]
        let error = #expect(throws: KafkaRecordsError.self) {
            try CompressionCodec.zstd.decompress(frame, maxDecompressedBytes: 1 << 20)
        }
        #expect(error?.code == .decompressionFailed)
    }

    // MARK: Malformed input and limits

    @Test("garbage and empty input throw", arguments: compressingCodecs)
    func garbageThrows(codec: CompressionCodec) throws {
        let garbage: [[UInt8]] = [
            [],
            Array("this is certainly not a compressed payload".utf8),
            [UInt8](repeating: 0xFF, count: 64),
            randomBytes(1_000, seed: 99),
        ]
        for payload in garbage {
            let error = #expect(throws: KafkaRecordsError.self, "\(payload.count) garbage bytes") {
                try codec.decompress(payload, maxDecompressedBytes: 1 << 20)
            }
            #expect(error.map { [.truncated, .decompressionFailed, .decompressedTooLarge].contains($0.code) } == true)
        }
    }

    @Test("truncated payloads throw", arguments: compressingCodecs)
    func truncatedThrows(codec: CompressionCodec) throws {
        for input in [Samples.random, Samples.compressible] {
            let compressed = try codec.compress(input)
            for length in [1, 2, compressed.count / 2, compressed.count - 1] {
                #expect(throws: KafkaRecordsError.self, "\(codec) cut to \(length) of \(compressed.count)") {
                    try codec.decompress(Array(compressed.prefix(length)), maxDecompressedBytes: 1 << 20)
                }
            }
        }
    }

    @Test("mutated payloads never crash or exceed the limit", arguments: compressingCodecs)
    func mutatedPayloadsAreSafe(codec: CompressionCodec) throws {
        var generator = SeededGenerator(state: 7 &+ UInt64(codec.rawValue))
        let payloads = [
            try codec.compress(Samples.compressible),
            try codec.compress(Samples.random),
            try CompressionCodec.snappyJavaFramed(Samples.compressible, blockSize: 4096),
        ]
        let limit = 40_000
        for round in 0..<400 {
            var payload = payloads[round % payloads.count]
            for _ in 0...Int.random(in: 0...3, using: &generator) {
                let index = Int.random(in: 0..<payload.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: payload[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: payload[index] ^= 0x80
                case 2: payload.removeSubrange(index...)
                default: payload.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                }
                if payload.isEmpty { break }
            }
            if let output = try? codec.decompress(payload, maxDecompressedBytes: limit) {
                #expect(output.count <= limit)
            }
        }
    }

    @Test("the limit triggers .decompressedTooLarge", arguments: CompressionCodec.allCases)
    func limitIsEnforced(codec: CompressionCodec) throws {
        let input = [UInt8](repeating: 0x61, count: 100_000)
        let compressed = try codec.compress(input)
        #expect(try codec.decompress(compressed, maxDecompressedBytes: input.count) == input)
        let error = #expect(throws: KafkaRecordsError.self) {
            try codec.decompress(compressed, maxDecompressedBytes: input.count - 1)
        }
        #expect(error?.code == .decompressedTooLarge)
        let negative = #expect(throws: KafkaRecordsError.self) {
            try codec.decompress(compressed, maxDecompressedBytes: -1)
        }
        #expect(negative?.code == .decompressedTooLarge)
    }

    @Test("a decompression bomb stops at the limit", arguments: compressingCodecs)
    func bombStopsAtLimit(codec: CompressionCodec) throws {
        let bomb = try codec.compress([UInt8](repeating: 0, count: 64 * 1024 * 1024))
        #expect(bomb.count < 4 * 1024 * 1024)
        let error = #expect(throws: KafkaRecordsError.self) {
            try codec.decompress(bomb, maxDecompressedBytes: 1 << 20)
        }
        #expect(error?.code == .decompressedTooLarge)
    }

    // MARK: Cross-checks against the command-line tools, when installed

    @Test(
        "gzip interoperates with gzip(1)",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/gzip")))
    func gzipTool() throws {
        let input = Samples.largeCompressible + Samples.random
        let theirs = try runTool("gzip -c", input: input)
        #expect(try CompressionCodec.gzip.decompress(theirs, maxDecompressedBytes: input.count) == input)
        let ours = try CompressionCodec.gzip.compress(input)
        #expect(try runTool("gzip -dc", input: ours) == input)
    }

    @Test(
        "lz4 interoperates with lz4(1), including 4 MiB blocks and checksums",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/lz4")))
    func lz4Tool() throws {
        let input = Samples.largeCompressible + Samples.largeRandom
        for options in ["-B4", "-B7 -BX", "-B7 -BD --content-size", "-B6 --no-frame-crc", "-9 -B5 -BX"] {
            let theirs = try runTool("lz4 -c -q \(options)", input: input)
            let decoded = try CompressionCodec.lz4.decompress(theirs, maxDecompressedBytes: input.count)
            #expect(decoded == input, "\(options)")
        }
        let ours = try CompressionCodec.lz4.compress(input)
        #expect(try runTool("lz4 -dc -q", input: ours) == input)
    }

    @Test(
        "zstd interoperates with zstd(1), including streamed frames without a content size",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/zstd")))
    func zstdTool() throws {
        let input = Samples.largeCompressible + Samples.largeRandom
        for options in ["-3", "-19 --check", "-1 --no-check"] {
            // Reading from a pipe, zstd cannot know the size, so the frame header omits it.
            let theirs = try runTool("cat | zstd -c -q \(options)", input: input)
            let decoded = try CompressionCodec.zstd.decompress(theirs, maxDecompressedBytes: input.count)
            #expect(decoded == input, "\(options)")
        }
        let ours = try CompressionCodec.zstd.compress(input)
        #expect(try runTool("zstd -dc -q", input: ours) == input)
    }
}

// MARK: - Hand-built frames

/// Optional LZ4 frame features, for building test frames.
struct LZ4TestFrameFlags: OptionSet, Sendable, CustomStringConvertible {
    let rawValue: Int
    static let blockChecksum = LZ4TestFrameFlags(rawValue: 1)
    static let contentChecksum = LZ4TestFrameFlags(rawValue: 2)
    static let contentSize = LZ4TestFrameFlags(rawValue: 4)
    static let plain: LZ4TestFrameFlags = []
    static let all: LZ4TestFrameFlags = [.blockChecksum, .contentChecksum, .contentSize]

    var description: String {
        var names: [String] = []
        if contains(.blockChecksum) { names.append("blockChecksum") }
        if contains(.contentChecksum) { names.append("contentChecksum") }
        if contains(.contentSize) { names.append("contentSize") }
        return names.isEmpty ? "plain" : names.joined(separator: "+")
    }
}

/// An LZ4 frame of stored (uncompressed) blocks, with the given block size and optional checksums.
private func lz4StoredFrame(_ content: [UInt8], blockSizeID: Int, flags: LZ4TestFrameFlags) -> [UInt8] {
    var flg: UInt8 = 0x40 | 0x20  // version 01, independent blocks
    if flags.contains(.blockChecksum) { flg |= 0x10 }
    if flags.contains(.contentSize) { flg |= 0x08 }
    if flags.contains(.contentChecksum) { flg |= 0x04 }
    var descriptor: [UInt8] = [flg, UInt8(blockSizeID << 4)]
    if flags.contains(.contentSize) {
        descriptor += littleEndian32(UInt32(content.count)) + [0, 0, 0, 0]
    }
    var frame: [UInt8] = [0x04, 0x22, 0x4D, 0x18] + descriptor
    frame.append(UInt8(truncatingIfNeeded: xxh32(descriptor) >> 8))
    for block in chunks(content, of: 1 << (2 * blockSizeID + 8)) {
        frame += littleEndian32(UInt32(block.count) | 0x8000_0000)  // high bit: stored uncompressed
        frame += block
        if flags.contains(.blockChecksum) { frame += littleEndian32(xxh32(block)) }
    }
    frame += littleEndian32(0)  // end mark
    if flags.contains(.contentChecksum) { frame += littleEndian32(xxh32(content)) }
    return frame
}

/// A zstd block header: last-block bit, block type (0 raw, 1 RLE) and size, as three little-endian bytes.
private func zstdBlockHeader(last: Bool, type: UInt32, size: Int) -> [UInt8] {
    Array(littleEndian32((last ? 1 : 0) | type << 1 | UInt32(size) << 3).prefix(3))
}

/// A zstd frame without content size or checksum: raw blocks of `raw`, then one RLE block.
private func zstdStoredFrame(raw: [UInt8], rleByte: UInt8, rleCount: Int) -> [UInt8] {
    // Frame header descriptor 0 (no content size, not single-segment), window descriptor 2^17.
    var frame: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x00, 7 << 3]
    for block in chunks(raw, of: 100_000) {
        frame += zstdBlockHeader(last: false, type: 0, size: block.count) + block
    }
    frame += zstdBlockHeader(last: true, type: 1, size: rleCount) + [rleByte]
    return frame
}

/// XXH32 with seed 0, as the LZ4 frame format uses for its checksums.
private func xxh32(_ bytes: [UInt8]) -> UInt32 {
    let prime1: UInt32 = 0x9E37_79B1, prime2: UInt32 = 0x85EB_CA77, prime3: UInt32 = 0xC2B2_AE3D
    let prime4: UInt32 = 0x27D4_EB2F, prime5: UInt32 = 0x1656_67B1
    func rotl(_ x: UInt32, _ r: UInt32) -> UInt32 { (x << r) | (x >> (32 - r)) }
    func lane(_ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
    var index = 0
    var hash: UInt32
    if bytes.count >= 16 {
        var v = [prime1 &+ prime2, prime2, 0, 0 &- prime1]
        while index + 16 <= bytes.count {
            for i in 0..<4 {
                v[i] = rotl(v[i] &+ lane(index + 4 * i) &* prime2, 13) &* prime1
            }
            index += 16
        }
        hash = rotl(v[0], 1) &+ rotl(v[1], 7) &+ rotl(v[2], 12) &+ rotl(v[3], 18)
    } else {
        hash = prime5
    }
    hash &+= UInt32(truncatingIfNeeded: bytes.count)
    while index + 4 <= bytes.count {
        hash = rotl(hash &+ lane(index) &* prime3, 17) &* prime4
        index += 4
    }
    while index < bytes.count {
        hash = rotl(hash &+ UInt32(bytes[index]) &* prime5, 11) &* prime1
        index += 1
    }
    hash ^= hash >> 15
    hash &*= prime2
    hash ^= hash >> 13
    hash &*= prime3
    hash ^= hash >> 16
    return hash
}

// MARK: - Running the tools

/// Runs `command` through /bin/sh with `input` on stdin (via temporary files) and returns its stdout.
private func runTool(_ command: String, input: [UInt8]) throws -> [UInt8] {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("compression-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let inputFile = directory.appendingPathComponent("in")
    let outputFile = directory.appendingPathComponent("out")
    try Data(input).write(to: inputFile)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "\(command) < '\(inputFile.path)' > '\(outputFile.path)'"]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(command) exited with \(process.terminationStatus)")
    return [UInt8](try Data(contentsOf: outputFile))
}
