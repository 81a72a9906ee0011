/// One value as SQLite stores it: its five storage classes.
enum SQLValue: Hashable, Sendable {
    /// SQL `NULL`.
    case null
    /// A 64-bit signed integer (also booleans, as 0 and 1).
    case integer(Int64)
    /// An IEEE 754 double.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Raw bytes.
    case blob([UInt8])
}

/// The declared type of a column the sink creates or adds; each is also the name of an SQLite type affinity.
enum SQLColumnType: String, Hashable, Sendable {
    /// `INTEGER`: integers and booleans.
    case integer = "INTEGER"
    /// `REAL`: floating point numbers.
    case real = "REAL"
    /// `TEXT`: strings, dates and times (ISO 8601), JSON.
    case text = "TEXT"
    /// `BLOB`: bytes.
    case blob = "BLOB"
    /// `NUMERIC`: decimals (stored as integer or real when exact, as text otherwise).
    case numeric = "NUMERIC"
}

/// A column's type affinity, from its declared type by SQLite's rules (§3.1 of "Datatypes In SQLite").
enum SQLAffinity: Hashable, Sendable {
    case integer, text, blob, real, numeric

    /// The affinity SQLite gives a declared type such as `VARCHAR(20)` or `BIGINT`.
    init(declaredType: String) {
        let upper = declaredType.uppercased()
        if upper.contains("INT") {
            self = .integer
        } else if upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT") {
            self = .text
        } else if upper.contains("BLOB") || upper.isEmpty {
            self = .blob
        } else if upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB") {
            self = .real
        } else {
            self = .numeric
        }
    }

    /// Whether a value of this storage class belongs in such a column: numbers (and numeric text) in numeric
    /// columns, anything but bytes in text columns, anything in untyped (`BLOB`) columns.
    func accepts(_ value: SQLValue) -> Bool {
        switch (self, value) {
        case (_, .null), (.blob, _): true
        case (.text, .blob): false
        case (.text, _): true
        case (.integer, .integer), (.integer, .real), (.real, .integer), (.real, .real), (.numeric, .integer),
            (.numeric, .real):
            true
        case (.integer, .text(let text)), (.real, .text(let text)), (.numeric, .text(let text)):
            Double(text) != nil
        case (.integer, .blob), (.real, .blob), (.numeric, .blob):
            false
        }
    }
}

extension SQLValue {
    /// The storage class name, for error messages.
    var kindName: String {
        switch self {
        case .null: "NULL"
        case .integer: "INTEGER"
        case .real: "REAL"
        case .text: "TEXT"
        case .blob: "BLOB"
        }
    }
}
