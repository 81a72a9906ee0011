import Glibc

/// A checksum of the bytes just before `position`, remembered so a later copy of the file can be verified.
struct ContentCheckpoint: Sendable, Equatable {
    let position: Int64
    let length: Int
    let checksum: UInt64
}

/// One read stream: the bytes of one logical file, possibly moving between inodes (a copytruncate copy).
struct TrackedStream: Sendable {
    static let checkpointLength = 1024
    static let checkpointCount = 16
    /// Lengths of the leading byte ranges remembered in ``prefixes``.
    static let prefixLengths = [64, 256, 1024, 4096, 16_384, 65_536]

    let id: Int
    let fingerprint: FileFingerprint
    var path: String
    /// The open file, or nil while orphaned (its file was truncated; waiting for a copy or for expiry).
    var file: FileDescriptor?
    var inode: InodeKey?
    var lastStatus: FileStatus?
    var splitter: LineSplitter
    var multiline: MultilineAssembler?
    var checkpoints: [ContentCheckpoint] = []
    /// Checksums of the file's first ``prefixLengths`` bytes, as far as the file was read: evidence that
    /// tells another file with the same first line apart from this stream when nothing else can be compared
    /// (this stream has no open file and no checkpoint lies within the other file's size).
    var prefixes: [ContentCheckpoint] = []
    /// Set when the file is no longer reachable through the patterns, or has no links left.
    var unreachableSince: ContinuousClock.Instant?
    var unreachableReported = false
    var orphanedSince: ContinuousClock.Instant?
    /// The inode this stream was detached from because it was truncated: never re-matched to it.
    var truncatedInode: InodeKey?
    var lastDataAt: ContinuousClock.Instant

    /// Where a restart must resume: the start of the first byte not yet emitted as part of an event.
    var resumePosition: Int64 { multiline?.pendingStart ?? splitter.lineStart }

    /// Result of checking the open file before reading it.
    enum Check {
        case unchanged
        case truncated
        case failed(Int32)
    }

    /// Detects truncation: size below the read position, or (when size/mtime changed) a changed head
    /// (``FileDescriptor/hasHead(of:)``: a copytruncate'd file that got a new first line) or changed bytes
    /// just before the read position (new data written after a truncate, possibly under the same first line).
    mutating func checkForTruncation(now: ContinuousClock.Instant) -> Check {
        guard let file else { return .unchanged }
        guard let status = file.status() else { return .failed(errno) }
        defer { lastStatus = status }
        if status.linkCount == 0 { unreachableSince = unreachableSince ?? now }
        if status.size < splitter.readPosition { return .truncated }
        if let previous = lastStatus, !status.differsInContent(from: previous) { return .unchanged }
        guard file.hasHead(of: fingerprint) else { return .truncated }
        // The head can survive a rewrite (same first bytes); the last bytes read must survive too.
        if let checkpoint = checkpoints.last {
            guard let bytes = file.readExactly(checkpoint.length, at: checkpoint.position - Int64(checkpoint.length)),
                bytes.withUnsafeBytes({ FileFingerprint.checksum(of: $0) }) == checkpoint.checksum
            else { return .truncated }
        }
        return .unchanged
    }

