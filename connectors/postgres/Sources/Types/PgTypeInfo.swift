/// What the catalog says about a column type that pgoutput does not: its kind, element or base type, enum labels.
public struct PgTypeInfo: Hashable, Sendable {
    /// `pg_type.typtype`: `b` base, `e` enum, `d` domain, `c` composite, `r` range, `p` pseudo.
    public var typeType: Character
    /// `typelem` of an array type (0 otherwise).
    public var elementOID: UInt32
    /// `typbasetype` of a domain (0 otherwise).
    public var baseOID: UInt32
    /// The enum labels in sort order, for enums.
    public var enumLabels: [String]

    /// Creates type information.
    public init(typeType: Character, elementOID: UInt32 = 0, baseOID: UInt32 = 0, enumLabels: [String] = []) {
        self.typeType = typeType
        self.elementOID = elementOID
        self.baseOID = baseOID
        self.enumLabels = enumLabels
    }
}

/// Options that change how types map (Debezium's handling modes).
public struct TypeMappingOptions: Hashable, Sendable {
    /// `decimal.handling.mode`.
    public var decimalMode: DecimalHandlingMode = .precise
    /// `time.precision.mode`.
    public var timeMode: TimePrecisionMode = .adaptive
    /// `money.fraction.digits`.
    public var moneyFractionDigits: Int32 = 2

    /// Debezium's defaults.
    public init() {}
}
