import KafkaTestSupport
import KafkaClient
import KafkaProtocol
import Testing

@Suite(.timeLimit(.minutes(5))) struct AdminTests {
    @Test func createDescribeListAndDeleteTopics() async throws {
        try await withBroker(numPartitions: 2) { broker in
            let admin = broker.admin()
            try await admin.createTopic(
                NewTopic(name: "orders", numPartitions: 3, configs: ["cleanup.policy": "compact", "retention.ms": "1000"])
            )
            // -1 partitions and replication factor: the broker's defaults (num.partitions=2).
            let results = try await admin.createTopics([NewTopic(name: "defaults"), NewTopic(name: "orders")])
            #expect(results["defaults"].map { $0 == nil } == true)
            #expect(results["orders"]??.errorCode == .topicAlreadyExists)

            #expect(try await admin.listTopics().filter { !$0.hasPrefix("__") } == ["defaults", "orders"])

            let descriptions = try await admin.describeTopics(["orders", "defaults"])
            #expect(descriptions.map(\.name) == ["orders", "defaults"])
            #expect(descriptions[0].partitions.map(\.partition) == [0, 1, 2])
            #expect(descriptions[0].partitions.allSatisfy { $0.leader == 0 && $0.replicas == [0] && $0.isr == [0] })
            #expect(descriptions[1].partitions.count == 2)

            let configs = try await admin.describeTopicConfigs("orders")
            #expect(configs["cleanup.policy"]?.value == "compact")
            #expect(configs["cleanup.policy"]?.source == .dynamicTopicConfig)
            #expect(configs["retention.ms"]?.value == "1000")
            #expect(configs["segment.bytes"]?.isDefault == true)

            let cluster = try await admin.describeCluster()
            #expect(cluster.nodes[0] == BrokerAddress(host: "127.0.0.1", port: broker.port))

            try await admin.deleteTopics(["orders"])
            #expect(try await admin.listTopics().filter { !$0.hasPrefix("__") } == ["defaults"])
            do throws(KafkaClientError) {
                _ = try await admin.describeTopics(["orders"])
                Issue.record("a deleted topic was described")
            } catch {
                #expect(error.errorCode == .unknownTopicOrPartition)
                #expect(error.errorName == "UNKNOWN_TOPIC_OR_PARTITION")
                #expect(!error.description.isEmpty)
            }
            await #expect(throws: KafkaClientError.self) { try await admin.deleteTopics(["orders"]) }
            await admin.close()
        }
    }

    @Test func validateOnlyCreatesNothing() async throws {
        try await withBroker { broker in
            let admin = broker.admin()
            try await admin.createTopic(NewTopic(name: "dry", numPartitions: 1), validateOnly: true)
            #expect(!(try await admin.listTopics()).contains("dry"))
            await admin.close()
        }
    }

    @Test func unreachableBootstrapFailsWithAConnectionError() async throws {
        var configuration = KafkaAdminConfiguration()
        configuration.client.bootstrapServers = [BrokerAddress(host: "127.0.0.1", port: try await freePort())]
        configuration.defaultApiTimeoutMs = 300
        let admin = KafkaAdmin(configuration: configuration, logger: testLogger("admin"))
        do throws(KafkaClientError) {
            _ = try await admin.listTopics()
            Issue.record("listing topics without a broker succeeded")
        } catch {
            #expect(error.code == .connection)
            #expect(error.isRetriable)
            #expect(error.broker?.hasPrefix("127.0.0.1:") == true)
        }
        await admin.close()
    }
}
