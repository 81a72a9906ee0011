import Glibc
import Logging

extension TailEvent {
    /// Logs the event: rotations, truncations and resumes at `info`, routine file life cycle at `debug`.
    func log(to logger: Logger) {
        switch self {
        case .opened(let path, let fingerprint, let position):
            logger.debug("Tailing new file", metadata: Self.metadata(path, fingerprint, position))
        case .resumed(let path, let fingerprint, let position):
            logger.info("Resuming file at stored offset", metadata: Self.metadata(path, fingerprint, position))
        case .renamed(let from, let to, let fingerprint):
            logger.debug(
                "Tailed file renamed",
                metadata: ["file.path": .string(to), "file.previous_path": .string(from), "file.fingerprint": "\(fingerprint)"]
            )
        case .unreachable(let path, let fingerprint):
            logger.debug("Tailed file left the patterns; draining it", metadata: Self.metadata(path, fingerprint, nil))
        case .truncated(let path, let fingerprint, let position):
            logger.info("File truncated or rewritten", metadata: Self.metadata(path, fingerprint, position))
        case .duplicateIgnored(let path, let fingerprint):
            logger.debug("File is a copy of a tailed file; not reading it", metadata: Self.metadata(path, fingerprint, nil))
        case .continuedOnCopy(let path, let fingerprint, let position):
            logger.info("Continuing a truncated file on its copy", metadata: Self.metadata(path, fingerprint, position))
        case .closed(let path, let fingerprint, let position):
            logger.debug("Closed file", metadata: Self.metadata(path, fingerprint, position))
        case .error(let path, let operation, let code):
            logger.info(
                "File operation failed; retrying later",
                metadata: [
                    "file.path": .string(path),
                    "file.operation": .string(operation),
                    "errno": .stringConvertible(code),
                    "error": .string(String(cString: strerror(code))),
                ]
            )
        }
    }

    private static func metadata(_ path: String, _ fingerprint: FileFingerprint, _ position: Int64?) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["file.path": .string(path), "file.fingerprint": "\(fingerprint)"]
        if let position { metadata["file.position"] = .stringConvertible(position) }
        return metadata
    }
}
