/// Scanning the patterns and deciding what a newly seen inode is: a new file, a resumed one, or a copy.
extension FileTailer {
    /// A known stream whose content a newly seen file has.
    enum KnownContent {
        case live(Int)
        case orphan(Int)
        case retired(Int)
    }

    /// Expands the patterns, follows renames and deletions of tracked files, and discovers new inodes.
    mutating func scan(now: ContinuousClock.Instant) {
        let initial = !hasScanned
        hasScanned = true
        lastScan = now
        var found: [InodeKey: (status: FileStatus, paths: [String])] = [:]
        var order: [InodeKey] = []
        for pattern in configuration.paths {
            for path in PathPattern.expand(pattern)
            where !configuration.excludes.contains(where: { PathPattern.matches($0, path: path) }) {
                guard let status = FileStatus.of(path: path), status.isRegularFile else { continue }
                if found[status.key] == nil {
                    order.append(status.key)
                    found[status.key] = (status, [path])
                } else if found[status.key]?.paths.contains(path) == false {
                    found[status.key]?.paths.append(path)
                }
            }
        }
        updateTracked(found: found, now: now)
        for key in standby.keys where found[key] == nil { standby.removeValue(forKey: key) }
        for key in pending.keys where found[key] == nil { pending.removeValue(forKey: key) }

        // Inodes named by stored offsets first, so an exact match wins over a copy with the same content.
        let resumeInodes = Set(resumeTable.keys.map { InodeKey(device: $0.device, inode: $0.inode) })
        let ordered = order.filter { resumeInodes.contains($0) } + order.filter { !resumeInodes.contains($0) }
        for key in ordered where attached[key] == nil {
            guard let entry = found[key], let path = entry.paths.first else { continue }
            if standby[key] != nil {
                reevaluateStandby(key, status: entry.status, now: now)
            } else {
                discover(path: path, status: entry.status, initial: initial, now: now)
            }
        }
        attachOrphansToCopies(now: now)
    }

    private mutating func updateTracked(
        found: [InodeKey: (status: FileStatus, paths: [String])],
        now: ContinuousClock.Instant
    ) {
        for (key, id) in attached {
            guard let stream = streams[id] else { continue }
            if let entry = found[key], let first = entry.paths.first {
                if !entry.paths.contains(stream.path) {
                    record(.renamed(from: stream.path, to: first, fingerprint: stream.fingerprint))
                    streams[id]?.path = first
                }
                if entry.status.linkCount > 0 {
                    streams[id]?.unreachableSince = nil
                    streams[id]?.unreachableReported = false
                }
            } else if stream.unreachableSince == nil {
                streams[id]?.unreachableSince = now
            }
        }
    }

    /// Opens a newly seen inode and decides how to read it.
    mutating func discover(path: String, status: FileStatus, initial: Bool, now: ContinuousClock.Instant) {
        let headLength = configuration.fingerprintBytes
        let startsAtEnd = initial && configuration.readFrom == .end
        if status.size < Int64(headLength) {
            if pending[status.key] == nil {
                let start = startsAtEnd ? open(path).map { alignedEnd($0, size: status.size) } : nil
                pending[status.key] = PendingFile(path: path, start: start)
            }
            return
        }
        guard let file = open(path), let current = file.status(), current.isRegularFile,
            attached[current.key] == nil, standby[current.key] == nil
        else { return }
        guard let checksum = file.headChecksum(length: headLength) else {
            if pending[current.key] == nil { pending[current.key] = PendingFile(path: path, start: nil) }
            return
        }
        let start = pending.removeValue(forKey: current.key)?.start
        var restartFromZero = false
        if let (fingerprint, position) = claimResume(file, status: current) {
            if position <= current.size {
                addStream(fingerprint, file: file, status: current, path: path, position: position, now: now)
                record(.resumed(path: path, fingerprint: fingerprint, position: position))
                return
            }
            reserved.insert(fingerprint)
            restartFromZero = true
            record(.truncated(path: path, fingerprint: fingerprint, position: position))
        }
        if let known = findKnownContent(checksum: checksum, headLength: headLength, file: file, status: current) {
            adoptCopy(known, file: file, status: current, path: path, checksum: checksum, now: now)
            return
        }
        let fingerprint = uniqueFingerprint(checksum: checksum, headLength: headLength, key: current.key)
        let position: Int64
        if restartFromZero {
            position = 0
        } else if let start {
            position = start
        } else {
            position = startsAtEnd ? alignedEnd(file, size: current.size) : 0
        }
        addStream(fingerprint, file: file, status: current, path: path, position: position, now: now)
        record(.opened(path: path, fingerprint: fingerprint, position: position))
    }

