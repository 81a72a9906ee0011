public import ConnectAPI

/// The typed settings of an SQLiteSink connector and its task, parsed once from the connector properties.
public struct SQLiteSinkConfig: Sendable, Equatable {
    /// How a record's row is written.
    public enum InsertMode: String, Sendable, Equatable {
        /// `INSERT`; a row with an existing key is an error.
        case insert
        /// `INSERT … ON CONFLICT(pk) DO UPDATE SET` the carried columns.
        case upsert
        /// `UPDATE … WHERE pk`; records without a row change nothing.
        case update
    }

    /// Where the primary key comes from.
    public enum PrimaryKeyMode: String, Sendable, Equatable {
        /// No primary key.
        case none
        /// The record's topic, partition and offset.
        case kafka
        /// The record key.
        case recordKey = "record_key"
        /// Fields of the record value.
        case recordValue = "record_value"
    }

    /// The database file.
    public var path: String
    /// `PRAGMA synchronous` value (upper case).
    public var synchronous: String
    /// `PRAGMA journal_mode` value (upper case).
    public var journalMode: String
    /// Busy timeout in milliseconds.
    public var busyTimeoutMs: Int32
    /// The insert mode.
    public var insertMode: InsertMode
    /// Whether tombstones and Debezium deletes delete rows.
    public var deleteEnabled: Bool
    /// Records per transaction.
    public var batchSize: Int
    /// The table name format (`${topic}`).
    public var tableNameFormat: String
    /// Characters replaced by `_` in table names.
    public var tableNameSanitizeChars: Set<Character>
    /// The primary-key mode.
    public var pkMode: PrimaryKeyMode
    /// The primary-key fields.
    public var pkFields: [String]
    /// Value fields to write (all when empty).
    public var includeFields: Set<String>
    /// Value fields never written.
    public var excludeFields: Set<String>
    /// Whether Debezium change events are recognized.
    public var recognizesEnvelopes: Bool
    /// Debezium's unavailable-value placeholder.
    public var unavailablePlaceholder: String
    /// Whether missing tables are created.
    public var autoCreate: Bool
    /// Whether missing columns are added.
    public var autoEvolve: Bool
    /// Retries after a transient database error.
    public var maxRetries: Int
    /// Wait before a retry, in milliseconds.
    public var retryBackoffMs: Int64
    /// The connector name, which keys the stored offsets (several connectors may share one database).
    public var connectorName: String

    /// The `kafka` pk mode's default column names.
    public static let kafkaColumns = ["__connect_topic", "__connect_partition", "__connect_offset"]

    /// Parses connector properties; unknown keys are ignored.
    /// - Throws: ``ConnectError`` (`config`) for a bad or inconsistent setting.
    public init(properties: [String: String]) throws(ConnectError) {
        let parsed = try Self.definition.parse(properties)
        let path = parsed.string(Self.pathKey).flatMap { $0.isEmpty ? nil : $0 }
        let url = parsed.string(Self.connectionURLKey).flatMap { $0.isEmpty ? nil : $0 }
        if let path {
            self.path = path
        } else if let url {
            guard url.hasPrefix("jdbc:sqlite:"), url.count > "jdbc:sqlite:".count else {
                throw .invalidConfig(name: Self.connectionURLKey, value: url, message: "SQLiteSink needs jdbc:sqlite:PATH")
            }
            var rest = String(url.dropFirst("jdbc:sqlite:".count))
            if let query = rest.firstIndex(of: "?") { rest = String(rest[..<query]) }
            if rest.hasPrefix("file:") { rest = String(rest.dropFirst("file:".count)) }
            guard !rest.isEmpty, rest != ":memory:" else {
                throw .invalidConfig(name: Self.connectionURLKey, value: url, message: "an in-memory database cannot keep offsets")
            }
            self.path = rest
        } else {
            throw ConnectError(
                .config, "SQLiteSink needs connection.url (jdbc:sqlite:PATH) or sqlite.path", configName: Self.connectionURLKey)
        }
        synchronous = (parsed.string(Self.synchronousKey) ?? "NORMAL").uppercased()
        journalMode = (parsed.string(Self.journalModeKey) ?? "WAL").uppercased()
        busyTimeoutMs = parsed.int(Self.busyTimeoutMsKey) ?? 5000
        insertMode = InsertMode(rawValue: (parsed.string(Self.insertModeKey) ?? "insert").lowercased()) ?? .insert
        deleteEnabled = parsed.bool(Self.deleteEnabledKey) ?? false
        batchSize = Int(parsed.int(Self.batchSizeKey) ?? 3000)
        tableNameFormat = parsed.string(Self.tableNameFormatKey) ?? "${topic}"
        tableNameSanitizeChars = Set(parsed.string(Self.tableNameSanitizeCharsKey) ?? ".-")
        pkMode = PrimaryKeyMode(rawValue: (parsed.string(Self.pkModeKey) ?? "none").lowercased()) ?? .none
        pkFields = (parsed.list(Self.pkFieldsKey) ?? []).filter { !$0.isEmpty }
        includeFields = Set((parsed.list(Self.fieldsWhitelistKey) ?? []) + (parsed.list(Self.fieldsIncludeKey) ?? []))
            .subtracting([""])
        excludeFields = Set(parsed.list(Self.fieldsExcludeKey) ?? []).subtracting([""])
        recognizesEnvelopes = (parsed.string(Self.envelopeModeKey) ?? "auto").lowercased() == "auto"
        unavailablePlaceholder = parsed.string(Self.placeholderKey) ?? "__debezium_unavailable_value"
        autoCreate = parsed.bool(Self.autoCreateKey) ?? false
        autoEvolve = parsed.bool(Self.autoEvolveKey) ?? false
        maxRetries = Int(parsed.int(Self.maxRetriesKey) ?? 10)
        retryBackoffMs = Int64(parsed.int(Self.retryBackoffMsKey) ?? 3000)
        connectorName = properties[ConnectorConfigKeys.name] ?? ""
        try checkConsistency()
    }

    private func checkConsistency() throws(ConnectError) {
        if insertMode != .insert && pkMode == .none {
            throw .invalidConfig(
                name: Self.insertModeKey, value: insertMode.rawValue,
                message: "insert.mode \(insertMode.rawValue) needs a primary key; set pk.mode")
        }
        if deleteEnabled && pkMode != .recordKey {
            throw .invalidConfig(
                name: Self.deleteEnabledKey, value: "true", message: "Deletes are only supported for pk.mode record_key")
        }
        if pkMode == .kafka && !pkFields.isEmpty && pkFields.count != 3 {
            throw .invalidConfig(
                name: Self.pkFieldsKey, value: pkFields.joined(separator: ","),
                message: "pk.mode kafka needs exactly 3 pk.fields (topic, partition, offset columns) or none")
        }
        if tableNameFormat.isEmpty {
            throw .invalidConfig(name: Self.tableNameFormatKey, value: "", message: "the table name format is empty")
        }
    }

    /// The table a topic's records go to: the format with `${topic}` replaced, sanitized characters as `_`.
    public func tableName(forTopic topic: String) -> String {
        let name = tableNameFormat.replacing("${topic}", with: topic)
        guard !tableNameSanitizeChars.isEmpty else { return name }
        return String(name.map { tableNameSanitizeChars.contains($0) ? "_" : $0 })
    }

    /// The primary-key column names of the `kafka` mode.
    var kafkaKeyColumns: [String] { pkFields.count == 3 ? pkFields : Self.kafkaColumns }
}
