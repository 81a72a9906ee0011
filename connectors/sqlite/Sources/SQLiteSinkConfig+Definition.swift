public import ConnectAPI

/// The configuration keys of SQLiteSink: the Confluent JDBC sink's keys that apply to SQLite, plus `sqlite.*`.
extension SQLiteSinkConfig {
    /// `connection.url`: `jdbc:sqlite:PATH` (the JDBC sink's key).
    public static let connectionURLKey = "connection.url"
    /// `sqlite.path`: the database file; wins over `connection.url`.
    public static let pathKey = "sqlite.path"
    /// `table.name.format`: the table of a record, `${topic}` standing for its topic.
    public static let tableNameFormatKey = "table.name.format"
    /// `table.name.sanitize.chars`: characters of the table name replaced by `_`.
    public static let tableNameSanitizeCharsKey = "table.name.sanitize.chars"
    /// `insert.mode`: `insert`, `upsert` or `update`.
    public static let insertModeKey = "insert.mode"
    /// `pk.mode`: `none`, `kafka`, `record_key` or `record_value`.
    public static let pkModeKey = "pk.mode"
    /// `pk.fields`: the primary-key columns; meaning depends on `pk.mode`.
    public static let pkFieldsKey = "pk.fields"
    /// `fields.whitelist`: the non-key value fields written (all when empty).
    public static let fieldsWhitelistKey = "fields.whitelist"
    /// `fields.include`: a synonym of `fields.whitelist`; both lists are merged.
    public static let fieldsIncludeKey = "fields.include"
    /// `fields.exclude`: value fields never written.
    public static let fieldsExcludeKey = "fields.exclude"
    /// `auto.create`: create missing tables.
    public static let autoCreateKey = "auto.create"
    /// `auto.evolve`: add missing columns (nullable).
    public static let autoEvolveKey = "auto.evolve"
    /// `delete.enabled`: tombstones and Debezium deletes delete rows.
    public static let deleteEnabledKey = "delete.enabled"
    /// `batch.size`: records written per transaction.
    public static let batchSizeKey = "batch.size"
    /// `max.retries`: retries of a batch after a transient database error.
    public static let maxRetriesKey = "max.retries"
    /// `retry.backoff.ms`: the wait before such a retry.
    public static let retryBackoffMsKey = "retry.backoff.ms"
    /// `sqlite.synchronous`: `PRAGMA synchronous`.
    public static let synchronousKey = "sqlite.synchronous"
    /// `sqlite.journal.mode`: `PRAGMA journal_mode`.
    public static let journalModeKey = "sqlite.journal.mode"
    /// `sqlite.busy.timeout.ms`: how long to wait for another connection's lock.
    public static let busyTimeoutMsKey = "sqlite.busy.timeout.ms"
    /// `unavailable.value.placeholder`: Debezium's marker for an unchanged TOAST value.
    public static let placeholderKey = "unavailable.value.placeholder"
    /// `envelope.mode`: `auto` (recognize Debezium change events) or `none` (every value is a row).
    public static let envelopeModeKey = "envelope.mode"