    /// A file with known content continues its stream if that stream lost its file and this copy holds
    /// unread bytes; otherwise it is kept as a standby copy and not read.
    private mutating func adoptCopy(
        _ known: KnownContent,
        file: FileDescriptor,
        status: FileStatus,
        path: String,
        checksum: UInt64,
        now: ContinuousClock.Instant
    ) {
        if continueOnCopy(known, file: file, status: status, path: path, now: now) { return }
        standby[status.key] = StandbyFile(
            file: file,
            path: path,
            status: status,
            checksum: checksum,
            headLength: configuration.fingerprintBytes
        )
        switch known {
        case .live(let id), .orphan(let id):
            if let stream = streams[id] { record(.duplicateIgnored(path: path, of: stream.fingerprint)) }
        case .retired(let index):
            record(.duplicateIgnored(path: path, of: retired[index].fingerprint))
        }
    }

    /// Attaches an orphaned stream, or revives a retired one, on `file` when it has bytes past the stream's position.
    private mutating func continueOnCopy(
        _ known: KnownContent,
        file: FileDescriptor,
        status: FileStatus,
        path: String,
        now: ContinuousClock.Instant
    ) -> Bool {
        switch known {
        case .live:
            return false
        case .orphan(let id):
            guard let stream = streams[id], status.size > stream.splitter.readPosition else { return false }
            attach(id, file: file, status: status, path: path)
            return true
        case .retired(let index):
            let old = retired[index]
            guard status.size > old.position else { return false }
            retired.remove(at: index)
            let id = addStream(
                old.fingerprint,
                file: file,
                status: status,
                path: path,
                position: old.position,
                now: now
            )
            streams[id]?.checkpoints = old.checkpoints
            streams[id]?.truncatedInode = old.truncatedInode
            record(.continuedOnCopy(path: path, fingerprint: old.fingerprint, position: old.position))
            return true
        }
    }

    /// A standby copy that changed is checked again: it may now continue a stream that lost its file, and
    /// once its bytes diverge from every stream with its head it is a new file, read from 0.
    private mutating func reevaluateStandby(_ key: InodeKey, status: FileStatus, now: ContinuousClock.Instant) {
        guard let entry = standby[key], entry.status.differsInContent(from: status) else { return }
        standby[key]?.status = status
        if let known = findKnownContent(
            checksum: entry.checksum,
            headLength: entry.headLength,
            file: entry.file,
            status: status
        ) {
            if continueOnCopy(known, file: entry.file, status: status, path: entry.path, now: now) {
                standby.removeValue(forKey: key)
            }
            return
        }
        standby.removeValue(forKey: key)
        let fingerprint = uniqueFingerprint(checksum: entry.checksum, headLength: entry.headLength, key: key)
        addStream(fingerprint, file: entry.file, status: status, path: entry.path, position: 0, now: now)
        record(.opened(path: entry.path, fingerprint: fingerprint, position: 0))
    }

    /// Moves orphaned streams (their file was truncated) onto a standby copy that holds bytes they have not read.
    mutating func attachOrphansToCopies(now: ContinuousClock.Instant) {
        for id in streams.keys.sorted() {
            guard let stream = streams[id], stream.file == nil else { continue }
            let fingerprint = stream.fingerprint
            for (key, entry) in standby.sorted(by: { $0.value.path < $1.value.path })
            where entry.checksum == fingerprint.checksum && entry.headLength == fingerprint.headLength
                && key != stream.truncatedInode
            {
                guard let status = entry.file.status(), status.size > stream.splitter.readPosition,
                    !provenDifferent(entry.file, size: status.size, checkpoints: stream.checkpoints, live: nil)
                else { continue }
                standby.removeValue(forKey: key)
                attach(id, file: entry.file, status: status, path: entry.path)
                break
            }
        }
    }

    /// Detaches a stream from its truncated file; the inode is rediscovered as a new file.
    mutating func detachTruncated(_ id: Int, now: ContinuousClock.Instant) {
        guard let stream = streams[id] else { return }
        if let inode = stream.inode { attached.removeValue(forKey: inode) }
        streams[id]?.truncatedInode = stream.inode
        streams[id]?.inode = nil
        streams[id]?.file = nil
        streams[id]?.lastStatus = nil
        streams[id]?.orphanedSince = now
        record(.truncated(path: stream.path, fingerprint: stream.fingerprint, position: stream.splitter.readPosition))
        attachOrphansToCopies(now: now)
    }

    private mutating func attach(_ id: Int, file: FileDescriptor, status: FileStatus, path: String) {
        guard streams[id] != nil else { return }
        streams[id]?.file = file
        streams[id]?.inode = status.key
        streams[id]?.lastStatus = status
        streams[id]?.path = path
        streams[id]?.orphanedSince = nil
        streams[id]?.unreachableSince = nil
        attached[status.key] = id
        if let stream = streams[id] {
            record(
                .continuedOnCopy(path: path, fingerprint: stream.fingerprint, position: stream.splitter.readPosition)
            )
        }
    }

    @discardableResult
    private mutating func addStream(
        _ fingerprint: FileFingerprint,
        file: FileDescriptor,
        status: FileStatus,
        path: String,
        position: Int64,
        now: ContinuousClock.Instant
    ) -> Int {
        let id = nextID
        nextID += 1
        let multiline = regex.flatMap { regex in
            configuration.multiline.map {
                MultilineAssembler(regex: regex, configuration: $0, maxBytes: configuration.maxLineBytes)
            }
        }
        streams[id] = TrackedStream(
            id: id,
            fingerprint: fingerprint,
            path: path,
            file: file,
            inode: status.key,
            lastStatus: status,
            splitter: LineSplitter(maxLineBytes: configuration.maxLineBytes, position: position),
            multiline: multiline,
            lastDataAt: now
        )
        attached[status.key] = id
        return id
    }

