import KafkaTestSupport
import ConnectAPI
import ConnectRuntime
import Foundation
import KafkaClient
import KafkaRecords
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(5)), .serialized) struct HerderTests {
    @Test func sourceRecordsReachTheTopicAndOffsetsSurviveARestart() async throws {
        try await withBroker { broker in
            let herder = try makeHerder(broker)
            try await herder.start()
            let config = ["connector.class": "test.SequenceSourceConnector", "topic": "seq-a", "count": "500"]
            let (created, info) = try await herder.putConnectorConfig(
                name: "seq-a", config: config, allowReplace: false, initialState: nil)
            #expect(created)
            #expect(info.tasks == [ConnectorTaskId(connector: "seq-a", task: 0)])
            #expect(info.type == .source)
            let values = try await topicValues(broker, "seq-a", expect: 500)
            #expect(values == (0..<500).map(String.init))
            try await eventually("offset 499 committed") {
                try await herder.connectorOffsets("seq-a").offsets.first?.offset?["n"] == .int(499)
            }
            #expect(try await herder.connectorStatus("seq-a").tasks.map(\.state) == ["RUNNING"])
            #expect(try await herder.connectorTopics("seq-a") == ["seq-a"])
            await herder.shutdown()

            let again = try makeHerder(broker)
            try await again.start()
            #expect(await again.connectorNames() == ["seq-a"])
            #expect(try await again.connectorConfig("seq-a")["count"] == "500")
            try await eventually("the task resumed") {
                TestRegistry.observations(for: "seq-a").resumedFrom.count == 2
            }
            #expect(TestRegistry.observations(for: "seq-a").resumedFrom == [nil, 499])
            #expect(try await again.connectorStatus("seq-a").connector.state == "RUNNING")
            try await Task.sleep(for: .milliseconds(300))
            let after = try await topicValues(broker, "seq-a", expect: 501, timeout: .seconds(2))
            #expect(after.count == 500, "a resumed source writes nothing twice")
            await again.shutdown()
        }
    }

    @Test func targetStatesAndOffsetsFollowRestAndRestarts() async throws {
        try await withBroker { broker in
            let herder = try makeHerder(broker)
            try await herder.start()
            let config = ["connector.class": "SequenceSource", "topic": "seq-b", "count": "50"]
            _ = try await herder.putConnectorConfig(name: "seq-b", config: config, allowReplace: false, initialState: .paused)
            #expect(try await herder.connectorStatus("seq-b").connector.state == "PAUSED")
            #expect(try await herder.connectorStatus("seq-b").tasks.map(\.state) == ["PAUSED"])
            await herder.shutdown()

            let second = try makeHerder(broker)
            try await second.start()
            #expect(try await second.connectorStatus("seq-b").connector.state == "PAUSED", "the target state survives")
            await #expect(throws: HerderError.self) {
                try await second.alterConnectorOffsets("seq-b", offsets: ConnectorOffsets(offsets: []))
            }
            try await second.setTargetState("seq-b", .stopped)
            let stopped = try await second.connectorStatus("seq-b")
            #expect(stopped.connector.state == "STOPPED" && stopped.tasks.isEmpty)
            let message = try await second.alterConnectorOffsets(
                "seq-b",
                offsets: ConnectorOffsets(offsets: [.init(partition: ["seq": "seq-b"], offset: ["n": 9])]))
            #expect(message.contains("altered successfully"))
            #expect(try await second.connectorOffsets("seq-b").offsets.first?.offset == ["n": 9])
            try await second.setTargetState("seq-b", .started)
            try await eventually("the task resumed after 9") {
                TestRegistry.observations(for: "seq-b").resumedFrom.last == 9
            }
            let values = try await topicValues(broker, "seq-b", expect: 40)
            #expect(values == (10..<50).map(String.init))
            try await eventually("offset 49") {
                try await second.connectorOffsets("seq-b").offsets.first?.offset == ["n": 49]
            }
            try await second.deleteConnector("seq-b", deleteOffsets: true)
            await #expect(throws: HerderError.notFound("No status found for connector seq-b")) {
                try await second.connectorStatus("seq-b")
            }
            await second.shutdown()

            let third = try makeHerder(broker)
            try await third.start()
            #expect(await third.connectorNames().isEmpty, "a deleted connector stays deleted")
            _ = try await third.putConnectorConfig(name: "seq-b", config: config, allowReplace: false, initialState: .stopped)
            #expect(try await third.connectorOffsets("seq-b").offsets.isEmpty, "offsets=delete forgot the offsets")
            await third.shutdown()
        }
    }

    @Test func invalidConfigsAreRefusedWithKafkaConnectsMessages() async throws {
        try await withBroker { broker in
            let herder = try makeHerder(broker)
            try await herder.start()
            await #expect(throws: HerderError.badRequest("Connector config {name=x, tasks.max=1} contains no connector type")) {
                _ = try await herder.putConnectorConfig(
                    name: "x", config: ["tasks.max": "1"], allowReplace: false, initialState: nil)
            }
            do {
                _ = try await herder.putConnectorConfig(
                    name: "x", config: ["connector.class": "com.example.Nope"], allowReplace: false, initialState: nil)
                Issue.record("an unknown class was accepted")
            } catch let error as HerderError {
                #expect(error.statusCode == 400)
                #expect(error.message.hasPrefix("Failed to find any class that implements Connector and which name matches com.example.Nope"))
            }
            do {
                _ = try await herder.putConnectorConfig(
                    name: "x", config: ["connector.class": "test.SequenceSourceConnector", "tasks.max": "abc"],
                    allowReplace: false, initialState: nil)
                Issue.record("an invalid config was accepted")
            } catch let error as HerderError {
                #expect(error.statusCode == 400)
                #expect(error.message.hasPrefix("Connector configuration is invalid and contains the following"))
                #expect(error.message.contains("tasks.max"))
                #expect(error.message.contains("topic"), "the connector's own required key is reported too")
            }
            let valid = ["connector.class": "test.SequenceSourceConnector", "topic": "t", "password": "s3cret", "count": "0"]
            _ = try await herder.putConnectorConfig(name: "x", config: valid, allowReplace: false, initialState: nil)
            await #expect(throws: HerderError.conflict("Connector x already exists")) {
                _ = try await herder.putConnectorConfig(name: "x", config: valid, allowReplace: false, initialState: nil)
            }
            #expect(try await herder.connectorConfig("x")["password"] == "[hidden]")
            #expect(try await herder.connectorInfo("x").config["password"] == "[hidden]")
            let infos = try await herder.validate(plugin: "SequenceSource", config: valid.merging(["name": "x"]) { a, _ in a })
            #expect(infos.errorCount == 0)
            #expect(infos.groups.contains("Common"))
            await herder.shutdown()
        }
    }

    @Test func aFailingTaskRestartsWithGrowingBackoff() async throws {
        try await withBroker { broker in
            let herder = try makeHerder(broker)
            try await herder.start()
            let config = ["connector.class": "test.SequenceSourceConnector", "topic": "seq-c", "count": "10", "fail.starts": "2"]
            _ = try await herder.putConnectorConfig(name: "seq-c", config: config, allowReplace: false, initialState: nil)
            try await eventually("a FAILED status with a trace") {
                let task = try await herder.taskStatus(ConnectorTaskId(connector: "seq-c", task: 0))
                return task.state == "FAILED" && task.trace?.contains("fails on purpose") == true
            }
            try await eventually("RUNNING after two restarts") {
                try await herder.taskStatus(ConnectorTaskId(connector: "seq-c", task: 0)).state == "RUNNING"
                    && TestRegistry.observations(for: "seq-c").sourceStarts.count == 3
            }
            let starts = TestRegistry.observations(for: "seq-c").sourceStarts
            let first = starts[1] - starts[0]
            let second = starts[2] - starts[1]
            #expect(first >= .milliseconds(300), "the first restart waits the initial backoff")
            #expect(second >= .milliseconds(600), "the second waits twice as long")
            #expect(try await topicValues(broker, "seq-c", expect: 10) == (0..<10).map(String.init))
            let metrics = await herder.metrics()
            #expect(metrics.tasks.first?.restarts == 2)
            await herder.shutdown()
        }
    }

    @Test func sinkRecordsThatFailConversionGoToTheDeadLetterQueue() async throws {
        try await withBroker { broker in
            let producer = broker.producer()
            for value in ["\"ok-1\"", "{bad json", "\"ok-2\""] {
                try await producer.send(topic: "in", value: ByteBuffer(string: value))
            }
            await producer.close()
            let herder = try makeHerder(broker)
            try await herder.start()
            let config = [
                "connector.class": "test.CollectingSinkConnector", "topics": "in",
                "value.converter": "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable": "false",
                "errors.tolerance": "all", "errors.deadletterqueue.topic.name": "dlq",
                "errors.deadletterqueue.context.headers.enable": "true",
            ]
            _ = try await herder.putConnectorConfig(name: "sink-d", config: config, allowReplace: false, initialState: nil)
            try await eventually("two good records in the sink") {
                TestRegistry.observations(for: "sink-d").sinkValues == ["ok-1", "ok-2"]
            }
            let consumer = broker.consumer()
            try await consumer.assign([TopicPartition("dlq", 0)])
            let dead = try await pollRecords(consumer, count: 1)
            await consumer.close()
            #expect(dead.count == 1)
            #expect(dead.first.flatMap { $0.value.map { String(buffer: $0) } } == "{bad json")
            let headers = Dictionary(
                (dead.first?.headers ?? []).map { ($0.key, $0.value.map { String(buffer: $0) } ?? "") },
                uniquingKeysWith: { a, _ in a })
            #expect(headers["__connect.errors.stage"] == "VALUE_CONVERTER")
            #expect(headers["__connect.errors.topic"] == "in")
            #expect(headers["__connect.errors.offset"] == "1")
            #expect(headers["__connect.errors.connector.name"] == "sink-d")
            #expect(headers["__connect.errors.exception.class.name"] == "org.apache.kafka.connect.errors.DataException")
            try await eventually("sink offsets committed") {
                try await herder.setTargetState("sink-d", .stopped)
                return try await herder.connectorOffsets("sink-d").offsets.first?.offset == ["kafka_offset": 3]
            }
            await herder.shutdown()
        }
    }

    @Test func sourceRecordsThatFailATransformGoToTheDeadLetterQueueToo() async throws {
        try await withBroker { broker in
            let herder = try makeHerder(broker)
            try await herder.start()
            let config = [
                "connector.class": "test.SequenceSourceConnector", "topic": "seq-e", "count": "5",
                "transforms": "extract", "transforms.extract.type": "org.apache.kafka.connect.transforms.ExtractField$Value",
                "transforms.extract.field": "missing",
                "errors.tolerance": "all", "errors.deadletterqueue.topic.name": "seq-e-dlq",
                "errors.deadletterqueue.context.headers.enable": "true",
            ]
            _ = try await herder.putConnectorConfig(name: "seq-e", config: config, allowReplace: false, initialState: nil)
            let consumer = broker.consumer()
            try await consumer.assign([TopicPartition("seq-e-dlq", 0)])
            let dead = try await pollRecords(consumer, count: 5)
            await consumer.close()
            #expect(dead.map { $0.value.map { String(buffer: $0) } ?? "" } == (0..<5).map(String.init))
            let stages = dead.map { record in
                record.headers.first { $0.key == "__connect.errors.stage" }?.value.map { String(buffer: $0) }
            }
            #expect(stages == Array(repeating: "TRANSFORMATION", count: 5))
            try await eventually("the skipped records' offsets are committed") {
                try await herder.connectorOffsets("seq-e").offsets.first?.offset == ["n": 4]
            }
            let metrics = await herder.metrics()
            #expect(metrics.tasks.first?.deadLetterQueueRecords == 5)
            #expect(metrics.tasks.first?.recordsSkipped == 5)
            await herder.shutdown()
        }
    }
}
