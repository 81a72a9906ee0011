/// Kafka's default partitioner for keyed records: murmur2 of the key bytes, made positive, modulo the count.
enum KeyPartitioner {
    /// The partition Kafka's Java producer would pick for `key` among `count` partitions.
    static func partition(forKey key: [UInt8], count: Int32) -> Int32 {
        Int32(bitPattern: murmur2(key) & 0x7fff_ffff) % count
    }

    /// MurmurHash2 (32-bit) with Kafka's seed, over the bytes as Java reads them.
    static func murmur2(_ data: [UInt8]) -> UInt32 {
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
