import Testing

@testable import PostgresConnector

/// Whether catalog facts cover a Relation message: the check that makes the pump read the catalog again when
/// it was read before an ALTER TABLE became visible.
@Suite struct TableFactsTests {
    static func facts(_ columns: [(String, UInt32)]) -> TableFacts {
        TableFacts(oid: 42, primaryKey: ["id"], notNull: ["id"], defaults: [:], generated: [],
                   columns: columns.map { (name: $0.0, typeOID: $0.1, typeModifier: -1) }, types: [:], replicaIdentity: "d")
    }

    static func relation(_ columns: [(String, UInt32)]) -> [PgColumn] {
        columns.map { PgColumn(isKey: $0.0 == "id", name: $0.0, typeOID: $0.1, typeModifier: -1) }
    }

    @Test func factsReadBeforeAnAddColumnDoNotDescribeTheNewRelation() {
        let stale = Self.facts([("id", 23), ("a", 25)])
        #expect(!stale.describes(Self.relation([("id", 23), ("a", 25), ("b", 23)])))
        #expect(stale.describes(Self.relation([("id", 23), ("a", 25)])))
    }

    @Test func aChangedColumnTypeIsNotDescribed() {
        let stale = Self.facts([("id", 23), ("a", 23)])
        #expect(!stale.describes(Self.relation([("id", 23), ("a", 20)])))
    }

    @Test func extraCatalogColumnsSuchAsGeneratedOnesStillDescribeTheRelation() {
        let facts = Self.facts([("id", 23), ("a", 25), ("g", 23)])
        #expect(facts.describes(Self.relation([("id", 23), ("a", 25)])))
    }
}
