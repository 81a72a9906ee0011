import ConnectAPI
import Foundation
import Testing

@testable import FileConnector

/// Set TRIBUTARY_TAIL_BENCH_LINES to measure the source task's records/s next to the bare tailer's lines/s
/// (meaningful only in release builds; the ratio shows the cost of building records).
@Suite(
    "FileTailSource throughput",
    .enabled(if: ProcessInfo.processInfo.environment["TRIBUTARY_TAIL_BENCH_LINES"] != nil)
)
struct SourceTaskThroughputTests {
    @Test func recordsPerSecond() async throws {
        let count = Int(ProcessInfo.processInfo.environment["TRIBUTARY_TAIL_BENCH_LINES"] ?? "") ?? 1_000_000
        let dir = try TemporaryDirectory()
        let path = dir.file("bench.log")
        try writeBenchmarkFile(path, lines: count)
        let bare = try measureTailer(path)

        let task = try await startedSourceTask(["file": path, "topic": "bench"], store: MemoryOffsetStore())
        let clock = ContinuousClock()
        let start = clock.now
        var records = 0
        while records < count {
            records += try await task.poll().count
        }
        let elapsed = clock.now - start
        try await task.stop()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        #expect(records == count)
        print(
            "FileTailSource task: \(records) records in \(seconds) s = \(Int(Double(records) / seconds)) records/s; "
                + "bare tailer \(Int(Double(bare.lines) / bare.seconds)) lines/s"
        )
    }
}
