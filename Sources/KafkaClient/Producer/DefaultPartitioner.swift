import NIOCore

/// Kafka's default partitioner for keyed records: murmur2 of the key bytes, made positive, modulo the partition
/// count; the same partition the Java producer, librdkafka's `murmur2`/`murmur2_random` and kcat pick.
public enum DefaultPartitioner {
    /// The partition for `key` among `partitionCount` partitions.
    public static func partition(forKey key: ByteBuffer, partitionCount: Int32) -> Int32 {
        key.withUnsafeReadableBytes { bytes in partition(forKey: bytes, partitionCount: partitionCount) }
    }

    /// The partition for `key` among `partitionCount` partitions.
    public static func partition(forKey key: [UInt8], partitionCount: Int32) -> Int32 {
        key.withUnsafeBytes { bytes in partition(forKey: bytes, partitionCount: partitionCount) }
    }

    private static func partition(forKey bytes: UnsafeRawBufferPointer, partitionCount: Int32) -> Int32 {
        precondition(partitionCount > 0, "a topic has at least one partition")
        return Int32(bitPattern: murmur2(bytes) & 0x7fff_ffff) % partitionCount
    }

    /// MurmurHash2 (32-bit) with Kafka's seed 0x9747b28c, as `Utils.murmur2` in the Java client computes it.
    public static func murmur2(_ data: [UInt8]) -> UInt32 {
        data.withUnsafeBytes { murmur2($0) }
    }

    static func murmur2(_ data: UnsafeRawBufferPointer) -> UInt32 {
        let m: UInt32 = 0x5bd1_e995
        let length = data.count
        var h: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: length)
        var index = 0
        while index + 4 <= length {
            var k =
                UInt32(data[index]) | UInt32(data[index + 1]) << 8 | UInt32(data[index + 2]) << 16
                | UInt32(data[index + 3]) << 24
            k &*= m
            k ^= k >> 24
            k &*= m
            h &*= m
            h ^= k
            index += 4
        }
        let tail = length - index
        if tail >= 3 { h ^= UInt32(data[index + 2]) << 16 }
        if tail >= 2 { h ^= UInt32(data[index + 1]) << 8 }
        if tail >= 1 {
            h ^= UInt32(data[index])
            h &*= m
        }
        h ^= h >> 13
        h &*= m
        h ^= h >> 15
        return h
    }
}

/// The sticky choice for records without key (KIP-480): one partition per topic until its batch is sent.
struct StickyPartitions {
    private var current: [String: Int32] = [:]

    /// The sticky partition of `topic`, chosen at random the first time.
    mutating func partition(for topic: String, count: Int32) -> Int32 {
        if let partition = current[topic], partition < count { return partition }
        let partition = Int32.random(in: 0..<count)
        current[topic] = partition
        return partition
    }

    /// Moves `topic` on to another partition once the batch of `finished` is complete.
    mutating func batchCompleted(topic: String, partition finished: Int32, count: Int32) {
        guard current[topic] == finished else { return }
        guard count > 1 else { return }
        var next = Int32.random(in: 0..<(count - 1))
        if next >= finished { next += 1 }
        current[topic] = next
    }
}
