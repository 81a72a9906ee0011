import Foundation
import Glibc
import Testing

@testable import FileConnector

/// Set TRIBUTARY_TAIL_BENCH_LINES to measure lines/s (meaningful only in release builds).
@Suite("FileTailer throughput", .enabled(if: ProcessInfo.processInfo.environment["TRIBUTARY_TAIL_BENCH_LINES"] != nil))
struct ThroughputTests {
    @Test func linesPerSecond() throws {
        let count = Int(ProcessInfo.processInfo.environment["TRIBUTARY_TAIL_BENCH_LINES"] ?? "") ?? 1_000_000
        let dir = try TemporaryDirectory()
        let path = dir.file("bench.log")
        try writeBenchmarkFile(path, lines: count)
        let result = try measureTailer(path)
        #expect(result.lines == count)
        print(
            "FileTailer: \(result.lines) lines, \(result.bytes) bytes in \(result.seconds) s = \(Int(Double(result.lines) / result.seconds)) lines/s"
        )
    }
}

/// Writes `lines` lines of 200 bytes (199 + newline).
func writeBenchmarkFile(_ path: String, lines: Int) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw TestFailure("open") }
    defer { close(fd) }
    var block: [UInt8] = []
    for index in 0..<lines {
        var line = Array("\(index) ".utf8)
        line += [UInt8](repeating: UInt8(ascii: "a") + UInt8(index % 26), count: 199 - line.count)
        line.append(0x0A)
        block += line
        if block.count >= 1 << 20 {
            try writeAll(fd, block)
            block.removeAll(keepingCapacity: true)
        }
    }
    try writeAll(fd, block)
}

/// Reads a file to its end with a fresh tailer and returns lines, bytes and seconds.
func measureTailer(_ path: String) throws -> (lines: Int, bytes: Int, seconds: Double) {
    var tailer = try FileTailer(configuration: FileTailerConfiguration(paths: [path], scanInterval: .seconds(60)))
    let clock = ContinuousClock()
    var lines = 0
    var bytes = 0
    let elapsed = clock.measure {
        while true {
            let batch = tailer.poll()
            if batch.isEmpty { break }
            lines += batch.count
            for line in batch { bytes += line.text.count }
        }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (lines, bytes, seconds)
}
