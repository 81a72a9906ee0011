import KafkaRecords
import NIOCore
import Testing

// CRC-32C: known vectors, agreement between the hardware and portable paths (including the three-way
// interleaved path with its combining step), continuation, and an independent bit-by-bit reference.

/// The textbook bit-at-a-time CRC-32C, independent of the C tables and instructions.
private func referenceCRC32C(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
    var state = ~crc
    for byte in bytes {
        state ^= UInt32(byte)
        for _ in 0..<8 { state = state & 1 != 0 ? (state >> 1) ^ 0x82F6_3B78 : state >> 1 }
    }
    return ~state
}

/// Lengths around the 8-byte word, the 4 KiB block and the 12 KiB three-block stride, up to 100 KB.
private let interestingLengths: [Int] = {
    var lengths = Array(0...80)
    for edge in [4096, 3 * 4096, 2 * 3 * 4096, 3 * 3 * 4096] {
        lengths += (edge - 9)...(edge + 9)
    }
    lengths += [1000, 5000, 20_000, 50_001, 65_536, 99_999, 100_000, 102_400]
    return lengths
}()

private let sharedRandom: [UInt8] = {
    var rng = SplitMix64(seed: 0xC3C3)
    return rng.bytes(102_400 + 16)
}()

#if arch(x86_64)
private let isX86 = true
#else
private let isX86 = false
#endif

@Suite("CRC-32C")
struct CRC32CTests {
    @Test("this x86-64 machine has SSE4.2, so the hardware path is the one under test", .enabled(if: isX86))
    func hardwareIsUsed() { #expect(CRC32C.usesHardware) }

    @Test("known vectors (RFC 3720 B.4 and the standard check value)")
    func knownVectors() {
        let vectors: [([UInt8], UInt32)] = [
            (Array("123456789".utf8), 0xE306_9283),
            ([UInt8](repeating: 0, count: 32), 0x8A91_36AA),
            ([UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
            (Array(0...31), 0x46DD_794E),
            (Array((0...31).reversed()), 0x113F_DB5C),
            ([], 0),
        ]
        for (bytes, expected) in vectors {
            #expect(CRC32C.checksum(bytes) == expected)
            #expect(bytes.withUnsafeBytes { CRC32C.portableChecksum($0) } == expected)
            if CRC32C.usesHardware {
                #expect(bytes.withUnsafeBytes { CRC32C.hardwareChecksum($0) } == expected)
            }
            #expect(CRC32C.checksum(ByteBuffer(bytes: bytes)) == expected)
            #expect(referenceCRC32C(bytes) == expected)
        }
    }

    @Test("every entry point agrees: arrays, raw buffers, ByteBuffers with a reader index, lazy sequences")
    func entryPointsAgree() {
        let bytes = Array(sharedRandom.prefix(1000))
        let expected = referenceCRC32C(bytes)
        #expect(CRC32C.checksum(bytes) == expected)
        #expect(CRC32C.checksum(bytes[...]) == expected)
        #expect(CRC32C.checksum(bytes.lazy.map { $0 }) == expected)  // no contiguous storage
        var buffer = ByteBuffer(bytes: [9, 9, 9] + bytes)
        buffer.moveReaderIndex(forwardBy: 3)
        #expect(CRC32C.checksum(buffer) == expected)
        #expect(CRC32C.checksum(Array(bytes.dropLast())) != expected)
    }

    @Test("the table method matches the bit-by-bit reference on random data of many lengths")
    func portableMatchesReference() {
        for length in interestingLengths where length <= 40_000 {
            let bytes = Array(sharedRandom.prefix(length))
            #expect(bytes.withUnsafeBytes { CRC32C.portableChecksum($0) } == referenceCRC32C(bytes), "length \(length)")
        }
        // The three-way hardware path covers blocks of 3 × 4 KiB; check one long input end to end.
        let long = Array(sharedRandom.prefix(100_000))
        #expect(CRC32C.checksum(long) == referenceCRC32C(long))
    }

    @Test(
        "hardware equals portable on random data of every interesting length and misaligned start",
        .enabled(if: CRC32C.usesHardware, "no hardware CRC on this CPU"))
    func hardwareMatchesPortable() {
        sharedRandom.withUnsafeBytes { all in
            for start in [0, 1, 2, 3, 5, 7, 8, 13] {
                for length in interestingLengths {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                    let portable = CRC32C.portableChecksum(slice)
                    #expect(CRC32C.hardwareChecksum(slice) == portable, "start \(start) length \(length)")
                    #expect(CRC32C.checksum(slice) == portable, "start \(start) length \(length)")
                }
            }
        }
    }

    @Test("random lengths and seeds up to 100 KB: hardware, portable and checksum agree")
    func randomLengths() {
        var rng = SplitMix64(seed: 17)
        for _ in 0..<200 {
            let length = Int.random(in: 0...100_000, using: &rng)
            let bytes = rng.bytes(length)
            let seed = UInt32.random(in: 0...UInt32.max, using: &rng)
            bytes.withUnsafeBytes { raw in
                let portable = CRC32C.portableChecksum(raw, continuing: seed)
                #expect(CRC32C.checksum(raw, continuing: seed) == portable, "length \(length)")
                if CRC32C.usesHardware {
                    #expect(CRC32C.hardwareChecksum(raw, continuing: seed) == portable, "length \(length)")
                }
            }
        }
    }

    @Test("continuing: crc(a + b) == crc(b, continuing: crc(a)) for every method")
    func continuation() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<100 {
            let whole = rng.bytes(Int.random(in: 0...40_000, using: &rng))
            let split = Int.random(in: 0...whole.count, using: &rng)
            let a = Array(whole[..<split])
            let b = Array(whole[split...])
            let expected = CRC32C.checksum(whole)
            #expect(CRC32C.checksum(b, continuing: CRC32C.checksum(a)) == expected)
            let portable = b.withUnsafeBytes { rawB in
                CRC32C.portableChecksum(rawB, continuing: a.withUnsafeBytes { CRC32C.portableChecksum($0) })
            }
            #expect(portable == expected)
            if CRC32C.usesHardware {
                let hardware = b.withUnsafeBytes { rawB in
                    CRC32C.hardwareChecksum(rawB, continuing: a.withUnsafeBytes { CRC32C.hardwareChecksum($0) })
                }
                #expect(hardware == expected)
            }
        }
        // The continuation is not a plain concatenation of independent CRCs.
        let a = Array("12345".utf8)
        let b = Array("6789".utf8)
        #expect(CRC32C.checksum(b, continuing: CRC32C.checksum(a)) == 0xE306_9283)
        #expect(CRC32C.checksum(b) != 0xE306_9283)
    }

    @Test("every single-bit flip changes the checksum")
    func detectsBitFlips() {
        var bytes = Array(sharedRandom.prefix(512))
        let original = CRC32C.checksum(bytes)
        for index in bytes.indices {
            for bit in 0..<8 {
                bytes[index] ^= 1 << bit
                #expect(CRC32C.checksum(bytes) != original)
                bytes[index] ^= 1 << bit
            }
        }
        #expect(CRC32C.checksum(bytes) == original)
    }
}
