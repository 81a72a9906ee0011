import ConnectAPI

/// Turns tailed lines into source records: STRING value, path key, `file`/`offset` headers, fingerprint partition.
///
/// Lines arrive grouped by file, so the partition map of the last fingerprint is kept and shared
/// (copy-on-write) by every record of that file; per line, only the value string, the offset map and
/// the header array are built.
struct FileTailRecordBuilder: Sendable {
    /// The topic of every record.
    let topic: String
    /// What the key holds.
    let keyMode: FileTailSourceConfig.KeyMode
    /// Whether `file` and `offset` headers are added.
    let headersEnabled: Bool
    private var lastFingerprint: FileFingerprint?
    private var lastPartition: SourcePartition = [:]

    /// The header with the path of the file.
    static let fileHeader = "file"
    /// The header with the byte offset of the start of the line.
    static let offsetHeader = "offset"

    /// A builder for the task's settings.
    init(settings: FileTailSourceConfig) {
        topic = settings.topic
        keyMode = settings.keyMode
        headersEnabled = settings.headersEnabled
    }

    /// The record of one line; its offset is the position just after the line.
    mutating func record(for line: TailedLine) -> SourceRecord {
        if lastFingerprint != line.fingerprint {
            lastFingerprint = line.fingerprint
            lastPartition = FileTailOffsets.partition(for: line.fingerprint)
        }
        let path = line.path
        var headers = ConnectHeaders()
        if headersEnabled {
            headers = [
                ConnectHeader(key: Self.fileHeader, schema: .string, value: .string(path)),
                ConnectHeader(key: Self.offsetHeader, schema: .string, value: .string(String(line.startPosition))),
            ]
        }
        let keyed = keyMode == .path
        return SourceRecord(
            sourcePartition: lastPartition,
            sourceOffset: FileTailOffsets.offset(position: line.endPosition, path: path),
            topic: topic,
            keySchema: keyed ? .string : nil,
            key: keyed ? .string(path) : .null,
            valueSchema: .string,
            value: .string(line.string),
            timestamp: nil,
            headers: headers
        )
    }
}
