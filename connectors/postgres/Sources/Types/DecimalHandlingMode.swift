/// How numeric/decimal columns are represented (Debezium's `decimal.handling.mode`).
public enum DecimalHandlingMode: String, Sendable, CaseIterable {
    /// `org.apache.kafka.connect.data.Decimal` (or VariableScaleDecimal when unconstrained).
    case precise
    /// `float64`.
    case double
    /// The decimal text.
    case string
}

/// How temporal columns are represented (Debezium's `time.precision.mode`).
public enum TimePrecisionMode: String, Sendable, CaseIterable {
    /// `io.debezium.time.*` types chosen by the column's precision.
    case adaptive
    /// Kafka Connect's `Date`, `Time` and `Timestamp` logical types (millisecond precision).
    case connect
}
