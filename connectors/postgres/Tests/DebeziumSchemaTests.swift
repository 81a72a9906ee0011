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

    /// The envelope and its `source` struct are built without per-field checks; every value must still fit its
    /// field, for every optional part set and unset.
    @Test(arguments: [false, true])
    func changeEventValuesFitTheirSchemas(everythingSet: Bool) throws {
        let model = try TableModel(
            id: TableID(schema: "public", table: "t"), oid: 1,
            relationColumns: [PgColumn(isKey: true, name: "id", typeOID: 23, typeModifier: -1),
                              PgColumn(isKey: false, name: "v", typeOID: 25, typeModifier: -1)],
            replicaIdentity: "d", facts: nil, topicPrefix: "dbserver1", keyOverride: nil, options: TypeMappingOptions(),
            includeColumn: { _ in true })
        let rows = RowConverter(placeholder: "__debezium_unavailable_value")
        let events = EventBuilder(identity: ConnectorIdentity(serverName: "dbserver1", version: "test"), rows: rows,
                                  tombstonesOnDelete: true)
        let after = try rows.row(model, [.text("1"), .text("one")])
        let before = everythingSet ? try rows.row(model, [.text("1"), .null]) : nil
        let source = SourceInfo(
            timestampMicros: 1_700_000_000_000_000, snapshot: "false", db: "cdc", schema: "public", table: "t",
            txId: everythingSet ? 42 : nil, lsn: everythingSet ? LSN(rawValue: 100) : nil,
            lastCommitLSN: everythingSet ? LSN(rawValue: 50) : nil, origin: everythingSet ? "origin" : nil,
            originLSN: everythingSet ? LSN(rawValue: 7) : nil)
        let block = everythingSet ? TransactionBlock(id: "42:100", totalOrder: 1, dataCollectionOrder: 1) : nil
        let record = try events.envelope(model, op: everythingSet ? "u" : "c", before: before, after: after,
                                         key: try rows.key(model, row: after), source: source, transaction: block,
                                         offset: ["lsn": .int(100)])
        let schema = try #require(record.valueSchema)
        try schema.validateValue(record.value)
        guard case .struct(let envelope) = record.value, case .struct(let sourceStruct) = try envelope.get("source") else {
            Issue.record("the value is not an envelope with a source struct")
            return
        }
        #expect(try sourceStruct.get("connector") == .string("postgresql"))
        #expect(try sourceStruct.get("txId") == (everythingSet ? .int64(42) : .null))
        #expect(try sourceStruct.get("xmin") == .null)
        #expect(try sourceStruct.get("origin_lsn") == (everythingSet ? .int64(7) : .null))
    }
}
