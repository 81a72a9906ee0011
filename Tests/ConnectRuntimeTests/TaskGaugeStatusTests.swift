import ConnectAPI
import ConnectRuntime
import KafkaTestSupport
import Testing

@Suite(.timeLimit(.minutes(5)), .serialized) struct TaskGaugeStatusTests {
    @Test func aSourceTasksGaugesShowInItsStatusAndMetrics() async throws {
        try await withBroker { broker in
            let herder = try makeHerder(broker)
            try await herder.start()
            let config = ["connector.class": "test.SequenceSourceConnector", "topic": "seq-gauge", "count": "300"]
            _ = try await herder.putConnectorConfig(name: "seq-gauge", config: config, allowReplace: false, initialState: nil)
            let expected = TaskGauge(name: "records_made", labels: ["kind": "sequence"], value: 300)
            try await eventually("the gauge reached 300") {
                try await herder.connectorStatus("seq-gauge").tasks.first?.gauges == [expected]
            }
            let task = try await herder.taskStatus(ConnectorTaskId(connector: "seq-gauge", task: 0))
            #expect(task.gauges == [expected])
            let metrics = await herder.metrics()
            #expect(metrics.tasks.first { $0.id.connector == "seq-gauge" }?.gauges == [expected])
            await herder.shutdown()
        }
    }
}
