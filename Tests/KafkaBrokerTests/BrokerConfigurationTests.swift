import KafkaBroker
import LogStorage
import Testing

@Suite struct BrokerConfigurationTests {
    @Test func kafkaBrokerKeysAreParsed() throws {
        var configuration = BrokerConfiguration()
        let unknown = try configuration.apply([
            "listeners": "PLAINTEXT://127.0.0.1:19092", "advertised.listeners": "PLAINTEXT://localhost:29092",
            "log.dirs": "/tmp/a,/tmp/b", "num.partitions": "6", "auto.create.topics.enable": "false",
            "default.replication.factor": "1", "log.retention.hours": "1", "log.retention.minutes": "30",
            "log.segment.bytes": "1048576", "log.cleanup.policy": "compact", "message.max.bytes": "2000000",
            "some.future.key": "x",
        ])
        #expect(configuration.host == "127.0.0.1" && configuration.port == 19092)
        #expect(configuration.effectiveAdvertisedHost == "localhost" && configuration.effectiveAdvertisedPort == 29092)
        #expect(configuration.logDirectory == "/tmp/a")
        #expect(configuration.numPartitions == 6)
        #expect(!configuration.autoCreateTopics)
        #expect(configuration.topicDefaults.retentionMs == 30 * 60_000, "minutes win over hours, as in Kafka")
        #expect(configuration.topicDefaults.segmentBytes == 1_048_576)
        #expect(configuration.topicDefaults.cleanupPolicy == .compact)
        #expect(configuration.topicDefaults.maxMessageBytes == 2_000_000)
        #expect(unknown == ["some.future.key"])
    }

    @Test func badValuesAreRejectedWithTheKeyNamed() {
        for (key, value) in [
            ("listeners", "SSL://127.0.0.1:9093"), ("listeners", "127.0.0.1"), ("num.partitions", "0"),
            ("default.replication.factor", "3"), ("auto.create.topics.enable", "yes"), ("log.segment.bytes", "big"),
        ] {
            var configuration = BrokerConfiguration()
            do {
                try configuration.apply([key: value])
                Issue.record("\(key)=\(value) was accepted")
            } catch {
                #expect(error.description.contains(key) || error.description.contains("segment.bytes"), "\(error)")
            }
        }
    }
}
