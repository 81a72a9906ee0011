import KafkaTestSupport
import KafkaProtocol
import NIOCore
import Synchronization
import Testing

@testable import KafkaClient

/// Stands in for the embedded broker's router: hands each frame over one TCP connection to the test broker and
/// returns the answer as a deferred reply, as the router does for requests it answers later.
final class ForwardingHandler: Sendable {
    private let broker: TestBroker
    private let connection = Mutex<(any KafkaTransport)?>(nil)
    private let handled = Mutex(0)

    init(broker: TestBroker) {
        self.broker = broker
    }

    var requestCount: Int { handled.withLock { $0 } }

    func handle(_ frame: ByteBuffer) async -> InProcessTransportFactory.Reply {
        handled.withLock { $0 += 1 }
        let transport: any KafkaTransport
        if let open = connection.withLock({ $0 }) {
            transport = open
        } else {
            do {
                transport = try await TCPTransportFactory().connect(
                    to: BrokerAddress(host: "127.0.0.1", port: broker.port),
                    options: KafkaTransportOptions()
                )
            } catch {
                return .close("cannot reach the broker: \(error)")
            }
            connection.withLock { $0 = transport }
        }
        let apiKey = frame.getInteger(at: frame.readerIndex, as: Int16.self)
        let acks = apiKey == ApiKey.produce.rawValue ? Self.produceAcks(frame) : nil
        if acks == 0 {
            transport.send(frame, response: nil)
            return .none
        }
        let answer = KafkaResponsePromise()
        transport.send(frame, response: answer)
        return .deferred {
            (try? await answer.wait()) ?? ByteBuffer()
        }
    }

    /// The acks of a Produce request frame (after the header: transactional id, then acks).
    private static func produceAcks(_ frame: ByteBuffer) -> Int16? {
        var buffer = frame
        guard (try? RequestHeader.read(from: &buffer)) != nil else { return nil }
        let version = frame.getInteger(at: frame.readerIndex + 2, as: Int16.self) ?? 0
        if version >= 9 { try? RequestHeader.skipFlexibleTags(from: &buffer) }
        var reader = WireReader(buffer, flexible: version >= 9)
        _ = try? reader.readNullableString("TransactionalId")
        return try? reader.readInt16("Acks")
    }

    func close() async {
        await connection.withLock { $0 }?.close()
    }
}

@Suite(.timeLimit(.minutes(5))) struct InProcessTransportTests {
    /// The clients behave the same when their requests go through an in-process transport.
    @Test func clientsWorkOverAnInProcessTransport() async throws {
        try await withBroker { broker in
            let handler = ForwardingHandler(broker: broker)
            let factory = InProcessTransportFactory { frame, _ in await handler.handle(frame) }
            let producer = broker.producer { $0.client.transportFactory = factory }
            var deliveries: [PendingDelivery] = []
            for index in 0..<1000 {
                deliveries.append(try await producer.enqueue(topic: "local", value: ByteBuffer(string: "\(index)")))
            }
            await producer.flush()
            for (index, delivery) in deliveries.enumerated() {
                #expect(try await delivery.metadata().offset == Int64(index))
            }
            let fireAndForget = broker.producer {
                $0.client.transportFactory = factory
                $0.acks = .none
            }
            #expect(try await fireAndForget.send(topic: "local", value: ByteBuffer(string: "1000")).offset == -1)
            await fireAndForget.close()
            await producer.close()

            let consumer = broker.consumer(group: "local-group") { $0.client.transportFactory = factory }
            let partition = TopicPartition("local", 0)
            try await consumer.assign([partition])
            let records = try await pollRecords(consumer, count: 1001)
            #expect(records.map { String(buffer: $0.value!) } == (0...1000).map(String.init))
            try await consumer.commit()
            #expect(try await consumer.committed([partition])[partition]?.offset == 1001)
            await consumer.close()
            #expect(handler.requestCount > 10)
            await handler.close()
        }
    }

    @Test func aClosedInProcessTransportFailsRequests() async throws {
        let factory = InProcessTransportFactory { _, _ in .close("refused") }
        let transport = try await factory.connect(
            to: BrokerAddress(host: "embedded", port: 9092),
            options: KafkaTransportOptions()
        )
        let first = KafkaResponsePromise()
        transport.send(ByteBuffer(bytes: [0, 18, 0, 3, 0, 0, 0, 1, 255, 255]), response: first)
        await #expect(throws: KafkaClientError.self) { try await first.wait() }
        #expect(!transport.isActive)
        let second = KafkaResponsePromise()
        transport.send(ByteBuffer(bytes: [0, 18, 0, 3, 0, 0, 0, 2, 255, 255]), response: second)
        await #expect(throws: KafkaClientError.self) { try await second.wait() }
        await transport.close()
    }
}
