public import ConnectAPI

/// The configuration keys of the PostgreSQL source: Debezium's names for everything that applies.
extension PostgresSourceConfig {
    /// `database.hostname`.
    public static let hostnameKey = "database.hostname"
    /// `database.port`.
    public static let portKey = "database.port"
    /// `database.user`.
    public static let userKey = "database.user"
    /// `database.password`.
    public static let passwordKey = "database.password"
    /// `database.dbname`.
    public static let dbnameKey = "database.dbname"
    /// `database.sslmode`.
    public static let sslmodeKey = "database.sslmode"
    /// `topic.prefix`: the logical server name, first part of every topic.
    public static let topicPrefixKey = "topic.prefix"
    /// `plugin.name`: only `pgoutput`.
    public static let pluginNameKey = "plugin.name"
    /// `slot.name`.
    public static let slotNameKey = "slot.name"
    /// `slot.drop.on.stop`.
    public static let slotDropOnStopKey = "slot.drop.on.stop"
    /// `publication.name`.
    public static let publicationNameKey = "publication.name"
    /// `publication.autocreate.mode`: `all_tables`, `filtered`, `no_tables` or `disabled`.
    public static let publicationAutocreateModeKey = "publication.autocreate.mode"
    /// `table.include.list`.
    public static let tableIncludeListKey = "table.include.list"
    /// `table.exclude.list`.
    public static let tableExcludeListKey = "table.exclude.list"
    /// `schema.include.list`.
    public static let schemaIncludeListKey = "schema.include.list"
    /// `schema.exclude.list`.
    public static let schemaExcludeListKey = "schema.exclude.list"
    /// `column.include.list`.
    public static let columnIncludeListKey = "column.include.list"
    /// `column.exclude.list`.
    public static let columnExcludeListKey = "column.exclude.list"
    /// `snapshot.mode`: `initial`, `no_data` (`never`), `initial_only`, `always` or `when_needed`.
    public static let snapshotModeKey = "snapshot.mode"
    /// `snapshot.fetch.size`: rows per snapshot chunk.
    public static let snapshotFetchSizeKey = "snapshot.fetch.size"
    /// `decimal.handling.mode`.
    public static let decimalHandlingModeKey = "decimal.handling.mode"
    /// `time.precision.mode`.
    public static let timePrecisionModeKey = "time.precision.mode"
    /// `tombstones.on.delete`.
    public static let tombstonesOnDeleteKey = "tombstones.on.delete"
    /// `skipped.operations`: comma-separated `c`, `u`, `d`, `t`, or `none`.
    public static let skippedOperationsKey = "skipped.operations"
    /// `message.key.columns`: `schema.table:col1,col2;schema.table2:col`.
    public static let messageKeyColumnsKey = "message.key.columns"
    /// `heartbeat.interval.ms`.
    public static let heartbeatIntervalKey = "heartbeat.interval.ms"
    /// `heartbeat.action.query`: SQL run on each heartbeat (default: a non-transactional logical message).
    public static let heartbeatActionQueryKey = "heartbeat.action.query"
    /// `provide.transaction.metadata`.
    public static let provideTransactionMetadataKey = "provide.transaction.metadata"
    /// `unavailable.value.placeholder`.
    public static let unavailableValuePlaceholderKey = "unavailable.value.placeholder"
    /// `money.fraction.digits`.
    public static let moneyFractionDigitsKey = "money.fraction.digits"
    /// `status.update.interval.ms`: standby status update period (at most 10 s is enforced).
    public static let statusUpdateIntervalKey = "status.update.interval.ms"
    /// `retriable.restart.connector.wait.ms`: the longest reconnect backoff.
    public static let retryWaitKey = "retriable.restart.connector.wait.ms"
    /// `message.prefix.exclude.list`: logical message prefixes not emitted.
    public static let messagePrefixExcludeListKey = "message.prefix.exclude.list"
    /// `streaming` (Tributary extension, no Debezium equivalent): pgoutput proto 2 streaming of in-progress transactions.
    public static let streamingKey = "streaming"
    /// `streaming.spool.dir` (Tributary extension): where streamed in-progress transactions are spooled.
    public static let streamingSpoolDirKey = "streaming.spool.dir"

