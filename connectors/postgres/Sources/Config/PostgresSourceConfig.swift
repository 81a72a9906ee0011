public import ConnectAPI

/// The typed settings of the PostgreSQL source, parsed once from the connector properties.
public struct PostgresSourceConfig: Sendable {
    /// `snapshot.mode` values.
    public enum SnapshotMode: String, Sendable {
        /// Snapshot when there is no offset, then stream.
        case initial
        /// Never snapshot (`never` is accepted as an alias).
        case noData = "no_data"
        /// Snapshot, then do not stream.
        case initialOnly = "initial_only"
        /// Snapshot at every start.
        case always
        /// Snapshot when there is no offset or the slot is gone.
        case whenNeeded = "when_needed"
    }

    /// `publication.autocreate.mode` values.
    public enum PublicationMode: String, Sendable {
        /// `FOR ALL TABLES`.
        case allTables = "all_tables"
        /// `FOR TABLE` the included tables.
        case filtered
        /// An empty publication.
        case noTables = "no_tables"
        /// Must exist.
        case disabled
    }

    /// The libpq connection parameters (without the replication and session settings).
    public var connection: [(String, String)]
    /// `database.dbname`.
    public var database: String
    /// `topic.prefix`.
    public var topicPrefix: String
    /// `slot.name`.
    public var slotName: String
    /// `slot.drop.on.stop`.
    public var dropSlotOnStop: Bool
    /// `publication.name`.
    public var publicationName: String
    /// `publication.autocreate.mode`.
    public var publicationMode: PublicationMode
    /// Table, schema and column filters.
    public var filters: CaptureFilter
    /// `message.key.columns`, by table.
    public var keyColumns: [TableID: [String]]
    /// `snapshot.mode`.
    public var snapshotMode: SnapshotMode
    /// `snapshot.fetch.size`.
    public var snapshotChunkSize: Int
    /// Decimal, time and money handling.
    public var typeOptions: TypeMappingOptions
    /// `tombstones.on.delete`.
    public var tombstonesOnDelete: Bool
    /// `skipped.operations` (`c`, `u`, `d`, `t`).
    public var skippedOperations: Set<String>
    /// `heartbeat.interval.ms` (0 = off).
    public var heartbeatIntervalMs: Int
    /// SQL run on each heartbeat.
    public var heartbeatQuery: String
    /// `provide.transaction.metadata`.
    public var transactionMetadata: Bool
    /// `unavailable.value.placeholder`.
    public var placeholder: String
    /// `status.update.interval.ms`.
    public var statusIntervalMs: Int
    /// `retriable.restart.connector.wait.ms`.
    public var maxRetryWaitMs: Int
    /// `message.prefix.exclude.list`.
    public var excludedMessagePrefixes: Set<String>
    /// `streaming`: use pgoutput proto 2 streaming when the server supports it.
    public var streaming: Bool
    /// `streaming.spool.dir` (empty: the system temporary directory).
    public var streamingSpoolDirectory: String

    /// The prefix of heartbeat logical messages, never emitted as `op: m` events.
    public static let heartbeatMessagePrefix = "tributary_heartbeat"

