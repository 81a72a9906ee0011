import KafkaTestSupport
import KafkaClient
import KafkaProtocol
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(5))) struct ConsumerTests {
    private func produce(_ broker: TestBroker, topic: String, count: Int, partition: Int32? = nil) async throws {
        let producer = broker.producer()
        for index in 0..<count {
            _ = try await producer.enqueue(
                topic: topic,
                partition: partition,
                key: ByteBuffer(string: "key-\(index)"),
                value: ByteBuffer(string: "value-\(index)")
            )
        }
        await producer.close()
    }

    @Test func pollWaitsAndReturnsNothingOnAnEmptyTopic() async throws {
        try await withBroker { broker in
            let admin = broker.admin()
            try await admin.createTopic(NewTopic(name: "empty", numPartitions: 1))
            let consumer = broker.consumer()
            try await consumer.assign([TopicPartition("empty", 0)])
            let started = ContinuousClock.now
            let records = try await consumer.poll(timeout: .milliseconds(400))
            #expect(records.isEmpty)
            #expect(started.duration(to: .now) >= .milliseconds(350))
            await consumer.close()
            await admin.close()
        }
    }

    @Test func seekStartsMidBatchAndLatestSkipsOldRecords() async throws {
        try await withBroker { broker in
            try await produce(broker, topic: "seek", count: 50)
            let consumer = broker.consumer()
            let partition = TopicPartition("seek", 0)
            try await consumer.assign([partition])
            try await consumer.seek(partition, to: 17)
            let records = try await pollRecords(consumer, count: 33)
            #expect(records.map(\.offset) == Array(17..<50))
            #expect(try await consumer.position(partition) == 50)
            try await consumer.seekToBeginning()
            #expect(try await consumer.position(partition) == 0)
            try await consumer.seekToEnd([partition])
            #expect(try await consumer.position(partition) == 50)
            #expect(try await consumer.endOffsets([partition]) == [partition: 50])
            #expect(try await consumer.beginningOffsets([partition]) == [partition: 0])
            await consumer.close()

            let latest = broker.consumer { $0.autoOffsetReset = .latest }
            try await latest.assign([partition])
            #expect(try await latest.position(partition) == 50)
            await latest.close()
        }
    }

    @Test func outOfRangeOffsetsResetOrFail() async throws {
        try await withBroker { broker in
            try await produce(broker, topic: "range", count: 10)
            let partition = TopicPartition("range", 0)
            let resetting = broker.consumer()
            try await resetting.assign([partition])
            try await resetting.seek(partition, to: 1000)
            let records = try await pollRecords(resetting, count: 10)
            #expect(records.map(\.offset) == Array(0..<10))
            await resetting.close()

            let strict = broker.consumer { $0.autoOffsetReset = .none }
            try await strict.assign([partition])
            try await strict.seek(partition, to: 1000)
            do throws(KafkaClientError) {
                _ = try await strict.poll(timeout: .seconds(2))
                Issue.record("an out-of-range offset did not fail with auto.offset.reset=none")
            } catch {
                #expect(error.code == .noOffset)
                #expect(error.errorCode == .offsetOutOfRange)
            }
            await strict.close()
        }
    }

    @Test func maxPollRecordsBoundsEachPoll() async throws {
        try await withBroker { broker in
            try await produce(broker, topic: "bounded", count: 100)
            let consumer = broker.consumer { $0.maxPollRecords = 30 }
            try await consumer.assign([TopicPartition("bounded", 0)])
            var sizes: [Int] = []
            var total = 0
            while total < 100 {
                let records = try await consumer.poll(timeout: .seconds(5))
                try #require(!records.isEmpty)
                sizes.append(records.count)
                total += records.count
            }
            #expect(sizes.allSatisfy { $0 <= 30 })
            #expect(total == 100)
            await consumer.close()
        }
    }

    @Test func commitAndCommittedRoundTrip() async throws {
        try await withBroker { broker in
            try await produce(broker, topic: "commits", count: 20)
            let partition = TopicPartition("commits", 0)
            let consumer = broker.consumer(group: "committers") { $0.enableAutoCommit = false }
            try await consumer.assign([partition])
            #expect(try await consumer.committed([partition]).isEmpty)
            try await consumer.commit([partition: OffsetAndMetadata(12, metadata: "checkpoint")])
            let committed = try await consumer.committed([partition])
            #expect(committed[partition]?.offset == 12)
            #expect(committed[partition]?.metadata == "checkpoint")
            await consumer.close()

            // A new member of the group starts from the committed offset.
            let next = broker.consumer(group: "committers") { $0.enableAutoCommit = false }
            try await next.subscribe(topics: ["commits"])
            let records = try await pollRecords(next, count: 8)
            #expect(records.map(\.offset) == Array(12..<20))
            try await next.commit()
            #expect(try await next.committed([partition])[partition]?.offset == 20)
            await next.close()
        }
    }

    @Test func autoCommitStoresPositionsOnClose() async throws {
        try await withBroker { broker in
            try await produce(broker, topic: "auto", count: 5)
            let partition = TopicPartition("auto", 0)
            let consumer = broker.consumer(group: "auto-group")
            try await consumer.subscribe(topics: ["auto"])
            #expect(try await pollRecords(consumer, count: 5).count == 5)
            await consumer.close()
            let checker = broker.consumer(group: "auto-group")
            #expect(try await checker.committed([partition])[partition]?.offset == 5)
            await checker.close()
        }
    }

    @Test func commitWithoutGroupIsRejected() async throws {
        try await withBroker { broker in
            let consumer = broker.consumer()
            await #expect(throws: KafkaClientError.self) {
                try await consumer.commit([TopicPartition("x", 0): OffsetAndMetadata(1)])
            }
            await #expect(throws: KafkaClientError.self) { try await consumer.subscribe(topics: ["x"]) }
            await consumer.close()
        }
    }
}