    /// libpq connection keywords accepted as `database.<keyword>` and passed through unchanged.
    public static let passthroughLibpqKeywords = [
        "sslcert", "sslkey", "sslrootcert", "sslcrl", "sslpassword", "sslcompression", "sslsni", "connect_timeout",
        "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout",
        "target_session_attrs", "gssencmode", "krbsrvname", "requirepeer", "service", "passfile", "channel_binding",
        "hostaddr",
    ]

    /// The definition shown by `GET /connector-plugins/{plugin}/config` and used for validation.
    public static let definition: ConfigDefinition = ConfigDefinition()
        .define(hostnameKey, .string, default: "localhost", importance: .high, documentation: "Resolvable hostname or IP address of the database server.", group: "Connection", orderInGroup: 1)
        .define(portKey, .int, default: 5432, validator: .between(1, 65535), importance: .high, documentation: "Port of the database server.", group: "Connection", orderInGroup: 2)
        .define(userKey, .string, importance: .high, documentation: "Name of the database user (needs REPLICATION or superuser).", group: "Connection", orderInGroup: 3)
        .define(passwordKey, .password, default: nil, importance: .high, documentation: "Password of the database user.", group: "Connection", orderInGroup: 4)
        .define(dbnameKey, .string, importance: .high, documentation: "The database to capture.", group: "Connection", orderInGroup: 5)
        .define(sslmodeKey, .string, default: "prefer", validator: .in("disable", "allow", "prefer", "require", "verify-ca", "verify-full"), importance: .medium, documentation: "libpq sslmode. Other libpq options are accepted as database.<keyword> (sslrootcert, connect_timeout, keepalives, ...).", group: "Connection", orderInGroup: 6)
        .define(topicPrefixKey, .string, validator: .nonEmptyString, importance: .high, documentation: "Logical name of the server: the prefix of every topic, `source.name` of every event and the source partition.", group: "Connector", orderInGroup: 1)
        .define(pluginNameKey, .string, default: "pgoutput", validator: .in("pgoutput"), importance: .medium, documentation: "Logical decoding plugin; only pgoutput is supported.", group: "Replication", orderInGroup: 1)
        .define(slotNameKey, .string, default: "debezium", importance: .medium, documentation: "Name of the logical replication slot ([a-z0-9_]{1,63}).", group: "Replication", orderInGroup: 2)
        .define(slotDropOnStopKey, .boolean, default: false, importance: .low, documentation: "Drop the slot when the task stops gracefully (tests only: changes made while stopped are lost).", group: "Replication", orderInGroup: 3)
        .define(publicationNameKey, .string, default: "dbz_publication", importance: .medium, documentation: "Name of the publication to stream.", group: "Replication", orderInGroup: 4)
        .define(publicationAutocreateModeKey, .string, default: "all_tables", validator: .in("all_tables", "filtered", "no_tables", "disabled"), importance: .medium, documentation: "all_tables: CREATE PUBLICATION ... FOR ALL TABLES if missing; filtered: for the included tables (kept in sync); no_tables: an empty publication; disabled: it must exist.", group: "Replication", orderInGroup: 5)
        .define(statusUpdateIntervalKey, .long, default: 10000, validator: .between(100, 10000), importance: .low, documentation: "Milliseconds between standby status updates (at most 10 s).", group: "Replication", orderInGroup: 6)
        .define(retryWaitKey, .long, default: 10000, validator: .atLeast(100), importance: .low, documentation: "The longest wait between reconnect attempts after a connection loss, in ms (the backoff starts at 500 ms).", group: "Replication", orderInGroup: 7)
        .define(streamingKey, .boolean, default: false, importance: .low, documentation: "Tributary extension (Debezium has no such key): on PostgreSQL 14 or later, ask for pgoutput proto_version 2 with streaming 'on', so a transaction whose changes exceed the server's logical_decoding_work_mem is sent while still in progress; the connector spools it to a file and emits it, like any other transaction, only when it commits (aborted ones and rolled-back savepoints are dropped). On older servers a warning is logged and proto_version 1 is used.", group: "Replication", orderInGroup: 8)
        .define(streamingSpoolDirKey, .string, default: "", importance: .low, documentation: "Tributary extension: the directory under which each task makes its spool directory for streamed in-progress transactions (one file per open transaction; removed when the task stops). Needs room for the open transactions' changes. Empty: the system temporary directory ($TMPDIR or /tmp).", group: "Replication", orderInGroup: 9)
        .define(tableIncludeListKey, .list, default: [], importance: .medium, documentation: "Regular expressions matching `schema.table` of the tables to capture.", group: "Filters", orderInGroup: 1)
        .define(tableExcludeListKey, .list, default: [], importance: .medium, documentation: "Regular expressions matching `schema.table` of the tables not to capture.", group: "Filters", orderInGroup: 2)
        .define(schemaIncludeListKey, .list, default: [], importance: .medium, documentation: "Regular expressions matching the schemas to capture.", group: "Filters", orderInGroup: 3)
        .define(schemaExcludeListKey, .list, default: [], importance: .medium, documentation: "Regular expressions matching the schemas not to capture.", group: "Filters", orderInGroup: 4)
        .define(columnIncludeListKey, .list, default: [], importance: .low, documentation: "Regular expressions matching `schema.table.column` of the columns to include.", group: "Filters", orderInGroup: 5)
        .define(columnExcludeListKey, .list, default: [], importance: .low, documentation: "Regular expressions matching `schema.table.column` of the columns to leave out.", group: "Filters", orderInGroup: 6)
        .define(messageKeyColumnsKey, .string, default: "", importance: .low, documentation: "Custom message keys: `schema.table:col1,col2;schema.table2:col`.", group: "Events", orderInGroup: 1)
        .define(snapshotModeKey, .string, default: "initial", validator: .in("initial", "no_data", "never", "initial_only", "always", "when_needed"), importance: .medium, documentation: "When to snapshot: initial (if no offset), no_data/never, initial_only (then stop), always, when_needed (also if the slot is gone).", group: "Snapshot", orderInGroup: 1)
        .define(snapshotFetchSizeKey, .int, default: 10240, validator: .between(1, 10_000_000), importance: .medium, documentation: "Rows per snapshot chunk; the offset is stored per row, so a restart resumes after the last committed row.", group: "Snapshot", orderInGroup: 2)
        .define(decimalHandlingModeKey, .string, default: "precise", validator: .in("precise", "double", "string"), importance: .medium, documentation: "numeric/money as Decimal (precise), double or string.", group: "Events", orderInGroup: 2)
        .define(timePrecisionModeKey, .string, default: "adaptive", validator: .in("adaptive", "connect"), importance: .medium, documentation: "adaptive: io.debezium.time.* by column precision; connect: Kafka Connect's Date/Time/Timestamp.", group: "Events", orderInGroup: 3)
        .define(tombstonesOnDeleteKey, .boolean, default: true, importance: .medium, documentation: "Emit a tombstone (null value) after each delete event.", group: "Events", orderInGroup: 4)
        .define(skippedOperationsKey, .list, default: ["t"], validator: .listIn("c", "u", "d", "t", "none"), importance: .low, documentation: "Operations not emitted: c, u, d, t, or none.", group: "Events", orderInGroup: 5)
        .define(provideTransactionMetadataKey, .boolean, default: false, importance: .low, documentation: "Emit BEGIN/END records to <prefix>.transaction and a transaction block in every event.", group: "Events", orderInGroup: 6)
        .define(unavailableValuePlaceholderKey, .string, default: "__debezium_unavailable_value", importance: .low, documentation: "Value for unchanged TOASTed columns whose value PostgreSQL did not send.", group: "Events", orderInGroup: 7)
        .define(moneyFractionDigitsKey, .short, default: 2, importance: .low, documentation: "Scale of money values as decimals.", group: "Events", orderInGroup: 8)
        .define(messagePrefixExcludeListKey, .list, default: [], importance: .low, documentation: "Logical decoding message prefixes not emitted to <prefix>.message.", group: "Events", orderInGroup: 9)
        .define(heartbeatIntervalKey, .int, default: 0, validator: .atLeast(0), importance: .medium, documentation: "Milliseconds between heartbeats (0 = off). Each heartbeat writes a logical message to the database and a record to __debezium-heartbeat.<prefix>, so the slot advances on idle databases.", group: "Heartbeat", orderInGroup: 1)
        .define(heartbeatActionQueryKey, .string, default: "", importance: .low, documentation: "SQL run on each heartbeat instead of SELECT pg_logical_emit_message(false, 'tributary_heartbeat', now()::text).", group: "Heartbeat", orderInGroup: 2)
}
