import ConnectAPI
import ConnectRuntime
import KafkaTestSupport
import Testing

/// The sink runner converts the next records while `put` runs: what the task asked for during `put` (a seek) and
/// a retriable `put` failure must still give the same deliveries as one poll → convert → put at a time.
@Suite(.timeLimit(.minutes(5)), .serialized) struct SinkOverlapTests {
    private static let count = 3000

    /// Fills topic `topic` with "0" … "2999" through the sequence source, then stops that source.
    private func fill(_ herder: StandaloneHerder, topic: String) async throws {
        _ = try await herder.putConnectorConfig(
            name: "\(topic)-source",
            config: ["connector.class": "test.SequenceSourceConnector", "topic": topic, "count": "\(Self.count)"],
            allowReplace: false, initialState: nil)
        try await eventually(timeout: .seconds(60), "the source wrote every record") {
            let offsets = try await herder.connectorOffsets("\(topic)-source").offsets
            return offsets.first?.offset?["n"]?.intValue == Int64(Self.count - 1)
        }
    }

    private func sinkConfig(_ topic: String, _ extra: [String: String]) -> [String: String] {
        var config = [
            "connector.class": "test.SeekingSinkConnector", "topics": topic, "put.delay.ms": "5",
            "consumer.override.max.poll.records": "100",
        ]
        for (key, value) in extra { config[key] = value }
        return config
    }

    @Test func aSeekAskedForDuringPutDropsTheRecordsFetchedAhead() async throws {
        try await withBroker { broker in
            let herder = try makeHerder(broker)
            try await herder.start()
            try await fill(herder, topic: "ov-seek")
            _ = try await herder.putConnectorConfig(
                name: "ov-seek-sink", config: sinkConfig("ov-seek", ["seek.at": "1500", "seek.to": "200"]),
                allowReplace: false, initialState: nil)
            let observations = TestRegistry.observations(for: "ov-seek-sink")
            let expectedCount = { (observations.resumedFrom.first ?? nil).map { Int($0) + 1 + (Self.count - 200) } }
            try await eventually(timeout: .seconds(120), "the sink delivered up to the end after the seek") {
                guard let total = expectedCount() else { return false }
                return observations.sinkValues.count >= total
            }
            let last = try #require(observations.resumedFrom.first ?? nil)
            let expected = (0...Int(last)).map(String.init) + (200..<Self.count).map(String.init)
            #expect(observations.sinkValues == expected)
            await herder.shutdown()
        }
    }

    @Test func aRetriablePutFailureRedeliversTheBatchAndNothingIsLostOrRepeated() async throws {
        try await withBroker { broker in
            let herder = try makeHerder(broker)
            try await herder.start()
            try await fill(herder, topic: "ov-retry")
            _ = try await herder.putConnectorConfig(
                name: "ov-retry-sink", config: sinkConfig("ov-retry", ["retriable.at": "1234"]),
                allowReplace: false, initialState: nil)
            let observations = TestRegistry.observations(for: "ov-retry-sink")
            try await eventually(timeout: .seconds(120), "the sink delivered every record") {
                observations.sinkValues.count >= Self.count
            }
            try await Task.sleep(for: .milliseconds(500))
            #expect(observations.sinkValues == (0..<Self.count).map(String.init))
            await herder.shutdown()
        }
    }
}
