import KafkaTestSupport
import KafkaBroker
import KafkaClient
import NIOCore
import Testing

/// A broker bound to port 0 advertises the port it really listens on, so clients can reach the leader.
@Suite struct PortZeroTests {
    @Test func brokerOnPortZeroAdvertisesItsBoundPort() async throws {
        let broker = try await TestBroker.start { $0.port = 0 }
        let producer = broker.producer()
        let metadata = try await producer.send(
            topic: "port-zero", partition: 0, key: nil, value: ByteBuffer(string: "hello"), headers: [], timestamp: nil)
        #expect(metadata.offset == 0)
        try await producer.close()
        await broker.stop()
    }
}
