@testable import ConnectREST
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import HTTPTypes
import Testing

@Suite struct LiveServerTests {
    /// Runs the real server on port 0 in a ServiceGroup, learns the port, and talks HTTP/1.1 over TCP.
    @Test func servesOnAnEphemeralPortInsideAServiceGroup() async throws {
        let logger = Logger(label: "connect-rest-live-test")
        let server = ConnectRESTServer(herder: InMemoryHerder(), configuration: .init(port: 0), logger: logger)
        let group = ServiceGroup(services: [server], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try await server.waitUntilListening()
            #expect(port > 0)
            let reply = try await Self.get("/", port: port)
            #expect(reply.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(reply.hasSuffix(#"{"version":"4.3.0","commit":"a9ce3221537b8653","kafka_cluster_id":"example-cluster"}"#))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        await #expect(throws: ConnectRESTServerStopped.self) { try await server.waitUntilListening() }
    }

    @Test func bindFailureReachesTheWaiter() async throws {
        let logger = Logger(label: "connect-rest-live-test")
        let first = ConnectRESTServer(herder: InMemoryHerder(), configuration: .init(port: 0), logger: logger)
        let group = ServiceGroup(services: [first], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try await first.waitUntilListening()
            let second = ConnectRESTServer(herder: InMemoryHerder(), configuration: .init(port: port), logger: logger)
            // SO_REUSEADDR does not allow two listeners on one port, so the second run fails.
            await #expect(throws: (any Error).self) { try await second.run() }
            await #expect(throws: (any Error).self) { try await second.waitUntilListening() }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    private static func get(_ path: String, port: Int) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
            var received = ByteBuffer()
            for try await var chunk in inbound { received.writeBuffer(&chunk) }
            return String(buffer: received)
        }
    }
}
