import KafkaTestSupport
import KafkaProtocol
import NIOCore
import Synchronization
import Testing

@testable import KafkaClient

/// Opens TCP transports of which the first `drops` break right after a Produce request: the broker handles that
/// request (and any sent after it on the connection), but the client never sees the answers, as when a connection
/// fails after the broker appended the records.
final class LosingProduceResponses: KafkaTransportFactory {
    private let remaining: Mutex<Int>
    private let requests = Mutex<[Int16: Int]>([:])

    init(drops: Int) {
        remaining = Mutex(drops)
    }

    /// Requests sent so far, by API key.
    var requestCounts: [Int16: Int] { requests.withLock { $0 } }

    func connect(to address: BrokerAddress, options: KafkaTransportOptions) async throws -> any KafkaTransport {
        let inner = try await TCPTransportFactory().connect(to: address, options: options)
        return Transport(inner: inner, factory: self)
    }

    /// Counts the request; true when the connection should break once the broker answered it.
    fileprivate func shouldBreak(after frame: ByteBuffer) -> Bool {
        let key = frame.getInteger(at: frame.readerIndex, as: Int16.self) ?? -1
        requests.withLock { $0[key, default: 0] += 1 }
        guard key == ApiKey.produce.rawValue else { return false }
        return remaining.withLock { left in
            guard left > 0 else { return false }
            left -= 1
            return true
        }
    }

    private final class Transport: KafkaTransport {
        private struct State {
            var breaking = false
            var broken = false
            var doomed: [KafkaResponsePromise] = []
        }

        let inner: any KafkaTransport
        let factory: LosingProduceResponses
        private let state = Mutex(State())

        init(inner: any KafkaTransport, factory: LosingProduceResponses) {
            self.inner = inner
            self.factory = factory
        }

        var isActive: Bool { inner.isActive && !state.withLock { $0.broken } }

        func send(_ frame: ByteBuffer, response: KafkaResponsePromise?) {
            let breaking = factory.shouldBreak(after: frame)
            let (alreadyBroken, swallow) = state.withLock { state -> (Bool, Bool) in
                if state.broken { return (true, false) }
                if state.breaking || breaking {
                    if let response { state.doomed.append(response) }
                    let first = !state.breaking
                    state.breaking = true
                    return (false, first)
                }
                return (false, false)
            }
            if alreadyBroken {
                response?.fail(KafkaClientError(.connection, "injected: the connection is broken"))
                return
            }
            guard state.withLock({ $0.breaking }) else {
                inner.send(frame, response: response)
                return
            }
            let answer = KafkaResponsePromise()
            inner.send(frame, response: answer)
            guard swallow else { return }
            Task {
                // Once the broker has answered the request, the connection "fails": no answer gets through.
                _ = try? await answer.wait()
                let doomed = self.state.withLock { state -> [KafkaResponsePromise] in
                    state.broken = true
                    defer { state.doomed = [] }
                    return state.doomed
                }
                for promise in doomed { promise.fail(KafkaClientError(.connection, "injected: the response was lost")) }
                await self.inner.close()
            }
        }

        func close() async { await inner.close() }
    }
}

@Suite(.timeLimit(.minutes(5))) struct TransportTests {
    private func produceThrough(
        _ factory: LosingProduceResponses,
        broker: TestBroker,
        topic: String,
        idempotent: Bool
    ) async throws -> [RecordMetadata] {
        let producer = broker.producer {
            $0.client.transportFactory = factory
            $0.enableIdempotence = idempotent
            $0.batchSize = 1024
        }
        var deliveries: [PendingDelivery] = []
        for index in 0..<1000 {
            deliveries.append(
                try await producer.enqueue(topic: topic, partition: 0, value: ByteBuffer(string: "\(index)"))
            )
        }
        await producer.flush()
        var metadata: [RecordMetadata] = []
        for delivery in deliveries { metadata.append(try await delivery.metadata()) }
        await producer.close()
        return metadata
    }

    private func consumeAll(_ broker: TestBroker, topic: String) async throws -> [String] {
        let consumer = broker.consumer()
        let partition = TopicPartition(topic, 0)
        try await consumer.assign([partition])
        let end = try await consumer.endOffsets([partition])[partition] ?? 0
        let records = try await pollRecords(consumer, count: Int(end))
        await consumer.close()
        return records.map { String(buffer: $0.value!) }
    }

    /// Retried batches keep their sequence numbers, so the broker drops the copies it already has.
    @Test func idempotentRetriesAfterLostResponsesDoNotDuplicate() async throws {
        try await withBroker { broker in
            let factory = LosingProduceResponses(drops: 3)
            let metadata = try await produceThrough(factory, broker: broker, topic: "dedup", idempotent: true)
            #expect(metadata.map(\.offset) == (0..<1000).map(Int64.init))
            #expect(try await consumeAll(broker, topic: "dedup") == (0..<1000).map(String.init))
            #expect((factory.requestCounts[ApiKey.initProducerId.rawValue] ?? 0) == 1)
        }
    }

    /// The same failures without idempotence store some records twice: the test above would notice duplicates.
    @Test func plainRetriesAfterLostResponsesDuplicate() async throws {
        try await withBroker { broker in
            let factory = LosingProduceResponses(drops: 3)
            _ = try await produceThrough(factory, broker: broker, topic: "dups", idempotent: false)
            let values = try await consumeAll(broker, topic: "dups")
            #expect(values.count > 1000)
            #expect(Set(values).count == 1000)
        }
    }

    @Test func requestTimeoutsBreakTheConnectionAndAreRetriable() async throws {
        try await withBroker { broker in
            let admin = broker.admin()
            try await admin.createTopic(NewTopic(name: "slow", numPartitions: 1))
            await admin.close()
            // Connecting (ApiVersions) uses the default timeout, so a loaded machine cannot fail the setup; only
            // the fetch below gets 200 ms.
            let cluster = KafkaCluster(
                configuration: broker.clientConfiguration(), clientId: "t", logger: testLogger("cluster"))
            let connection = try await cluster.anyConnection()
            // A fetch that long-polls for 2 s cannot answer within 200 ms.
            let request = FetchRequest(
                maxWaitMs: 2000,
                minBytes: 1,
                topics: [.init(topic: "slow", partitions: [.init(partition: 0, fetchOffset: 0, partitionMaxBytes: 1000)])]
            )
            do throws(KafkaClientError) {
                _ = try await connection.send(request, as: FetchResponse.self, timeoutMs: 200)
                Issue.record("the fetch did not time out")
            } catch {
                #expect(error.code == .timeout)
                #expect(error.api == .fetch)
                #expect(error.isRetriable)
            }
            for _ in 0..<100 where connection.isActive { try await Task.sleep(for: .milliseconds(20)) }
            #expect(!connection.isActive)
            let again = try await cluster.anyConnection()
            #expect(again !== connection && again.isActive)
            await cluster.close()
        }
    }

    @Test func versionsAreNegotiatedFromApiVersions() async throws {
        try await withBroker { broker in
            let cluster = KafkaCluster(configuration: broker.clientConfiguration(), clientId: "t", logger: testLogger("c"))
            let connection = try await cluster.anyConnection()
            #expect(try connection.version(ProduceRequest.self, ProduceResponse.self) == 9)
            #expect(try connection.version(FetchRequest.self, FetchResponse.self) == 12)
            #expect(try connection.version(MetadataRequest.self, MetadataResponse.self) == 12)
            await cluster.close()
        }
    }
}
