import KafkaClient
import KafkaRecords
import Testing

@Suite struct ConfigurationTests {
    @Test func producerDefaultsAreKafkas() {
        let configuration = KafkaProducerConfiguration()
        #expect(configuration.acks == .all)
        #expect(configuration.lingerMs == 5)
        #expect(configuration.batchSize == 16_384)
        #expect(configuration.enableIdempotence)
        #expect(configuration.maxInFlightRequestsPerConnection == 5)
        #expect(configuration.retries == Int(Int32.max))
        #expect(configuration.deliveryTimeoutMs == 120_000)
        #expect(configuration.client.requestTimeoutMs == 30_000)
        #expect(configuration.client.retryBackoffMs == 100)
        #expect(configuration.compression == .none)
    }

    @Test func producerPropertiesAreParsed() throws {
        let configuration = try KafkaProducerConfiguration(properties: [
            "bootstrap.servers": "a:1, PLAINTEXT://b:2,[::1]:3",
            "acks": "1",
            "linger.ms": "20",
            "batch.size": "65536",
            "compression.type": "zstd",
            "max.in.flight.requests.per.connection": "3",
            "retries": "7",
            "retry.backoff.ms": "50",
            "delivery.timeout.ms": "9000",
            "request.timeout.ms": "4000",
            "client.id": "me",
            "key.serializer": "org.apache.kafka.common.serialization.ByteArraySerializer",
        ])
        #expect(
            configuration.client.bootstrapServers == [
                BrokerAddress(host: "a", port: 1), BrokerAddress(host: "b", port: 2), BrokerAddress(host: "::1", port: 3),
            ])
        #expect(configuration.acks == .leader)
        #expect(configuration.lingerMs == 20)
        #expect(configuration.batchSize == 65_536)
        #expect(configuration.compression == .zstd)
        #expect(configuration.maxInFlightRequestsPerConnection == 3)
        #expect(configuration.retries == 7)
        #expect(configuration.client.retryBackoffMs == 50)
        #expect(configuration.deliveryTimeoutMs == 9000)
        #expect(configuration.client.requestTimeoutMs == 4000)
        #expect(configuration.client.clientId == "me")
        // acks=1 without an explicit enable.idempotence turns idempotence off, as in Kafka.
        #expect(!configuration.enableIdempotence)
    }

    @Test func explicitIdempotenceConflictIsAnError() {
        #expect(throws: KafkaClientError.self) {
            try KafkaProducerConfiguration(properties: ["enable.idempotence": "true", "acks": "0"])
        }
    }

    @Test func invalidValuesAreRejected() {
        for (key, value) in [
            ("acks", "2"), ("linger.ms", "soon"), ("compression.type", "brotli"), ("bootstrap.servers", "a:b"),
            ("enable.idempotence", "yes"),
        ] {
            #expect(throws: KafkaClientError.self, "\(key)=\(value)") {
                try KafkaProducerConfiguration(properties: [key: value])
            }
        }
    }

    @Test func unknownKeysAreReported() throws {
        var configuration = KafkaProducerConfiguration()
        let unknown = try configuration.apply(["acks": "all", "no.such.key": "1"])
        #expect(unknown == ["no.such.key"])
    }

    @Test func consumerDefaultsAreKafkas() {
        let configuration = KafkaConsumerConfiguration()
        #expect(configuration.groupId == nil)
        #expect(configuration.autoOffsetReset == .latest)
        #expect(configuration.enableAutoCommit)
        #expect(configuration.autoCommitIntervalMs == 5000)
        #expect(configuration.sessionTimeoutMs == 45_000)
        #expect(configuration.heartbeatIntervalMs == 3000)
        #expect(configuration.maxPollIntervalMs == 300_000)
        #expect(configuration.fetchMinBytes == 1)
        #expect(configuration.fetchMaxWaitMs == 500)
        #expect(configuration.fetchMaxBytes == 52_428_800)
        #expect(configuration.maxPartitionFetchBytes == 1_048_576)
        #expect(configuration.isolationLevel == .readUncommitted)
        #expect(configuration.partitionAssignmentStrategy == [.range])
    }

    @Test func consumerPropertiesAreParsed() throws {
        let configuration = try KafkaConsumerConfiguration(properties: [
            "bootstrap.servers": "127.0.0.1:9092",
            "group.id": "g",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": "false",
            "auto.commit.interval.ms": "100",
            "session.timeout.ms": "10000",
            "heartbeat.interval.ms": "1000",
            "max.poll.interval.ms": "60000",
            "fetch.min.bytes": "10",
            "fetch.max.wait.ms": "100",
            "fetch.max.bytes": "1000000",
            "max.partition.fetch.bytes": "2000",
            "isolation.level": "read_committed",
            "partition.assignment.strategy":
                "org.apache.kafka.clients.consumer.RoundRobinAssignor,range",
        ])
        #expect(configuration.groupId == "g")
        #expect(configuration.autoOffsetReset == .earliest)
        #expect(!configuration.enableAutoCommit)
        #expect(configuration.autoCommitIntervalMs == 100)
        #expect(configuration.sessionTimeoutMs == 10_000)
        #expect(configuration.heartbeatIntervalMs == 1000)
        #expect(configuration.maxPollIntervalMs == 60_000)
        #expect(configuration.fetchMinBytes == 10)
        #expect(configuration.fetchMaxWaitMs == 100)
        #expect(configuration.fetchMaxBytes == 1_000_000)
        #expect(configuration.maxPartitionFetchBytes == 2000)
        #expect(configuration.isolationLevel == .readCommitted)
        #expect(configuration.partitionAssignmentStrategy == [.roundRobin, .range])
    }

    @Test func consumerRejectsBadValues() {
        #expect(throws: KafkaClientError.self) {
            try KafkaConsumerConfiguration(properties: ["auto.offset.reset": "middle"])
        }
        #expect(throws: KafkaClientError.self) {
            try KafkaConsumerConfiguration(properties: ["partition.assignment.strategy": "sticky"])
        }
        #expect(throws: KafkaClientError.self) {
            try KafkaConsumerConfiguration(properties: ["session.timeout.ms": "1000", "heartbeat.interval.ms": "3000"])
        }
    }

    @Test func prefixedOverridesAreExtracted() {
        let worker = ["producer.acks": "1", "consumer.max.poll.records": "10", "bootstrap.servers": "x:1"]
        #expect(KafkaClientConfiguration.properties(withPrefix: "producer.", in: worker) == ["acks": "1"])
        #expect(KafkaClientConfiguration.properties(withPrefix: "consumer.", in: worker) == ["max.poll.records": "10"])
    }
}
