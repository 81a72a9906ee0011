@_spi(CustomByteBufferAllocator) import NIOCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif


/// The blocks freed by buffers of `ByteBufferAllocator.reusingLargeBlocks`, kept for the next large allocation.
///
/// A record batch or produce request of a megabyte is allocated and freed a few times per batch. glibc serves such
/// blocks with `mmap` or by growing the heap, and gives them back with `munmap` or a heap trim, so every new one
/// starts as untouched pages: each 4 KiB page costs a page fault and zeroing when first written (and, in a virtual
/// machine, often a fault in the host too). Kept blocks are already mapped.
struct LargeBlockCache: Sendable {
    /// Blocks smaller than this are left to malloc (its heap reuses them without faults).
    static let minimumBlock = 128 * 1024
    /// At most this many bytes are kept.
    static let maximumBytes = 64 * 1024 * 1024
    /// At most this many blocks are kept.
    static let maximumBlocks = 32

    private var blocks: [(address: UInt, size: Int)] = []
    private(set) var keptBytes = 0
    private(set) var reuses = 0

    /// The smallest kept block of at least `size` bytes, removed from the cache.
    mutating func take(size: Int) -> (pointer: UnsafeMutableRawPointer, size: Int)? {
        var best: Int?
        for index in blocks.indices where blocks[index].size >= size {
            if best.map({ blocks[index].size < blocks[$0].size }) ?? true { best = index }
        }
        guard let best else { return nil }
        let block = blocks.remove(at: best)
        keptBytes -= block.size
        reuses += 1
        guard let pointer = UnsafeMutableRawPointer(bitPattern: block.address) else { return nil }
        return (pointer, block.size)
    }

    /// Keeps a freed block (its base address and capacity), making room by dropping the oldest kept blocks; nil
    /// when the block is not kept (too small or too large), else the addresses of the dropped blocks, which the
    /// caller frees.
    mutating func keep(_ pointer: UnsafeMutableRawPointer, size: Int) -> [UInt]? {
        guard size >= Self.minimumBlock, size <= Self.maximumBytes else { return nil }
        var dropped: [UInt] = []
        while blocks.count >= Self.maximumBlocks || keptBytes + size > Self.maximumBytes {
            let oldest = blocks.removeFirst()
            keptBytes -= oldest.size
            dropped.append(oldest.address)
        }
        blocks.append((UInt(bitPattern: pointer), size))
        keptBytes += size
        return dropped
    }
}

/// The process's cache of large blocks.
let largeBlocks = Mutex(LargeBlockCache())

/// Each block starts with its capacity, so that a freed block's size is known; the buffer's bytes follow (16 bytes
/// in, keeping malloc's alignment).
private let blockHeader = 16

private func allocateBlock(_ size: Int) -> UnsafeMutableRawPointer? {
    var base: UnsafeMutableRawPointer?
    var capacity = size
    if size >= LargeBlockCache.minimumBlock, let kept = largeBlocks.withLock({ $0.take(size: size) }) {
        (base, capacity) = (kept.pointer, kept.size)
    } else {
        base = malloc(size + blockHeader)
    }
    guard let base else { return nil }
    base.storeBytes(of: capacity, as: Int.self)
    return base + blockHeader
}

private func capacity(of pointer: UnsafeMutableRawPointer) -> Int {
    (pointer - blockHeader).load(as: Int.self)
}

private func freeBlock(_ pointer: UnsafeMutableRawPointer) {
    let base = pointer - blockHeader
    let size = capacity(of: pointer)
    guard size >= LargeBlockCache.minimumBlock, let dropped = largeBlocks.withLock({ $0.keep(base, size: size) }) else {
        free(base)
        return
    }
    for address in dropped { free(UnsafeMutableRawPointer(bitPattern: address)) }
}

private func reallocateBlock(_ pointer: UnsafeMutableRawPointer?, oldSize: Int, newSize: Int) -> UnsafeMutableRawPointer? {
    guard let pointer else { return allocateBlock(newSize) }
    let size = capacity(of: pointer)
    if size >= newSize { return pointer }
    if newSize < LargeBlockCache.minimumBlock {
        guard let base = realloc(pointer - blockHeader, newSize + blockHeader) else { return nil }
        base.storeBytes(of: newSize, as: Int.self)
        return base + blockHeader
    }
    guard let moved = allocateBlock(newSize) else { return nil }
    moved.copyMemory(from: pointer, byteCount: min(oldSize, newSize, size))
    freeBlock(pointer)
    return moved
}

extension ByteBufferAllocator {
    /// An allocator for batch-sized buffers (record batches, produce requests): blocks of 128 KiB and more are
    /// kept when freed (the latest 32 blocks, at most 64 MiB for the process) and handed to the next large allocation, which
    /// then writes to pages already mapped instead of faulting in fresh ones. Smaller blocks go to malloc.
    public static let reusingLargeBlocks = ByteBufferAllocator(
        allocate: { size in allocateBlock(size) },
        reallocate: { pointer, oldSize, newSize in reallocateBlock(pointer, oldSize: oldSize, newSize: newSize) },
        deallocate: { pointer in freeBlock(pointer) },
        copy: { destination, source, count in destination.copyMemory(from: source, byteCount: count) }
    )

    /// Bytes and reuses of the large-block cache behind `reusingLargeBlocks` (for tests and diagnostics).
    static var reusedLargeBlocks: (keptBytes: Int, reuses: Int) {
        largeBlocks.withLock { ($0.keptBytes, $0.reuses) }
    }
}
