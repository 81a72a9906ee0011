/// Tails files matching paths/globs through rename and copytruncate rotation; a value type driven by `poll(now:)`.
///
/// `FileTailer` does no I/O on its own and starts no tasks: every call to `poll(now:)` checks the open
/// files, rescans the patterns when `scanInterval` has passed, reads what is new and returns the
/// finished lines in file order. Keep it in the actor or task that owns the connector and call `poll`
/// from there; time is a parameter so tests are deterministic.
///
/// Rotation handling:
/// * rename + create: the renamed file keeps its stream (same inode and head) and is read to its end
///   through the descriptor opened before the rename; once it is unreachable through the patterns (or
///   unlinked) and idle for `rotateWait`, it is closed. The new file at the path is a new stream from 0.
/// * copytruncate: a size below the read position, or a changed head or changed last-read bytes, marks
///   the stream truncated. It continues on a copy with the same content if one is visible through the
///   patterns and holds unread bytes; the truncated inode restarts as a new stream from 0. Copies are never
///   read from 0. Lines written between logrotate's copy and its truncate are in neither file, so they are
///   lost unless this tailer read them before the truncate: that window is inherent to copytruncate.
///
/// Identity (``FileFingerprint``, Vector's checksum rule): a file is identified by its head, the bytes from 0
/// to the end of its first line (newline included) or `fingerprintBytes`, whichever is shorter, plus its
/// device/inode. Every fingerprint is computed by this one rule (``FileHead``): on discovery, for copies and
/// renamed files, for standby copies that changed, in the resume plan and when checking for truncation.
/// * A file is read as soon as it has a complete first line or `fingerprintBytes` bytes, however short it is.
///   An empty file, or one whose first line is unfinished and shorter than `fingerprintBytes`, waits: its
///   head could still change. It is looked at again when it changes and, once its first line is complete,
///   read from byte 0 (or, found by the first scan with `read.from=end`, from after its last complete line).
/// * Rename keeps the inode and the first line, so a renamed file keeps its stream however short it is.
///   A `copytruncate` copy has the same first line and continues the stream; the truncated file gets a new
///   stream (a new fingerprint if its new first line differs, a new generation if it is the same line).
/// * Files that share a first line (a CSV header) are separate streams: they are on different inodes and
///   their bytes are compared (the last bytes read, remembered prefixes, or both open files at a common
///   offset) before one is taken for a copy of the other. A file that so far equals a known stream byte for
///   byte (e.g. holds only the shared header) cannot be told from a copy; it is kept open, not read, and read
///   from 0 once it differs. One that never differs is never read: the remaining ambiguity of the rule.
///
/// It is a struct: a copy is an independent tailer. Open descriptors live in immutable reference boxes
/// shared by copies, which is safe because every read is a positional `pread`; a descriptor is closed
/// when no copy references it any more.
public struct FileTailer: Sendable {
    /// The settings this tailer was created with.
    public let configuration: FileTailerConfiguration
    let regex: PosixRegex?
    var streams: [Int: TrackedStream] = [:]
    var attached: [InodeKey: Int] = [:]
    var standby: [InodeKey: StandbyFile] = [:]
    var pending: [InodeKey: PendingFile] = [:]
    var retired: [RetiredStream] = []
    var resumeTable: [FileFingerprint: Int64] = [:]
    var reserved: Set<FileFingerprint> = []
    var nextID = 0
    var hasScanned = false
    var lastScan: ContinuousClock.Instant?
    var scratch: [UInt8]
    var events: [TailEvent] = []
    var reportedFailures: Set<String> = []

    static let retiredLimit = 1024
    static let eventLimit = 10_000

    /// Creates a tailer; fails if the configuration is invalid or the multiline pattern does not compile.
    public init(configuration: FileTailerConfiguration) throws(FileTailerConfigurationError) {
        try configuration.validate()
        self.configuration = configuration
        if let multiline = configuration.multiline {
            regex = try PosixRegex(pattern: multiline.pattern)
        } else {
            regex = nil
        }
        scratch = [UInt8](repeating: 0, count: configuration.readBufferBytes)
    }

    /// Registers stored `{fingerprint: position}` offsets; call before the first `poll`.
    ///
    /// A file is matched by content (the fingerprint's head checksum), preferring the same device/inode,
    /// so a file renamed while the process was down still resumes at its position. Offsets not matched
    /// yet stay registered and apply when a matching file appears. Files matching no offset follow `readFrom`.
    public mutating func resume(from offsets: [FileFingerprint: Int64]) {
        for (fingerprint, position) in offsets where position >= 0 {
            resumeTable[fingerprint] = position
        }
    }

    /// Checks, rescans and reads; returns the events finished since the last poll, in order per file.
    public mutating func poll(now: ContinuousClock.Instant = .now) -> [TailedLine] {
        var output: [TailedLine] = []
        var mustScan = !hasScanned
        for id in streams.keys.sorted() {
            switch streams[id]?.checkForTruncation(now: now) {
            case .truncated?:
                detachTruncated(id, now: now)
                mustScan = true
            case .failed(let code)?:
                if let path = streams[id]?.path { record(.error(path: path, operation: "fstat", errno: code)) }
            default:
                break
            }
        }
        if mustScan || lastScan.map({ now - $0 >= configuration.scanInterval }) ?? true {
            scan(now: now)
        }
        for id in streams.keys.sorted() {
            guard let stream = streams[id], stream.unreachableSince != nil, !stream.unreachableReported else {
                continue
            }
            streams[id]?.unreachableReported = true
            record(.unreachable(path: stream.path, fingerprint: stream.fingerprint))
        }
        readAll(now: now, output: &output)
        return output
    }

