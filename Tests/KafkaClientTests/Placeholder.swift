import KafkaClient
import Testing
@Test func kafkaClientModuleExists() { _ = KafkaClientModule.self }
