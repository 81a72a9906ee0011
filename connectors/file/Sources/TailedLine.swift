/// One event read from a file: a line (or a joined multiline message) and the byte range it came from.
public struct TailedLine: Sendable, Equatable {
    /// The path the file had when the tailer last saw it under a watched pattern.
    public var path: String
    /// The stable identity of the stream the bytes belong to (use it as the offset key).
    public var fingerprint: FileFingerprint
    /// The line without its `\n` (and without a `\r` before it); multiline parts are joined with `\n`.
    public var text: [UInt8]
    /// Byte offset of the event's first byte.
    public var startPosition: Int64
    /// Byte offset just after the event's last newline: store `{fingerprint, endPosition}` to resume exactly after it.
    public var endPosition: Int64
    /// How many physical lines the event consumed (1 unless multiline joined several).
    public var lineCount: Int
    /// True when bytes were dropped because of `max.line.bytes` or `multiline.max.lines`.
    public var truncated: Bool

    /// Creates an event.
    public init(
        path: String,
        fingerprint: FileFingerprint,
        text: [UInt8],
        startPosition: Int64,
        endPosition: Int64,
        lineCount: Int = 1,
        truncated: Bool = false
    ) {
        self.path = path
        self.fingerprint = fingerprint
        self.text = text
        self.startPosition = startPosition
        self.endPosition = endPosition
        self.lineCount = lineCount
        self.truncated = truncated
    }

    /// `text` decoded as UTF-8 (invalid bytes become U+FFFD).
    public var string: String { String(decoding: text, as: UTF8.self) }
}

/// Something the tailer noticed about a file, for logs, metrics and tests.
public enum TailEvent: Sendable, Equatable {
    /// A new stream started at `position` (0, or the end for `read.from=end`).
    case opened(path: String, fingerprint: FileFingerprint, position: Int64)
    /// A stream was matched to a stored offset by `resume(from:)`.
    case resumed(path: String, fingerprint: FileFingerprint, position: Int64)
    /// A tracked file appeared under a new name (same inode).
    case renamed(from: String, to: String, fingerprint: FileFingerprint)
    /// A tracked file left the patterns (renamed away or deleted); it is drained, then closed.
    case unreachable(path: String, fingerprint: FileFingerprint)
    /// The file shrank below the read position or its head changed (copytruncate or rewrite).
    case truncated(path: String, fingerprint: FileFingerprint, position: Int64)
    /// A file with the same content as a known stream (a copy) is not read as a new file.
    case duplicateIgnored(path: String, of: FileFingerprint)
    /// A stream whose file was truncated or closed continues on a copy of it.
    case continuedOnCopy(path: String, fingerprint: FileFingerprint, position: Int64)
    /// A stream was closed (drained after unlink/rename, or abandoned after truncation).
    case closed(path: String, fingerprint: FileFingerprint, position: Int64)
    /// A system call failed; the file is retried on a later poll.
    case error(path: String, operation: String, errno: Int32)
}
