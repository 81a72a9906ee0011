@testable import KafkaRecords
import NIOCore
import Testing

// The large-block cache behind `ByteBufferAllocator.reusingLargeBlocks`: which freed blocks it keeps, which one it
// hands out, its limits; and buffers of the allocator keeping their bytes through growth and reuse.

private func address(_ value: UInt) -> UnsafeMutableRawPointer {
    UnsafeMutableRawPointer(bitPattern: value)!
}

@Test func cacheHandsOutTheSmallestKeptBlockThatFits() {
    var cache = LargeBlockCache()
    let mib = 1024 * 1024
    #expect(cache.keep(address(0x10_0000), size: 4 * mib) == [])
    #expect(cache.keep(address(0x20_0000), size: 1 * mib) == [])
    #expect(cache.keep(address(0x30_0000), size: 2 * mib) == [])
    #expect(cache.keptBytes == 7 * mib)

    let first = cache.take(size: mib + 1)
    #expect(first?.pointer == address(0x30_0000) && first?.size == 2 * mib)
    let second = cache.take(size: 512 * 1024)
    #expect(second?.pointer == address(0x20_0000) && second?.size == mib)
    #expect(cache.take(size: 5 * mib) == nil)
    #expect(cache.keptBytes == 4 * mib)
    #expect(cache.reuses == 2)
}

@Test func cacheRefusesSmallBlocksAndDropsTheOldestToStayWithinItsLimits() {
    var cache = LargeBlockCache()
    #expect(cache.keep(address(0x1000), size: LargeBlockCache.minimumBlock - 1) == nil)
    #expect(cache.keep(address(0x2000), size: LargeBlockCache.maximumBytes + 1) == nil)
    let size = 3 * 1024 * 1024
    var dropped: [UInt] = []
    for index in 0..<100 {
        dropped += cache.keep(address(UInt(0x100_0000 + index * 0x1000)), size: size) ?? []
    }
    let fitting = LargeBlockCache.maximumBytes / size
    #expect(cache.keptBytes == fitting * size)
    // The blocks dropped are the oldest, in order; the newest are kept.
    #expect(dropped == (0..<(100 - fitting)).map { UInt(0x100_0000 + $0 * 0x1000) })
    #expect(cache.take(size: size)?.pointer == address(UInt(0x100_0000 + (100 - fitting) * 0x1000)))

    var many = LargeBlockCache()
    var droppedCount = 0
    for index in 0..<100 {
        droppedCount += many.keep(address(UInt(0x100_0000 + index * 0x1000)), size: LargeBlockCache.minimumBlock)?.count ?? 0
    }
    #expect(droppedCount == 100 - LargeBlockCache.maximumBlocks)
    #expect(many.keptBytes == LargeBlockCache.maximumBlocks * LargeBlockCache.minimumBlock)
}

@Test func aFreedLargeBufferIsReusedWithItsPagesAlreadyMapped() {
    // An unusual size, so that no other test's buffer takes the freed block first.
    let size = 7 * 1024 * 1024 + 4321
    var first = ByteBufferAllocator.reusingLargeBlocks.buffer(capacity: size)
    first.writeRepeatingByte(0xAB, count: size)
    let firstAddress = first.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
    let reusesBefore = ByteBufferAllocator.reusedLargeBlocks.reuses
    first = ByteBuffer()

    var second = ByteBufferAllocator.reusingLargeBlocks.buffer(capacity: size)
    second.writeRepeatingByte(0xCD, count: size)
    #expect(second.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) } == firstAddress)
    #expect(ByteBufferAllocator.reusedLargeBlocks.reuses > reusesBefore)
    for index in [0, size / 2, size - 1] { #expect(second.getInteger(at: index, as: UInt8.self) == 0xCD) }
}

@Test func buffersKeepTheirBytesWhenTheyGrowPastTheLargeBlockSize() {
    var buffer = ByteBufferAllocator.reusingLargeBlocks.buffer(capacity: 100)
    var expected: [UInt8] = []
    var value: UInt8 = 0
    while buffer.readableBytes < 3 * LargeBlockCache.minimumBlock {
        let chunk = [UInt8](repeating: value, count: 1000)
        buffer.writeBytes(chunk)
        expected += chunk
        value &+= 1
    }
    #expect(Array(buffer.readableBytesView) == expected)
    // A copy-on-write copy comes from the same allocator and holds the same bytes.
    var copy = buffer
    copy.setInteger(UInt8(0xFF), at: 0)
    #expect(buffer.getInteger(at: 0, as: UInt8.self) == 0)
    #expect(Array(copy.readableBytesView.dropFirst()) == Array(expected.dropFirst()))
}
