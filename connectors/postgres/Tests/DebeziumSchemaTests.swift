import ConnectAPI
import Testing

@testable import PostgresConnector

/// The fixed record schemas carry Debezium's names and versions (`SchemaFactory`): JsonConverter writes them.
@Suite struct DebeziumSchemaTests {
    @Test func heartbeatAndTransactionSchemasHaveDebeziumVersions() {
        #expect(DebeziumSchemas.heartbeatKey.version == 1)
        #expect(DebeziumSchemas.heartbeatValue.version == 1)
        #expect(DebeziumSchemas.transactionKey.version == 1)
        #expect(DebeziumSchemas.transactionValue.version == 1)
        #expect(DebeziumSchemas.dataCollection.name == "event.collection")
        #expect(DebeziumSchemas.dataCollection.version == 1)
        #expect(DebeziumSchemas.dataCollection.isOptional)
    }
}
