import KafkaTestSupport
import KafkaClient
import KafkaProtocol
import KafkaRecords
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(5))) struct ProducerTests {
    @Test func sendReturnsTheAssignedOffsets() async throws {
        try await withBroker { broker in
            let producer = broker.producer()
            let first = try await producer.send(topic: "smoke", value: ByteBuffer(string: "one"))
            let second = try await producer.send(topic: "smoke", value: ByteBuffer(string: "two"))
            #expect(first.topicPartition == TopicPartition("smoke", 0))
            #expect(first.offset == 0)
            #expect(second.offset == 1)
            #expect(second.timestamp > 1_600_000_000_000)
            await producer.close()
        }
    }

    /// 100,000 records with acks=all and idempotence, consumed back in order.
    /// A batch enqueue delivers every record, in order per partition, with keys partitioned as single sends are.
    @Test func batchEnqueueDeliversEveryRecordInOrder() async throws {
        try await withBroker(numPartitions: 3) { broker in
            let producer = broker.producer()
            let records = (0..<3000).map { index in
                ProducerRecord(topic: "batched", key: ByteBuffer(string: "k\(index % 7)"), value: ByteBuffer(string: "\(index)"))
            }
            let deliveries = try await producer.enqueue(records)
            #expect(deliveries.count == 3000)
            var last: [Int32: Int64] = [:]
            for (index, delivery) in deliveries.enumerated() {
                let metadata = try await delivery.metadata()
                let expected = DefaultPartitioner.partition(
                    forKey: ByteBuffer(string: "k\(index % 7)"), partitionCount: 3)
                #expect(metadata.topicPartition.partition == expected)
                #expect(metadata.offset > last[metadata.topicPartition.partition, default: -1])
                last[metadata.topicPartition.partition] = metadata.offset
            }
            #expect(last.values.reduce(0) { $0 + $1 + 1 } == 3000)
            await #expect(throws: KafkaClientError.self) {
                _ = try await producer.enqueue([ProducerRecord(topic: "batched", partition: 9, value: nil)])
            }
            await producer.close()
        }
    }

    @Test func hundredThousandRecordsRoundTripInOrder() async throws {
        try await withBroker { broker in
            let total = 100_000
            let producer = broker.producer { $0.lingerMs = 5 }
            var deliveries: [PendingDelivery] = []
            deliveries.reserveCapacity(total)
            let clock = ContinuousClock()
            let produced = try await clock.measure {
                for index in 0..<total {
                    deliveries.append(
                        try await producer.enqueue(
                            topic: "bulk",
                            partition: 0,
                            key: ByteBuffer(string: "k\(index)"),
                            value: ByteBuffer(string: "value-\(index)")
                        )
                    )
                }
                await producer.flush()
            }
            for (index, delivery) in deliveries.enumerated() {
                let metadata = try #require(delivery.completedResult).get()
                #expect(metadata.offset == Int64(index))
            }
            await producer.close()
            print("produced \(total) records in \(produced)")

            let consumer = broker.consumer()
            try await consumer.assign([TopicPartition("bulk", 0)])
            var expected = 0
            let consumed = try await clock.measure {
                while expected < total {
                    let records = try await consumer.poll(timeout: .seconds(5))
                    try #require(!records.isEmpty, "no records after \(expected)")
                    for record in records {
                        #expect(record.offset == Int64(expected))
                        if String(buffer: record.value!) != "value-\(expected)" {
                            Issue.record("record \(expected) has value \(String(buffer: record.value!))")
                            return
                        }
                        expected += 1
                    }
                }
            }
            print("consumed \(total) records in \(consumed)")
            #expect(try await consumer.position(TopicPartition("bulk", 0)) == Int64(total))
            await consumer.close()
        }
    }

    /// Keyed records land where the Java client and librdkafka would put them.
    @Test func keysGoToTheJavaClientsPartitions() async throws {
        try await withBroker { broker in
            let admin = broker.admin()
            try await admin.createTopic(NewTopic(name: "keyed", numPartitions: 7))
            let producer = broker.producer()
            for vector in PartitionVector.all {
                let metadata = try await producer.send(
                    topic: "keyed",
                    key: ByteBuffer(string: vector.key),
                    value: ByteBuffer(string: "v")
                )
                #expect(metadata.partition == vector.seven, "key '\(vector.key)'")
            }
            await producer.close()
            await admin.close()
        }
    }

    @Test func recordsWithoutKeyStickToOnePartitionPerBatch() async throws {
        try await withBroker(numPartitions: 4) { broker in
            let producer = broker.producer { $0.lingerMs = 50 }
            var deliveries: [PendingDelivery] = []
            for index in 0..<20 {
                deliveries.append(try await producer.enqueue(topic: "sticky", value: ByteBuffer(string: "\(index)")))
            }
            await producer.flush()
            let partitions = try await Set(deliveries.asyncMap { try await $0.metadata().partition })
            #expect(partitions.count == 1)
            await producer.close()
        }
    }

    @Test(arguments: [CompressionCodec.none, .gzip, .snappy, .lz4, .zstd])
    func compressedBatchesRoundTrip(_ codec: CompressionCodec) async throws {
        try await withBroker { broker in
            let producer = broker.producer { $0.compression = codec }
            let headers = [RecordHeader(key: "h", value: ByteBuffer(string: "x")), RecordHeader(key: "null", value: nil)]
            for index in 0..<500 {
                _ = try await producer.enqueue(
                    topic: "compressed",
                    key: index % 10 == 0 ? nil : ByteBuffer(string: "key-\(index)"),
                    value: ByteBuffer(string: String(repeating: "payload \(index) ", count: 10)),
                    headers: headers
                )
            }
            await producer.flush()
            await producer.close()
            let consumer = broker.consumer()
            try await consumer.assign([TopicPartition("compressed", 0)])
            let records = try await pollRecords(consumer, count: 500)
            #expect(records.count == 500)
            #expect(records.map(\.offset) == (0..<500).map(Int64.init))
            for (index, record) in records.enumerated() {
                #expect(String(buffer: record.value!) == String(repeating: "payload \(index) ", count: 10))
                #expect(record.key.map { String(buffer: $0) } == (index % 10 == 0 ? nil : "key-\(index)"))
                #expect(record.headers == headers)
            }
            await consumer.close()
        }
    }

    @Test func acksZeroAndOneDeliver() async throws {
        try await withBroker { broker in
            let fireAndForget = broker.producer { $0.acks = .none }
            let unknown = try await fireAndForget.send(topic: "acks", value: ByteBuffer(string: "zero"))
            #expect(unknown.offset == -1)
            await fireAndForget.close()
            let leader = broker.producer { $0.acks = .leader }
            let known = try await leader.send(topic: "acks", value: ByteBuffer(string: "one"))
            #expect(known.offset == 1)
            await leader.close()
        }
    }

    @Test func oversizedRecordsAndBadPartitionsFail() async throws {
        try await withBroker { broker in
            let producer = broker.producer { $0.maxRequestSize = 1000 }
            await #expect(throws: KafkaClientError.self) {
                try await producer.send(topic: "limits", value: ByteBuffer(repeating: 0, count: 5000))
            }
            do throws(KafkaClientError) {
                try await producer.send(topic: "limits", partition: 3, value: ByteBuffer(string: "x"))
                Issue.record("partition 3 of a 1-partition topic was accepted")
            } catch {
                #expect(error.errorCode == .unknownTopicOrPartition)
            }
            await producer.close()
            await #expect(throws: KafkaClientError.self) {
                try await producer.send(topic: "limits", value: ByteBuffer(string: "late"))
            }
        }
    }
}

extension Sequence where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
