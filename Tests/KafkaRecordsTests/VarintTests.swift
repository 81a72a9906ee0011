import KafkaRecords
import NIOCore
import Testing

// Zig-zag varints: exact encodings, sizes, round trips at the boundaries, overflow and truncation.

private func encoded(_ value: Int64) -> [UInt8] {
    var buffer = ByteBuffer()
    let written = buffer.writeZigZagVarint(value)
    #expect(written == buffer.readableBytes)
    return bytesOf(buffer)
}

private let boundaries: [Int64] = [
    0, 1, -1, 2, -2, 63, -64, 64, -65, 127, 128, 8191, -8192, 8192, -8193,
    Int64(Int16.max), Int64(Int16.min), Int64(Int32.max), Int64(Int32.min), Int64(Int32.max) + 1,
    Int64(Int32.min) - 1, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1,
]

@Suite("Zig-zag varints")
struct VarintTests {
    @Test("known encodings")
    func knownEncodings() {
        #expect(encoded(0) == [0x00])
        #expect(encoded(-1) == [0x01])
        #expect(encoded(1) == [0x02])
        #expect(encoded(-2) == [0x03])
        #expect(encoded(63) == [0x7E])
        #expect(encoded(-64) == [0x7F])
        #expect(encoded(64) == [0x80, 0x01])
        #expect(encoded(150) == [0xAC, 0x02])
        #expect(encoded(Int64(Int32.max)) == [0xFE, 0xFF, 0xFF, 0xFF, 0x0F])
        #expect(encoded(Int64(Int32.min)) == [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        #expect(encoded(Int64.max) == [UInt8](repeating: 0xFE, count: 1) + [UInt8](repeating: 0xFF, count: 8) + [0x01])
        #expect(encoded(Int64.min) == [UInt8](repeating: 0xFF, count: 9) + [0x01])
    }

    @Test("sizes match the bytes written", arguments: boundaries)
    func sizes(value: Int64) {
        #expect(Varint.size(of: value) == encoded(value).count)
        #expect(Varint.size(of: Int(value)) == encoded(value).count)
    }

    @Test("size steps at every 7-bit boundary")
    func sizeSteps() {
        #expect(Varint.size(of: Int64(0)) == 1)
        #expect(Varint.size(of: Int64(-64)) == 1)
        #expect(Varint.size(of: Int64(-65)) == 2)
        #expect(Varint.size(of: Int64(Int32.min)) == 5)
        #expect(Varint.size(of: Int64.max) == 10)
        for bytes in 1...9 {
            // The largest positive value of n bytes has zig-zag value 2^(7n) - 2.
            let largest = Int64((UInt64(1) << UInt64(7 * bytes)) / 2 - 1)
            #expect(Varint.size(of: largest) == bytes)
            #expect(Varint.size(of: largest + 1) == bytes + 1)
            #expect(Varint.size(of: -largest - 1) == bytes)
            #expect(Varint.size(of: -largest - 2) == bytes + 1)
        }
    }

    @Test("64-bit round trip at the boundaries", arguments: boundaries)
    func roundTrip64(value: Int64) throws {
        var buffer = ByteBuffer(bytes: encoded(value) + [0xAA])
        #expect(try buffer.readZigZagVarint64() == value)
        #expect(buffer.readableBytes == 1)  // stops exactly after the varint
    }

    @Test("32-bit round trip at the boundaries, overflow beyond them")
    func roundTrip32() throws {
        for value in boundaries {
            var buffer = ByteBuffer(bytes: encoded(value))
            if let narrow = Int32(exactly: value) {
                #expect(try buffer.readZigZagVarint32() == narrow)
                #expect(buffer.readableBytes == 0)
            } else {
                let error = #expect(throws: KafkaRecordsError.self) { try buffer.readZigZagVarint32() }
                #expect(error?.code == .varintOverflow, "value \(value)")
            }
        }
    }

    @Test("random values round trip back to back in one buffer")
    func randomSequence() throws {
        var rng = SplitMix64(seed: 7)
        let values = (0..<2000).map { _ -> Int64 in
            let bits = Int.random(in: 0...63, using: &rng)
            let magnitude = Int64.random(in: 0...Int64.max, using: &rng) >> bits
            return rng.chance(50) ? magnitude : ~magnitude
        }
        var buffer = ByteBuffer()
        for value in values { buffer.writeZigZagVarint(value) }
        #expect(buffer.readableBytes == values.reduce(0) { $0 + Varint.size(of: $1) })
        for value in values { #expect(try buffer.readZigZagVarint64() == value) }
        #expect(buffer.readableBytes == 0)
    }

    @Test("a 6-byte varint overflows a 32-bit field, an 11-byte one a 64-bit field")
    func overflow() throws {
        let six: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x80, 0x00]
        var buffer = ByteBuffer(bytes: six)
        #expect((#expect(throws: KafkaRecordsError.self) { try buffer.readZigZagVarint32() })?.code == .varintOverflow)
        // Six bytes are fine for a 64-bit field.
        buffer = ByteBuffer(bytes: six)
        #expect(try buffer.readZigZagVarint64() == 0)

        let eleven = [UInt8](repeating: 0x80, count: 10) + [0x00]
        buffer = ByteBuffer(bytes: eleven)
        #expect((#expect(throws: KafkaRecordsError.self) { try buffer.readZigZagVarint64() })?.code == .varintOverflow)
        let ten = [UInt8](repeating: 0x80, count: 9) + [0x00]
        buffer = ByteBuffer(bytes: ten)
        #expect(try buffer.readZigZagVarint64() == 0)

        // Five bytes whose value exceeds 32 bits.
        buffer = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
        #expect((#expect(throws: KafkaRecordsError.self) { try buffer.readZigZagVarint32() })?.code == .varintOverflow)
        // An explicit limit.
        buffer = ByteBuffer(bytes: [0x80, 0x80, 0x01])
        #expect((#expect(throws: KafkaRecordsError.self) { try buffer.readZigZagVarint(maxBytes: 2) })?.code == .varintOverflow)
    }

    @Test("a varint cut off mid-way is .truncated")
    func truncated() {
        for bytes: [UInt8] in [[], [0x80], [0xFF, 0xFF], [0x80, 0x80, 0x80, 0x80]] {
            var buffer = ByteBuffer(bytes: bytes)
            #expect((#expect(throws: KafkaRecordsError.self) { try buffer.readZigZagVarint32() })?.code == .truncated)
            buffer = ByteBuffer(bytes: bytes)
            #expect((#expect(throws: KafkaRecordsError.self) { try buffer.readZigZagVarint64() })?.code == .truncated)
        }
        // Every proper prefix of a long encoding is truncated.
        let full = encoded(Int64.min)
        for length in 0..<full.count {
            var buffer = ByteBuffer(bytes: Array(full.prefix(length)))
            #expect((#expect(throws: KafkaRecordsError.self) { try buffer.readZigZagVarint64() })?.code == .truncated)
        }
    }
}
