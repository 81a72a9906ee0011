import ConnectAPI
import ConnectRuntime
import KafkaTestSupport
import Testing

@Suite(.timeLimit(.minutes(5)), .serialized) struct SinkTopicsRegexTests {
    @Test func aTopicCreatedAfterTheSinkStartedJoinsItsRegexSubscription() async throws {
        try await withBroker { broker in
            let herder = try makeHerder(broker)
            try await herder.start()
            _ = try await herder.putConnectorConfig(
                name: "rx-sink", config: ["connector.class": "test.CollectingSinkConnector", "topics.regex": "rx\\..*"],
                allowReplace: false, initialState: nil)
            try await eventually("the sink task runs") {
                try await herder.connectorStatus("rx-sink").tasks.map(\.state) == ["RUNNING"]
            }
            // The topic does not exist until this source writes to it.
            _ = try await herder.putConnectorConfig(
                name: "rx-source", config: ["connector.class": "test.SequenceSourceConnector", "topic": "rx.late", "count": "20"],
                allowReplace: false, initialState: nil)
            try await eventually(timeout: .seconds(60), "the sink received the late topic records") {
                TestRegistry.observations(for: "rx-sink").sinkValues.count >= 20
            }
            #expect(Set(TestRegistry.observations(for: "rx-sink").sinkValues) == Set((0..<20).map(String.init)))
            await herder.shutdown()
        }
    }
}
