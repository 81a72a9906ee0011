/// The type of a configuration key's value (Kafka's `ConfigDef.Type`); the raw value is Kafka's name.
public enum ConfigType: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// `true`/`false`, case-insensitive.
    case boolean = "BOOLEAN"
    /// A string, trimmed.
    case string = "STRING"
    /// A 32-bit integer.
    case int = "INT"
    /// A 16-bit integer.
    case short = "SHORT"
    /// A 64-bit integer.
    case long = "LONG"
    /// A 64-bit floating point number.
    case double = "DOUBLE"
    /// A comma-separated list of strings; whitespace around commas is dropped.
    case list = "LIST"
    /// A plugin class name (in Tributary: a registered class name or alias, never loaded by reflection).
    case `class` = "CLASS"
    /// A secret string, never printed: ``Password``.
    case password = "PASSWORD"

    /// Whether values of this type must not be shown (only ``password``).
    public var isSensitive: Bool { self == .password }

    public var description: String { rawValue }
}

/// How much a configuration key matters to users (Kafka's `ConfigDef.Importance`).
public enum ConfigImportance: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Most users must think about it.
    case high = "HIGH"
    /// Often worth a look.
    case medium = "MEDIUM"
    /// Rarely changed.
    case low = "LOW"

    public var description: String { rawValue }
}

/// How wide a UI should draw a key's input (Kafka's `ConfigDef.Width`).
public enum ConfigWidth: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// No preference.
    case none = "NONE"
    /// A short input.
    case short = "SHORT"
    /// A medium input.
    case medium = "MEDIUM"
    /// A long input.
    case long = "LONG"

    public var description: String { rawValue }
}
