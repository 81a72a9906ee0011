import KafkaTestSupport
import ConnectAPI
import ConnectRuntime
import KafkaClient
import Logging
import NIOCore

/// A herder on the test broker with quick flushes and restarts.
func makeHerder(_ broker: TestBroker, _ extra: [String: String] = [:]) throws -> StandaloneHerder {
    var properties = [
        "offset.flush.interval.ms": "200",
        "tributary.restart.backoff.initial.ms": "300",
        "tributary.restart.backoff.max.ms": "5000",
        "offset.storage.partitions": "3",
        "status.storage.partitions": "1",
        "key.converter": "org.apache.kafka.connect.storage.StringConverter",
        "value.converter": "org.apache.kafka.connect.storage.StringConverter",
        "listeners": "http://127.0.0.1:18083",
    ]
    for (key, value) in extra { properties[key] = value }
    return StandaloneHerder(
        config: try WorkerConfig(properties: properties),
        client: broker.clientConfiguration(),
        plugins: PluginRegistry(connectors: testPlugins),
        version: "test",
        logger: testLogger("herder")
    )
}

/// Waits until `condition` holds, checking every 50 ms, at most `timeout`.
func eventually(
    timeout: Duration = .seconds(20),
    _ message: String = "condition",
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw TimeoutError(message: message)
}

struct TimeoutError: Error, CustomStringConvertible {
    let message: String
    var description: String { "timed out waiting for \(message)" }
}

/// Every value in a topic's partition 0, read from the beginning.
func topicValues(
    _ broker: TestBroker, _ topic: String, expect count: Int, timeout: Duration = .seconds(20)
) async throws -> [String] {
    let consumer = broker.consumer()
    try await consumer.assign([TopicPartition(topic, 0)])
    let records = try await pollRecords(consumer, count: count, timeout: timeout)
    await consumer.close()
    return records.map { $0.value.map { String(buffer: $0) } ?? "null" }
}
