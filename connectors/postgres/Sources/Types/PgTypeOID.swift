/// The OIDs of PostgreSQL's built-in types the connector maps (`pg_type.dat`).
enum PgTypeOID {
    static let bool: UInt32 = 16
    static let bytea: UInt32 = 17
    static let name: UInt32 = 19
    static let int8: UInt32 = 20
    static let int2: UInt32 = 21
    static let int4: UInt32 = 23
    static let text: UInt32 = 25
    static let oid: UInt32 = 26
    static let xid: UInt32 = 28
    static let json: UInt32 = 114
    static let xml: UInt32 = 142
    static let float4: UInt32 = 700
    static let float8: UInt32 = 701
    static let money: UInt32 = 790
    static let macaddr: UInt32 = 829
    static let inet: UInt32 = 869
    static let cidr: UInt32 = 650
    static let bpchar: UInt32 = 1042
    static let varchar: UInt32 = 1043
    static let date: UInt32 = 1082
    static let time: UInt32 = 1083
    static let timestamp: UInt32 = 1114
    static let timestamptz: UInt32 = 1184
    static let interval: UInt32 = 1186
    static let timetz: UInt32 = 1266
    static let bit: UInt32 = 1560
    static let varbit: UInt32 = 1562
    static let numeric: UInt32 = 1700
    static let uuid: UInt32 = 2950
    static let jsonb: UInt32 = 3802

    /// Element type of the built-in array types (`typelem`), for arrays the catalog was not asked about.
    static let arrayElements: [UInt32: UInt32] = [
        1000: bool, 1001: bytea, 1003: name, 1005: int2, 1007: int4, 1009: text, 1016: int8, 1021: float4,
        1022: float8, 1014: bpchar, 1015: varchar, 1182: date, 1183: time, 1115: timestamp, 1185: timestamptz,
        1187: interval, 1231: numeric, 2951: uuid, 199: json, 3807: jsonb, 1041: inet, 651: cidr, 1270: timetz,
        1028: oid, 791: money,
    ]
}