    /// Parses and checks the properties.
    /// - Throws: ``ConnectError`` (`config`) naming the first bad key.
    public init(properties: [String: String]) throws(ConnectError) {
        let parsed = try Self.definition.parse(properties)
        database = parsed.string(Self.dbnameKey) ?? ""
        var connection: [(String, String)] = [
            ("host", parsed.string(Self.hostnameKey) ?? "localhost"),
            ("port", String(parsed.int(Self.portKey) ?? 5432)),
            ("user", parsed.string(Self.userKey) ?? ""),
            ("dbname", database),
            ("sslmode", parsed.string(Self.sslmodeKey) ?? "prefer"),
        ]
        if let password = parsed.password(Self.passwordKey) { connection.append(("password", password.value)) }
        for keyword in Self.passthroughLibpqKeywords {
            if let value = properties["database.\(keyword)"] { connection.append((keyword, value)) }
        }
        self.connection = connection
        topicPrefix = parsed.string(Self.topicPrefixKey) ?? ""
        slotName = parsed.string(Self.slotNameKey) ?? "debezium"
        guard !slotName.isEmpty, slotName.count <= 63,
              slotName.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }) else {
            throw .invalidConfig(name: Self.slotNameKey, value: slotName, message: "slot names may contain only [a-z0-9_], at most 63")
        }
        dropSlotOnStop = parsed.bool(Self.slotDropOnStopKey) ?? false
        publicationName = parsed.string(Self.publicationNameKey) ?? "dbz_publication"
        publicationMode = PublicationMode(rawValue: parsed.string(Self.publicationAutocreateModeKey) ?? "") ?? .allTables
        filters = try CaptureFilter(
            tableInclude: parsed.list(Self.tableIncludeListKey) ?? [], tableExclude: parsed.list(Self.tableExcludeListKey) ?? [],
            schemaInclude: parsed.list(Self.schemaIncludeListKey) ?? [], schemaExclude: parsed.list(Self.schemaExcludeListKey) ?? [],
            columnInclude: parsed.list(Self.columnIncludeListKey) ?? [], columnExclude: parsed.list(Self.columnExcludeListKey) ?? [])
        keyColumns = try Self.parseKeyColumns(parsed.string(Self.messageKeyColumnsKey) ?? "")
        let mode = parsed.string(Self.snapshotModeKey) ?? "initial"
        snapshotMode = mode == "never" ? .noData : SnapshotMode(rawValue: mode) ?? .initial
        snapshotChunkSize = Int(parsed.int(Self.snapshotFetchSizeKey) ?? 10240)
        var options = TypeMappingOptions()
        options.decimalMode = DecimalHandlingMode(rawValue: parsed.string(Self.decimalHandlingModeKey) ?? "") ?? .precise
        options.timeMode = TimePrecisionMode(rawValue: parsed.string(Self.timePrecisionModeKey) ?? "") ?? .adaptive
        options.moneyFractionDigits = Int32(parsed.short(Self.moneyFractionDigitsKey) ?? 2)
        typeOptions = options
        tombstonesOnDelete = parsed.bool(Self.tombstonesOnDeleteKey) ?? true
        let skipped = Set(parsed.list(Self.skippedOperationsKey) ?? ["t"])
        skippedOperations = skipped.contains("none") ? [] : skipped
        heartbeatIntervalMs = Int(parsed.int(Self.heartbeatIntervalKey) ?? 0)
        let query = parsed.string(Self.heartbeatActionQueryKey) ?? ""
        heartbeatQuery = query.isEmpty
            ? "SELECT pg_logical_emit_message(false, '\(Self.heartbeatMessagePrefix)', now()::text)" : query
        transactionMetadata = parsed.bool(Self.provideTransactionMetadataKey) ?? false
        placeholder = parsed.string(Self.unavailableValuePlaceholderKey) ?? "__debezium_unavailable_value"
        statusIntervalMs = Int(parsed.long(Self.statusUpdateIntervalKey) ?? 10000)
        maxRetryWaitMs = Int(parsed.long(Self.retryWaitKey) ?? 10000)
        excludedMessagePrefixes = Set(parsed.list(Self.messagePrefixExcludeListKey) ?? [])
        streaming = parsed.bool(Self.streamingKey) ?? false
        streamingSpoolDirectory = parsed.string(Self.streamingSpoolDirKey) ?? ""
    }

    /// `schema.table:col1,col2;schema.table2:col` → columns by table.
    static func parseKeyColumns(_ text: String) throws(ConnectError) -> [TableID: [String]] {
        var result: [TableID: [String]] = [:]
        for entry in text.split(separator: ";") where !entry.allSatisfy(\.isWhitespace) {
            let parts = entry.split(separator: ":", maxSplits: 1)
            let names = parts.first.map { $0.split(separator: ".", maxSplits: 1) } ?? []
            guard parts.count == 2, names.count == 2 else {
                throw .invalidConfig(name: messageKeyColumnsKey, value: text, message: "expected schema.table:col1,col2 entries separated by ';'")
            }
            let table = TableID(schema: String(names[0]).trimmed, table: String(names[1]).trimmed)
            result[table] = parts[1].split(separator: ",").map { String($0).trimmed }
        }
        return result
    }

    /// The conninfo string for libpq, with the pinned session settings; `replication` adds `replication=database`.
    public func conninfo(replication: Bool, applicationName: String) -> String {
        var pairs = connection
        pairs.append(("client_encoding", "UTF8"))
        pairs.append(("application_name", applicationName))
        pairs.append(("options", "-c DateStyle=ISO -c TimeZone=UTC -c IntervalStyle=postgres -c extra_float_digits=3 -c bytea_output=hex"))
        if replication { pairs.append(("replication", "database")) }
        return pairs.map { "\($0.0)=\(Self.quoteConninfo($0.1))" }.joined(separator: " ")
    }

    /// A libpq conninfo value in single quotes with `\` and `'` escaped.
    static func quoteConninfo(_ value: String) -> String {
        var out = "'"
        for c in value {
            if c == "\\" || c == "'" { out.append("\\") }
            out.append(c)
        }
        return out + "'"
    }
}

extension String {
    /// Without leading and trailing whitespace.
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