    /// Takes the best stored offset whose content matches `file`: same inode first, then any content match that fits.
    private mutating func claimResume(_ file: FileDescriptor, status: FileStatus) -> (FileFingerprint, Int64)? {
        guard !resumeTable.isEmpty else { return nil }
        var checksums: [Int: UInt64?] = [:]
        var best: (fingerprint: FileFingerprint, position: Int64, exact: Bool)?
        for (fingerprint, position) in resumeTable where Int64(fingerprint.headLength) <= status.size {
            let checksum: UInt64?
            if let cached = checksums[fingerprint.headLength] {
                checksum = cached
            } else {
                checksum = file.headChecksum(length: fingerprint.headLength)
                checksums[fingerprint.headLength] = checksum
            }
            guard checksum == fingerprint.checksum else { continue }
            let exact = fingerprint.device == status.key.device && fingerprint.inode == status.key.inode
            guard exact || position <= status.size else { continue }
            if let current = best {
                let better =
                    (exact && !current.exact)
                    || (exact == current.exact
                        && (position, fingerprint.stringValue) > (current.position, current.fingerprint.stringValue))
                if !better { continue }
            }
            best = (fingerprint, position, exact)
        }
        guard let best else { return nil }
        resumeTable.removeValue(forKey: best.fingerprint)
        return (best.fingerprint, best.position)
    }

    /// A stream (newest first, then retired ones) with the same head as `file` and no evidence that the bytes differ.
    func findKnownContent(checksum: UInt64, headLength: Int, file: FileDescriptor, status: FileStatus) -> KnownContent?
    {
        for id in streams.keys.sorted(by: >) {
            guard let stream = streams[id], stream.fingerprint.checksum == checksum,
                stream.fingerprint.headLength == headLength, stream.truncatedInode != status.key
            else { continue }
            if provenDifferent(file, size: status.size, checkpoints: stream.checkpoints, live: stream.file) { continue }
            return stream.file == nil ? .orphan(id) : .live(id)
        }
        for index in retired.indices.reversed() {
            let old = retired[index]
            guard old.fingerprint.checksum == checksum, old.fingerprint.headLength == headLength,
                old.truncatedInode != status.key
            else { continue }
            if provenDifferent(file, size: status.size, checkpoints: old.checkpoints, live: nil) { continue }
            return .retired(index)
        }
        return nil
    }

    /// True when `file` provably differs from a stream: at a remembered checkpoint, or versus its still-open file.
    func provenDifferent(_ file: FileDescriptor, size: Int64, checkpoints: [ContentCheckpoint], live: FileDescriptor?)
        -> Bool
    {
        if let checkpoint = checkpoints.last(where: { $0.position <= size }) {
            guard let bytes = file.readExactly(checkpoint.length, at: checkpoint.position - Int64(checkpoint.length))
            else {
                return true
            }
            return bytes.withUnsafeBytes { FileFingerprint.checksum(of: $0) } != checkpoint.checksum
        }
        guard let live, let liveStatus = live.status() else { return false }
        let common = min(size, liveStatus.size)
        let length = Int(min(common, Int64(TrackedStream.checkpointLength)))
        guard length > 0, let mine = file.readExactly(length, at: common - Int64(length)),
            let theirs = live.readExactly(length, at: common - Int64(length))
        else { return false }
        return mine != theirs
    }

    private func uniqueFingerprint(checksum: UInt64, headLength: Int, key: InodeKey) -> FileFingerprint {
        var fingerprint = FileFingerprint(
            checksum: checksum,
            headLength: headLength,
            device: key.device,
            inode: key.inode
        )
        let taken = Set(streams.values.map(\.fingerprint)).union(retired.map(\.fingerprint)).union(resumeTable.keys)
            .union(reserved)
        while taken.contains(fingerprint) { fingerprint.generation &+= 1 }
        return fingerprint
    }

    /// Position after the last newline before `size` (0 if the file is one unfinished line), searching the last 64 KiB.
    private func alignedEnd(_ file: FileDescriptor, size: Int64) -> Int64 {
        let window = Int(min(size, 64 << 10))
        guard window > 0 else { return 0 }
        guard let tail = file.readExactly(window, at: size - Int64(window)) else { return size }
        if let newline = tail.lastIndex(of: 0x0A) { return size - Int64(window) + Int64(newline) + 1 }
        return Int64(window) == size ? 0 : size
    }

    private mutating func open(_ path: String) -> FileDescriptor? {
        switch FileDescriptor.open(path) {
        case .success(let file):
            reportedFailures.remove(path)
            return file
        case .failure(let error):
            if reportedFailures.insert(path).inserted {
                record(.error(path: path, operation: error.operation, errno: error.code))
            }
            return nil
        }
    }
}
