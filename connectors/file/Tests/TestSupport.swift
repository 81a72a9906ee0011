import Dispatch
import Foundation
import Glibc
import Testing

@testable import FileConnector

/// A fresh directory under /tmp, removed when the value is released.
final class TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        var template = Array("/tmp/tributary-filetail-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard made else { throw TestFailure("mkdtemp failed: errno \(errno)") }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

/// A test precondition that failed.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Appends `text` to `path`, creating it if needed.
func append(_ text: String, to path: String) throws {
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw TestFailure("open \(path): errno \(errno)") }
    defer { close(fd) }
    try writeAll(fd, Array(text.utf8))
}

/// Replaces the content of `path` with `text`.
func overwrite(_ path: String, with text: String) throws {
    let fd = open(path, O_WRONLY | O_TRUNC | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw TestFailure("open \(path): errno \(errno)") }
    defer { close(fd) }
    try writeAll(fd, Array(text.utf8))
}

/// write(2) until every byte is written.
func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + done }, bytes.count - done) }
        if n < 0 {
            if errno == EINTR { continue }
            throw TestFailure("write: errno \(errno)")
        }
        done += n
    }
}

/// Renames `from` to `to`.
func rename(_ from: String, _ to: String) throws {
    guard Glibc.rename(from, to) == 0 else { throw TestFailure("rename: errno \(errno)") }
}

/// A manually advanced clock for deterministic polls.
struct TestClock {
    var now = ContinuousClock.now
    mutating func advance(milliseconds: Int) { now = now.advanced(by: .milliseconds(milliseconds)) }
}

/// A configuration for tests: scan on every poll, close rotated files right after draining, 8-byte fingerprints.
func testConfiguration(
    _ paths: [String],
    fingerprintBytes: Int = 8,
    readFrom: ReadFrom = .beginning,
    multiline: MultilineConfiguration? = nil,
    maxLineBytes: Int = 1 << 20,
    rotateWait: Duration = .zero
) -> FileTailerConfiguration {
    FileTailerConfiguration(
        paths: paths,
        readFrom: readFrom,
        maxLineBytes: maxLineBytes,
        multiline: multiline,
        fingerprintBytes: fingerprintBytes,
        rotateWait: rotateWait,
        scanInterval: .zero
    )
}

extension FileTailer {
    /// Polls and returns the texts.
    mutating func pollTexts(now: ContinuousClock.Instant = .now) -> [String] {
        poll(now: now).map(\.string)
    }

    /// Polls until a poll returns nothing (at most `limit` times), collecting every line.
    mutating func drain(now: ContinuousClock.Instant = .now, limit: Int = 1000) -> [TailedLine] {
        var all: [TailedLine] = []
        for _ in 0..<limit {
            let lines = poll(now: now)
            if lines.isEmpty { break }
            all += lines
        }
        return all
    }
}

/// Parses "seq=000123" style sequence numbers out of lines.
func sequenceNumber(_ line: TailedLine) -> Int? {
    let text = line.string
    guard let range = text.range(of: "seq=") else { return nil }
    return Int(text[range.upperBound...].prefix { $0.isNumber })
}

/// Lines `seq=<n> <padding>` for the given range.
func sequenceLines(_ range: Range<Int>, padding: String = "payload") -> String {
    range.map { seq in
        let digits = String(seq)
        return "seq=" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + " " + padding + "\n"
    }.joined()
}

/// Checks the invariants of a run: no duplicates, and increasing sequence numbers within each stream.
func checkOrderAndUniqueness(_ lines: [TailedLine], sourceLocation: SourceLocation = #_sourceLocation) -> [Int] {
    var seen = Set<Int>()
    var lastPerStream: [FileFingerprint: Int] = [:]
    var all: [Int] = []
    for line in lines {
        guard let seq = sequenceNumber(line) else {
            Issue.record("unparsable line \(line.string)", sourceLocation: sourceLocation)
            continue
        }
        #expect(seen.insert(seq).inserted, "duplicate seq \(seq)", sourceLocation: sourceLocation)
        if let last = lastPerStream[line.fingerprint] {
            #expect(
                seq > last,
                "out of order in \(line.fingerprint): \(seq) after \(last)",
                sourceLocation: sourceLocation
            )
        }
        lastPerStream[line.fingerprint] = seq
        all.append(seq)
    }
    return all
}

/// Expects `sequence` to hold every number of `expected` exactly once; reports only a summary on failure.
func expectExactlyOnce(_ sequence: [Int], _ expected: Range<Int>, sourceLocation: SourceLocation = #_sourceLocation) {
    let seen = Set(sequence)
    let missing = Set(expected).subtracting(seen).sorted()
    let unexpected = seen.subtracting(expected).sorted()
    #expect(
        missing.isEmpty && unexpected.isEmpty && sequence.count == expected.count,
        "\(missing.count) missing (first \(missing.prefix(10))), \(unexpected.count) unexpected, \(sequence.count - seen.count) duplicates",
        sourceLocation: sourceLocation
    )
}