    /// Reads up to `budget` bytes through `scratch`, appending finished events to `output`.
    /// Returns true when the read reached the end of the file.
    mutating func read(
        scratch: UnsafeMutableRawBufferPointer,
        budget: Int,
        now: ContinuousClock.Instant,
        output: inout [TailedLine],
        errors: inout [TailEvent]
    ) -> Bool {
        guard let file else { return true }
        var consumed = 0
        var lines: [RawEvent] = []
        var atEnd = false
        var lastChunk = 0
        while consumed < budget {
            let want = min(scratch.count, budget - consumed)
            let chunk = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<want])
            let count = file.read(into: chunk, at: splitter.readPosition)
            if count < 0 {
                errors.append(.error(path: path, operation: "pread", errno: Int32(-count)))
                break
            }
            if count == 0 {
                atEnd = true
                break
            }
            lines.removeAll(keepingCapacity: true)
            splitter.feed(UnsafeRawBufferPointer(rebasing: scratch[0..<count]), into: &lines)
            deliver(lines, now: now, output: &output)
            consumed += count
            lastChunk = count
            if count < want {
                atEnd = true
                break
            }
        }
        if consumed > 0 {
            lastDataAt = now
            if lastChunk >= Self.checkpointLength {
                let tail = UnsafeRawBufferPointer(rebasing: scratch[(lastChunk - Self.checkpointLength)..<lastChunk])
                appendCheckpoint(length: Self.checkpointLength, checksum: FileFingerprint.checksum(of: tail))
            } else {
                recordCheckpoint(file)
            }
            recordPrefixes(file)
        }
        return atEnd
    }

    /// Emits a pending multiline event that has been idle for its timeout.
    mutating func flushIdleMultiline(now: ContinuousClock.Instant, output: inout [TailedLine]) {
        guard multiline != nil else { return }
        var events: [RawEvent] = []
        multiline?.flushIfIdle(now: now, into: &events)
        for event in events { output.append(label(event)) }
    }

    /// Emits everything held (pending multiline event, then the unterminated last line): the file is done.
    mutating func flushAll(now: ContinuousClock.Instant, output: inout [TailedLine]) {
        var events: [RawEvent] = []
        if let fragment = splitter.flushFragment() {
            if multiline != nil {
                multiline?.push(fragment, now: now, into: &events)
            } else {
                events.append(fragment)
            }
        }
        multiline?.flush(into: &events)
        for event in events { output.append(label(event)) }
    }

    private mutating func deliver(_ lines: [RawEvent], now: ContinuousClock.Instant, output: inout [TailedLine]) {
        if multiline == nil {
            for line in lines { output.append(label(line)) }
            return
        }
        var events: [RawEvent] = []
        for line in lines { multiline?.push(line, now: now, into: &events) }
        for event in events { output.append(label(event)) }
    }

    private func label(_ event: RawEvent) -> TailedLine {
        TailedLine(
            path: path,
            fingerprint: fingerprint,
            text: event.text,
            startPosition: event.start,
            endPosition: event.end,
            lineCount: event.lineCount,
            truncated: event.truncated
        )
    }

    private mutating func recordCheckpoint(_ file: FileDescriptor) {
        let end = splitter.readPosition
        let length = Int(min(Int64(Self.checkpointLength), end))
        guard length > 0, let bytes = file.readExactly(length, at: end - Int64(length)) else { return }
        appendCheckpoint(length: length, checksum: bytes.withUnsafeBytes { FileFingerprint.checksum(of: $0) })
    }

    private mutating func recordPrefixes(_ file: FileDescriptor) {
        while prefixes.count < Self.prefixLengths.count {
            let length = Self.prefixLengths[prefixes.count]
            guard Int64(length) <= splitter.readPosition, let bytes = file.readExactly(length, at: 0) else { return }
            let checksum = bytes.withUnsafeBytes { FileFingerprint.checksum(of: $0) }
            prefixes.append(ContentCheckpoint(position: Int64(length), length: length, checksum: checksum))
        }
    }

    private mutating func appendCheckpoint(length: Int, checksum: UInt64) {
        checkpoints.append(ContentCheckpoint(position: splitter.readPosition, length: length, checksum: checksum))
        if checkpoints.count > Self.checkpointCount {
            checkpoints.removeFirst(checkpoints.count - Self.checkpointCount)
        }
    }
}

/// A closed stream, remembered so that the same content showing up again is not read from byte 0.
struct RetiredStream: Sendable {
    let fingerprint: FileFingerprint
    let path: String
    let position: Int64
    let checkpoints: [ContentCheckpoint]
    let prefixes: [ContentCheckpoint]
    let truncatedInode: InodeKey?
}