    /// Returns and forgets the events noticed so far (opened, renamed, truncated, closed, errors…).
    public mutating func takeEvents() -> [TailEvent] {
        defer { events.removeAll() }
        return events
    }

    /// The position a restart should resume from, per stream: tracked files and recently closed ones.
    public var offsets: [FileFingerprint: Int64] {
        var result: [FileFingerprint: Int64] = [:]
        for stream in retired { result[stream.fingerprint] = stream.position }
        for stream in streams.values { result[stream.fingerprint] = stream.resumePosition }
        return result
    }

    /// A snapshot of the streams being read, oldest first.
    public var trackedFiles: [TrackedFileInfo] {
        streams.keys.sorted().compactMap { id in
            guard let stream = streams[id] else { return nil }
            let state: TrackedFileInfo.State
            if stream.file == nil {
                state = .orphaned
            } else if stream.unreachableSince != nil {
                state = .draining
            } else {
                state = .reading
            }
            return TrackedFileInfo(
                path: stream.path,
                fingerprint: stream.fingerprint,
                readPosition: stream.splitter.readPosition,
                resumePosition: stream.resumePosition,
                state: state
            )
        }
    }

    mutating func record(_ event: TailEvent) {
        events.append(event)
        if events.count > Self.eventLimit { events.removeFirst(events.count - Self.eventLimit) }
    }

    private mutating func readAll(now: ContinuousClock.Instant, output: inout [TailedLine]) {
        var buffer = scratch
        scratch = []
        var errors: [TailEvent] = []
        let ids = streams.keys.sorted()
        let budget = configuration.maxBytesPerPoll
        let rotateWait = configuration.rotateWait
        buffer.withUnsafeMutableBytes { chunk in
            for id in ids {
                guard let stream = streams[id] else { continue }
                if stream.file == nil {
                    streams[id]?.flushIdleMultiline(now: now, output: &output)
                    if let since = stream.orphanedSince, now - since >= rotateWait {
                        retire(id, now: now, output: &output)
                    }
                    continue
                }
                let atEnd =
                    streams[id]?.read(
                        scratch: chunk,
                        budget: budget,
                        now: now,
                        output: &output,
                        errors: &errors
                    ) ?? true
                streams[id]?.flushIdleMultiline(now: now, output: &output)
                guard atEnd, let current = streams[id], let since = current.unreachableSince else { continue }
                if now - since >= rotateWait && now - current.lastDataAt >= rotateWait {
                    retire(id, now: now, output: &output)
                }
            }
        }
        scratch = buffer
        for error in errors { record(error) }
    }

    /// Emits what the stream still holds, closes its file and remembers it as retired.
    mutating func retire(_ id: Int, now: ContinuousClock.Instant, output: inout [TailedLine]) {
        guard var stream = streams.removeValue(forKey: id) else { return }
        if let inode = stream.inode { attached.removeValue(forKey: inode) }
        stream.flushAll(now: now, output: &output)
        let position = stream.splitter.readPosition
        record(.closed(path: stream.path, fingerprint: stream.fingerprint, position: position))
        retired.append(
            RetiredStream(
                fingerprint: stream.fingerprint,
                path: stream.path,
                position: position,
                checkpoints: stream.checkpoints,
                prefixes: stream.prefixes,
                truncatedInode: stream.truncatedInode
            )
        )
        if retired.count > Self.retiredLimit { retired.removeFirst(retired.count - Self.retiredLimit) }
    }
}

/// What `FileTailer.trackedFiles` reports about one stream.
public struct TrackedFileInfo: Sendable, Equatable {
    /// Whether the stream is reading a reachable file, draining a rotated/deleted one, or waiting after a truncation.
    public enum State: String, Sendable {
        case reading
        case draining
        case orphaned
    }

    /// Last path the file was seen at.
    public var path: String
    /// The stream's identity.
    public var fingerprint: FileFingerprint
    /// Bytes consumed, including an unfinished last line.
    public var readPosition: Int64
    /// Where a restart would resume (start of the first byte not yet emitted).
    public var resumePosition: Int64
    /// Current state.
    public var state: State
}

/// A file whose content equals a known stream's (a copy): kept open but not read.
struct StandbyFile: Sendable {
    let file: FileDescriptor
    var path: String
    var status: FileStatus
    /// Its head when it was put on standby.
    let head: FileHead
}

/// A file without a head yet (empty, or an unfinished first line shorter than `fingerprint.bytes`).
struct PendingFile: Sendable {
    var path: String
    /// Where to start once it has a head: set if the first scan found it with `read.from=end`.
    var start: Int64?
    /// Its status when its head was last looked for: it is not read again until this changes.
    var status: FileStatus
}
