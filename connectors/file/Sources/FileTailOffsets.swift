public import ConnectAPI

/// The source partition and offset format of FileTailSource, and how stored offsets are found again on start.
///
/// * Partition: `{"fingerprint": "<checksum hex>:<head length>:<device>:<inode>:<generation>"}`
///   (``FileFingerprint/stringValue``). It names one read stream by content and first location, not by
///   path, so a file keeps its offsets when it is renamed, and a `copytruncate` copy continues the stream
///   it was copied from instead of being read again. The head is the file's first line (newline included)
///   or its first `fingerprint.bytes` bytes if that line is longer; the head length says which bytes were
///   hashed, so offsets stored when heads were always `fingerprint.bytes` long are still found and verified.
/// * Offset: `{"position": <byte offset after the record's last newline>, "filename": "<path>"}`.
///   Committing a record's offset means every byte up to and including that record's line is written;
///   `filename` is the path the line was read under (shown to users; on start it also tells a shorter
///   `copytruncate` copy from a new file created at the same path with the same first bytes).
///
/// The runtime can only return offsets for partitions the task names, so on start the task names every
/// partition the files currently matching the patterns could have (see `FileTailResumePlan`).
public enum FileTailOffsets {
    /// The partition key holding the fingerprint.
    public static let fingerprintKey = "fingerprint"
    /// The offset key holding the byte position to resume from.
    public static let positionKey = "position"
    /// The offset key holding the path the line was read from.
    public static let filenameKey = "filename"

    /// The source partition of a stream.
    public static func partition(for fingerprint: FileFingerprint) -> SourcePartition {
        [fingerprintKey: .string(fingerprint.stringValue)]
    }

    /// The source offset of a record ending at `position` in the file at `path`.
    public static func offset(position: Int64, path: String) -> SourceOffset {
        [positionKey: .int(position), filenameKey: .string(path)]
    }

    /// The fingerprint a partition names, or nil if it is not a FileTailSource partition.
    public static func fingerprint(of partition: SourcePartition) -> FileFingerprint? {
        guard let text = partition[fingerprintKey]?.stringValue else { return nil }
        return FileFingerprint(stringValue: text)
    }

    /// The position an offset holds, or nil if it has none or it is negative.
    public static func position(of offset: SourceOffset) -> Int64? {
        guard let position = offset[positionKey]?.intValue, position >= 0 else { return nil }
        return position
    }

    /// Checks a KIP-875 offset change: FileTailSource partitions, and non-negative positions (or a reset).
    /// - Throws: ``ConnectError`` (`connect`) naming the first malformed entry.
    public static func validateAlteration(_ offsets: [SourcePartition: SourceOffset?]) throws(ConnectError) {
        for (partition, offset) in offsets {
            guard fingerprint(of: partition) != nil else {
                throw ConnectError.connect(
                    "Partition \(partition) is not a FileTailSource partition: it needs a '\(fingerprintKey)' "
                        + "string of the form <checksum hex>:<head length>:<device>:<inode>:<generation>"
                )
            }
            guard let offset else { continue }
            guard let value = offset[positionKey] else {
                throw ConnectError.connect("Offset \(offset) has no '\(positionKey)'")
            }
            guard let position = value.intValue, position >= 0 else {
                throw ConnectError.connect("Offset '\(positionKey)' must be a non-negative integer, got \(value)")
            }
        }
    }
}
