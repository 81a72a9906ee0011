import ConnectAPI

/// What a starting task saw of one file matching the patterns, before the tailer opens anything.
struct ObservedFile: Sendable, Equatable {
    /// The path it matched under.
    let path: String
    /// Its device and inode.
    let inode: InodeKey
    /// Its size when observed.
    let size: Int64
    /// The checksum of its first `fingerprint.bytes` bytes, or nil while it is shorter than that.
    let checksum: UInt64?
}

/// Which stored offsets a starting task looks up, and how it turns them into the tailer's resume table.
///
/// Lookup: every head checksum seen among the matching files, combined with every device/inode seen among
/// them (generations 0–3). This finds a renamed file (same inode and head) and a `copytruncate` copy (its
/// head with the inode of the file it was copied from, which still matches the patterns). Offsets of
/// files that no longer match any pattern are not looked up. Above 65,536 combinations only each file's
/// own fingerprint is looked up.
///
/// Resume: the stored offsets as they are, plus one rule for copies that are *shorter* than the position
/// stored for their content. That happens with `copytruncate` when lines written between the copy and the
/// truncation were read from the original before it was truncated: the copy holds nothing unread, so it
/// resumes at its end instead of being read again from byte 0. The rule applies only when the stored
/// stream cannot resume on its own inode (that inode no longer has this head) and was read under another
/// path, so a new file created at the same path with the same first bytes is still read from its start.
struct FileTailResumePlan: Sendable {
    /// `fingerprint.bytes`.
    let headLength: Int
    /// The files matching the patterns now, in scan order, one per inode.
    let files: [ObservedFile]

    /// Generations of one fingerprint looked up (bumped only when a truncated file restarts with the same head).
    static let generationsLookedUp: UInt32 = 4
    /// Above this many candidate partitions, only each file's own fingerprint is looked up.
    static let crossProductLimit = 65_536

    /// Lists the files matching `configuration` now (glob, stat, reading each head): blocking I/O.
    static func observe(_ configuration: FileTailerConfiguration) -> FileTailResumePlan {
        let headLength = configuration.fingerprintBytes
        var files: [ObservedFile] = []
        var seen = Set<InodeKey>()
        for pattern in configuration.paths {
            for path in PathPattern.expand(pattern)
            where !configuration.excludes.contains(where: { PathPattern.matches($0, path: path) }) {
                guard let status = FileStatus.of(path: path), status.isRegularFile, seen.insert(status.key).inserted
                else { continue }
                var checksum: UInt64?
                if status.size >= Int64(headLength), case .success(let file) = FileDescriptor.open(path) {
                    checksum = file.headChecksum(length: headLength)
                }
                files.append(ObservedFile(path: path, inode: status.key, size: status.size, checksum: checksum))
            }
        }
        return FileTailResumePlan(headLength: headLength, files: files)
    }

    /// The partitions to look up.
    var candidatePartitions: [SourcePartition] {
        candidateFingerprints.map(FileTailOffsets.partition(for:))
    }

    /// The fingerprints behind ``candidatePartitions``.
    var candidateFingerprints: [FileFingerprint] {
        var checksums: [UInt64] = []
        var seen = Set<UInt64>()
        for file in files {
            if let checksum = file.checksum, seen.insert(checksum).inserted { checksums.append(checksum) }
        }
        let pairs: [(checksum: UInt64, inode: InodeKey)]
        if checksums.count * files.count * Int(Self.generationsLookedUp) <= Self.crossProductLimit {
            pairs = checksums.flatMap { checksum in files.map { (checksum, $0.inode) } }
        } else {
            pairs = files.compactMap { file in file.checksum.map { ($0, file.inode) } }
        }
        return pairs.flatMap { pair in
            (0..<Self.generationsLookedUp).map { generation in
                FileFingerprint(
                    checksum: pair.checksum,
                    headLength: headLength,
                    device: pair.inode.device,
                    inode: pair.inode.inode,
                    generation: generation
                )
            }
        }
    }

    /// The tailer's resume table for the offsets found: stored positions, plus fully read shorter copies at their end.
    func resumeTable(stored: [SourcePartition: SourceOffset]) -> [FileFingerprint: Int64] {
        var table: [FileFingerprint: Int64] = [:]
        var filenames: [FileFingerprint: String] = [:]
        for (partition, offset) in stored {
            guard let fingerprint = FileTailOffsets.fingerprint(of: partition),
                let position = FileTailOffsets.position(of: offset)
            else { continue }
            table[fingerprint] = position
            filenames[fingerprint] = offset[FileTailOffsets.filenameKey]?.stringValue
        }
        let storedEntries = table
        let headByInode = Dictionary(files.map { ($0.inode, $0.checksum) }, uniquingKeysWith: { first, _ in first })
        for file in files {
            guard let checksum = file.checksum else { continue }
            let sameHead = storedEntries.filter { $0.key.checksum == checksum && $0.key.headLength == headLength }
            // The tailer resumes this file itself: on its own inode, or on a stream it holds every byte of.
            if sameHead.contains(where: { $0.key.device == file.inode.device && $0.key.inode == file.inode.inode }) {
                continue
            }
            if sameHead.contains(where: { $0.value <= file.size }) { continue }
            let readElsewhere = sameHead.contains { entry in
                let home = InodeKey(device: entry.key.device, inode: entry.key.inode)
                let canResumeAtHome = headByInode[home].map { $0 == checksum } ?? false
                return !canResumeAtHome && filenames[entry.key] != file.path
            }
            guard readElsewhere else { continue }
            var fingerprint = FileFingerprint(
                checksum: checksum,
                headLength: headLength,
                device: file.inode.device,
                inode: file.inode.inode
            )
            while table[fingerprint] != nil { fingerprint.generation &+= 1 }
            table[fingerprint] = file.size
        }
        return table
    }
}