    /// The definition shown by `GET /connector-plugins/SQLiteSink/config` and used for validation.
    public static let definition: ConfigDefinition = ConfigDefinition()
        .define(
            connectionURLKey, .string, default: nil, importance: .high,
            documentation: "JDBC connection URL of the SQLite database, jdbc:sqlite:PATH (as for Confluent's JDBC sink). "
                + "Either this or sqlite.path is required.",
            group: "Connection", orderInGroup: 1, width: .long, displayName: "JDBC URL"
        )
        .define(
            pathKey, .string, default: nil, importance: .high,
            documentation: "Path of the SQLite database file (created if missing); takes precedence over connection.url.",
            group: "Connection", orderInGroup: 2, width: .long, displayName: "Database file"
        )
        .define(
            synchronousKey, .string, default: "NORMAL", validator: .inCaseInsensitive("OFF", "NORMAL", "FULL", "EXTRA"),
            importance: .medium,
            documentation: "PRAGMA synchronous. NORMAL (the default, with WAL) never corrupts the database and keeps "
                + "every committed batch after a process crash; a power loss may lose the last batches, whose offsets "
                + "are lost with them, so they are written again. FULL also survives power loss.",
            group: "Connection", orderInGroup: 3, width: .short, displayName: "Synchronous"
        )
        .define(
            journalModeKey, .string, default: "WAL", validator: .inCaseInsensitive("WAL", "DELETE", "TRUNCATE", "PERSIST"),
            importance: .low,
            documentation: "PRAGMA journal_mode. WAL (the default) lets readers such as the sqlite3 shell query while "
                + "the sink writes.",
            group: "Connection", orderInGroup: 4, width: .short, displayName: "Journal mode"
        )
        .define(
            busyTimeoutMsKey, .int, default: 5000, validator: .atLeast(0), importance: .low,
            documentation: "How long a write waits for a lock held by another connection before failing with "
                + "'database is locked' (then retried per max.retries).",
            group: "Connection", orderInGroup: 5, width: .short, displayName: "Busy timeout (ms)"
        )
        .define(
            insertModeKey, .string, default: "insert", validator: .inCaseInsensitive("insert", "upsert", "update"),
            importance: .high,
            documentation: "insert: INSERT (a duplicate key is an error); upsert: INSERT … ON CONFLICT(pk) DO UPDATE "
                + "SET only the columns the record carries; update: UPDATE … WHERE pk.",
            group: "Writes", orderInGroup: 1, width: .medium, displayName: "Insert mode"
        )
        .define(
            deleteEnabledKey, .boolean, default: false, importance: .medium,
            documentation: "Whether tombstones (null values) and Debezium deletes (op d) delete the row with the "
                + "record's key. Requires pk.mode=record_key.",
            group: "Writes", orderInGroup: 2, width: .short, displayName: "Enable deletes"
        )
        .define(
            batchSizeKey, .int, default: 3000, validator: .atLeast(1), importance: .medium,
            documentation: "How many records are written in one transaction (with their offsets).",
            group: "Writes", orderInGroup: 3, width: .short, displayName: "Batch size"
        )
        .define(
            tableNameFormatKey, .string, default: "${topic}", importance: .medium,
            documentation: "The destination table name; ${topic} is replaced by the record's topic.",
            group: "Data mapping", orderInGroup: 1, width: .long, displayName: "Table name format"
        )
        .define(
            tableNameSanitizeCharsKey, .string, default: ".-", importance: .low,
            documentation: "Characters of the table name replaced by '_' (so topic a.b-c writes table a_b_c); "
                + "empty keeps names as they are.",
            group: "Data mapping", orderInGroup: 2, width: .short, displayName: "Table name characters to replace"
        )
        .define(
            pkModeKey, .string, default: "none", validator: .inCaseInsensitive("none", "kafka", "record_key", "record_value"),
            importance: .high,
            documentation: "none: no key; kafka: __connect_topic, __connect_partition, __connect_offset; record_key: "
                + "the record key (a primitive needs one pk.fields name, a struct or map uses all its fields or "
                + "pk.fields); record_value: fields of the value (pk.fields, or all).",
            group: "Data mapping", orderInGroup: 3, width: .medium, displayName: "Primary key mode"
        )
        .define(
            pkFieldsKey, .list, default: [], importance: .medium,
            documentation: "The primary-key field names; their meaning depends on pk.mode.",
            group: "Data mapping", orderInGroup: 4, width: .long, displayName: "Primary key fields"
        )
        .define(
            fieldsWhitelistKey, .list, default: [], importance: .medium,
            documentation: "The value fields written besides the key; empty means all.",
            group: "Data mapping", orderInGroup: 5, width: .long, displayName: "Fields whitelist"
        )
        .define(
            fieldsIncludeKey, .list, default: [], importance: .low,
            documentation: "Synonym of fields.whitelist (Debezium's name); both lists are merged.",
            group: "Data mapping", orderInGroup: 6, width: .long, displayName: "Fields to include"
        )
        .define(
            fieldsExcludeKey, .list, default: [], importance: .low,
            documentation: "Value fields that are never written.",
            group: "Data mapping", orderInGroup: 7, width: .long, displayName: "Fields to exclude"
        )
        .define(
            envelopeModeKey, .string, default: "auto", validator: .inCaseInsensitive("auto", "none"), importance: .low,
            documentation: "auto: values with op and before/after (Debezium change events) are applied as changes; "
                + "none: every value is a row.",
            group: "Data mapping", orderInGroup: 8, width: .short, displayName: "Envelope"
        )
        .define(
            placeholderKey, .string, default: "__debezium_unavailable_value", importance: .low,
            documentation: "Debezium's unavailable.value.placeholder: a column holding it (an unchanged TOASTed "
                + "value) is left untouched.",
            group: "Data mapping", orderInGroup: 9, width: .medium, displayName: "Unavailable value placeholder"
        )
        .define(
            autoCreateKey, .boolean, default: false, importance: .medium,
            documentation: "Create a missing table from the record's fields (CREATE TABLE with the primary key).",
            group: "DDL support", orderInGroup: 1, width: .short, displayName: "Auto-create"
        )
        .define(
            autoEvolveKey, .boolean, default: false, importance: .medium,
            documentation: "Add columns a record carries and the table lacks (ALTER TABLE ADD COLUMN, nullable); "
                + "never changes types or drops columns.",
            group: "DDL support", orderInGroup: 2, width: .short, displayName: "Auto-evolve"
        )
        .define(
            maxRetriesKey, .int, default: 10, validator: .atLeast(0), importance: .medium,
            documentation: "How many times a batch is retried after a transient database error (locked, disk full, "
                + "I/O error) before the task fails.",
            group: "Retries", orderInGroup: 1, width: .short, displayName: "Maximum retries"
        )
        .define(
            retryBackoffMsKey, .int, default: 3000, validator: .atLeast(0), importance: .medium,
            documentation: "The time to wait before retrying a batch after a transient error.",
            group: "Retries", orderInGroup: 2, width: .short, displayName: "Retry backoff (ms)"
        )
}
