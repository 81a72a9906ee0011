import Testing

@testable import FileConnector

@Suite("FileTailer line reading")
struct LineReadingTests {
    @Test func linesComeInOrderWithBytePositions() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append("first line\nsecond\r\nthird\n", to: path)
        var tailer = try FileTailer(configuration: testConfiguration([path]))
        let lines = tailer.poll()
        #expect(lines.map(\.string) == ["first line", "second", "third"])
        #expect(lines.map(\.startPosition) == [0, 11, 19])
        #expect(lines.map(\.endPosition) == [11, 19, 25])
        #expect(lines.allSatisfy { $0.path == path && !$0.truncated && $0.lineCount == 1 })
        #expect(Set(lines.map(\.fingerprint)).count == 1)
        try append("fourth\n", to: path)
        #expect(tailer.pollTexts() == ["fourth"])
        #expect(tailer.pollTexts().isEmpty)
        #expect(tailer.offsets.values.first == 32)
    }

    @Test func partialLineIsHeldUntilItsNewlineArrives() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append("complete one\npart", to: path)
        var tailer = try FileTailer(configuration: testConfiguration([path]))
        #expect(tailer.pollTexts() == ["complete one"])
        #expect(tailer.offsets.values.first == 13)
        try append("ial", to: path)
        #expect(tailer.pollTexts().isEmpty)
        try append("\r", to: path)
        #expect(tailer.pollTexts().isEmpty)
        try append("\nnext\n", to: path)
        let lines = tailer.poll()
        #expect(lines.map(\.string) == ["partial", "next"])
        #expect(lines.first?.startPosition == 13)
        #expect(lines.first?.endPosition == 22)
    }

    @Test func tinyReadBufferSplitsLinesAcrossChunks() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        let expected = (0..<200).map { "line number \($0) " + String(repeating: "x", count: $0 % 17) }
        try append(expected.joined(separator: "\r\n") + "\r\n", to: path)
        var configuration = testConfiguration([path])
        configuration.readBufferBytes = 7
        configuration.maxBytesPerPoll = 50
        var tailer = try FileTailer(configuration: configuration)
        let lines = tailer.drain()
        #expect(lines.map(\.string) == expected)
        for (previous, next) in zip(lines, lines.dropFirst()) { #expect(previous.endPosition == next.startPosition) }
    }

    @Test func readFromEndSkipsExistingContentButNotNewFiles() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append("old 1\nold 2\nold 3 unfinished", to: path)
        var tailer = try FileTailer(configuration: testConfiguration([dir.file("*.log")], readFrom: .end))
        #expect(tailer.pollTexts().isEmpty)
        try append(" now done\nnew 1\n", to: path)
        #expect(tailer.pollTexts() == ["old 3 unfinished now done", "new 1"])
        try append("created later\n", to: dir.file("later.log"))
        #expect(tailer.pollTexts() == ["created later"])
    }

    @Test func longLinesAreTruncatedAndTheRestSkipped() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        let long = String(repeating: "abcdefghij", count: 5)
        try append("short\n" + long + "\nafter\n", to: path)
        var configuration = testConfiguration([path], maxLineBytes: 12)
        configuration.readBufferBytes = 8
        var tailer = try FileTailer(configuration: configuration)
        let lines = tailer.poll()
        #expect(lines.map(\.string) == ["short", "abcdefghijab", "after"])
        #expect(lines.map(\.truncated) == [false, true, false])
        #expect(lines[1].startPosition == 6)
        #expect(lines[1].endPosition == 57)
        #expect(lines[2].startPosition == 57)
    }

    @Test func longPartialLineIsBoundedWhileWaiting() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        var tailer = try FileTailer(configuration: testConfiguration([path], maxLineBytes: 16))
        try append("start-", to: path)
        for _ in 0..<50 {
            try append(String(repeating: "y", count: 100), to: path)
            #expect(tailer.pollTexts().isEmpty)
        }
        try append("\n", to: path)
        let lines = tailer.poll()
        #expect(lines.map(\.string) == ["start-yyyyyyyyyy"])
        #expect(lines.first?.truncated == true)
        #expect(lines.first?.endPosition == 5007)
    }

    @Test func shortFileIsReadOnceItsFirstLineIsComplete() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        let first = sequenceLines(0..<10)
        try append(first, to: path)
        #expect(first.utf8.count < 1024)
        var tailer = try FileTailer(configuration: testConfiguration([path], fingerprintBytes: 1024))
        var lines = tailer.poll()
        #expect(lines.compactMap(sequenceNumber) == Array(0..<10))
        #expect(lines.first?.fingerprint.headLength == "seq=000000 payload\n".utf8.count)
        try append(sequenceLines(10..<60), to: path)
        lines += tailer.poll()
        #expect(lines.compactMap(sequenceNumber) == Array(0..<60))
        #expect(Set(lines.map(\.fingerprint)).count == 1)
    }

    @Test func globPicksUpNewFilesAndHonoursExcludes() throws {
        let dir = try TemporaryDirectory()
        try append("a.log one\n", to: dir.file("a.log"))
        try append("not a log\n", to: dir.file("notes.txt"))
        var configuration = testConfiguration([dir.file("?.log"), dir.file("*.gz")])
        configuration.excludes = ["*.gz"]
        var tailer = try FileTailer(configuration: configuration)
        #expect(tailer.pollTexts() == ["a.log one"])
        try append("b.log one\n", to: dir.file("b.log"))
        try append("zipped\n", to: dir.file("b.log.gz"))
        try append("too long name\n", to: dir.file("bb.log"))
        let lines = tailer.poll()
        #expect(lines.map(\.string) == ["b.log one"])
        #expect(lines.first?.path == dir.file("b.log"))
        try append("a.log two\n", to: dir.file("a.log"))
        try append("b.log two\n", to: dir.file("b.log"))
        #expect(tailer.pollTexts() == ["a.log two", "b.log two"])
    }

    @Test func scanIntervalDelaysDiscoveryButNotReading() throws {
        let dir = try TemporaryDirectory()
        try append("a.log one\n", to: dir.file("a.log"))
        var configuration = testConfiguration([dir.file("*.log")])
        configuration.scanInterval = .seconds(10)
        var tailer = try FileTailer(configuration: configuration)
        var clock = TestClock()
        #expect(tailer.pollTexts(now: clock.now) == ["a.log one"])
        try append("b.log one\n", to: dir.file("b.log"))
        try append("a.log two\n", to: dir.file("a.log"))
        clock.advance(milliseconds: 100)
        #expect(tailer.pollTexts(now: clock.now) == ["a.log two"])
        clock.advance(milliseconds: 10_000)
        #expect(tailer.pollTexts(now: clock.now) == ["b.log one"])
    }
}
