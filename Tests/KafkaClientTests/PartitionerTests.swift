import KafkaClient
import NIOCore
import Testing

/// Keys and where Kafka puts them. `hash` is `Utils.murmur2` of the UTF-8 key as kafka-python's port of the Java
/// client computes it (`kafka.partitioner.default.murmur2`); `four` is the partition librdkafka 2.16's `murmur2`
/// partitioner (confluent-kafka, mock cluster) chose in a 4-partition topic; the other counts follow from the hash
/// (`(hash & 0x7fffffff) % n`).
struct PartitionVector: Sendable, CustomTestStringConvertible {
    var key: String
    var hash: UInt32
    var four: Int32
    var seven: Int32
    var thirteen: Int32
    var hundred: Int32

    var testDescription: String { "'\(key)'" }

    static let all: [PartitionVector] = [
        .init(key: "", hash: 275_646_681, four: 1, seven: 2, thirteen: 11, hundred: 81),
        .init(key: "a", hash: 2_731_586_172, four: 0, seven: 5, thirteen: 5, hundred: 24),
        .init(key: "ab", hash: 316_155_434, four: 2, seven: 0, thirteen: 10, hundred: 34),
        .init(key: "abc", hash: 479_470_107, four: 3, seven: 4, thirteen: 12, hundred: 7),
        .init(key: "abcd", hash: 2_971_317_748, four: 0, seven: 5, thirteen: 11, hundred: 0),
        .init(key: "key-0", hash: 29_210_041, four: 1, seven: 0, thirteen: 3, hundred: 41),
        .init(key: "key-1", hash: 193_331_640, four: 0, seven: 5, thirteen: 8, hundred: 40),
        .init(key: "key-42", hash: 4_107_880_775, four: 3, seven: 3, thirteen: 0, hundred: 27),
        .init(key: "hello world", hash: 1_221_641_059, four: 3, seven: 2, thirteen: 2, hundred: 59),
        .init(key: "tributary", hash: 77_843_494, four: 2, seven: 1, thirteen: 1, hundred: 94),
        .init(key: "été", hash: 2_193_773_721, four: 1, seven: 4, thirteen: 11, hundred: 73),
        .init(key: "0123456789abcdef", hash: 1_438_427_052, four: 0, seven: 6, thirteen: 10, hundred: 52),
    ]
}

@Suite struct PartitionerTests {
    @Test(arguments: PartitionVector.all)
    func murmur2MatchesTheJavaClient(_ vector: PartitionVector) {
        #expect(DefaultPartitioner.murmur2(Array(vector.key.utf8)) == vector.hash)
    }

    @Test(arguments: PartitionVector.all)
    func partitionsMatchLibrdkafkaAndJava(_ vector: PartitionVector) {
        let key = ByteBuffer(string: vector.key)
        #expect(DefaultPartitioner.partition(forKey: key, partitionCount: 4) == vector.four)
        #expect(DefaultPartitioner.partition(forKey: key, partitionCount: 7) == vector.seven)
        #expect(DefaultPartitioner.partition(forKey: key, partitionCount: 13) == vector.thirteen)
        #expect(DefaultPartitioner.partition(forKey: Array(vector.key.utf8), partitionCount: 100) == vector.hundred)
    }
}
