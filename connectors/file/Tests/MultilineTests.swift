import Glibc
import Testing

@testable import FileConnector

@Suite("FileTailer multiline")
struct MultilineTests {
    private func tailer(_ path: String, _ multiline: MultilineConfiguration, maxLineBytes: Int = 1 << 20) throws
        -> FileTailer
    {
        try FileTailer(configuration: testConfiguration([path], multiline: multiline, maxLineBytes: maxLineBytes))
    }

    @Test func indentedContinuationJoinsThePreviousLine() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append("Exception in main\n  at a.b(C.java:1)\n\tat d.e(F.java:2)\nNext event\nThird\n", to: path)
        var clock = TestClock()
        var tailer = try tailer(path, MultilineConfiguration(pattern: "^[[:space:]]", timeout: .milliseconds(500)))
        let lines = tailer.poll(now: clock.now)
        #expect(lines.map(\.string) == ["Exception in main\n  at a.b(C.java:1)\n\tat d.e(F.java:2)", "Next event"])
        #expect(lines.map(\.lineCount) == [3, 1])
        #expect(lines.first?.startPosition == 0)
        #expect(lines.first?.endPosition == lines.last?.startPosition)
        // "Third" is pending: the resume position stays at its start until it is emitted.
        #expect(tailer.offsets.values.first == lines.last?.endPosition)
        clock.advance(milliseconds: 499)
        #expect(tailer.pollTexts(now: clock.now).isEmpty)
        clock.advance(milliseconds: 1)
        #expect(tailer.pollTexts(now: clock.now) == ["Third"])
    }

    @Test func continuationArrivingLaterStillJoins() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append("Caused by: X\n", to: path)
        var clock = TestClock()
        var tailer = try tailer(path, MultilineConfiguration(pattern: "^[[:space:]]", timeout: .seconds(5)))
        #expect(tailer.pollTexts(now: clock.now).isEmpty)
        clock.advance(milliseconds: 1000)
        try append("   more\n", to: path)
        #expect(tailer.pollTexts(now: clock.now).isEmpty)
        clock.advance(milliseconds: 4999)
        #expect(tailer.pollTexts(now: clock.now).isEmpty)
        clock.advance(milliseconds: 1)
        #expect(tailer.pollTexts(now: clock.now) == ["Caused by: X\n   more"])
    }

    @Test func negatedPatternAppendsNonMatchingLinesAfter() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append("[2024-01-01] start\nline two\nline three\n[2024-01-02] next\n[2024-01-03] last\n", to: path)
        var tailer = try tailer(path, MultilineConfiguration(pattern: "^\\[", negate: true, match: .after))
        #expect(tailer.pollTexts() == ["[2024-01-01] start\nline two\nline three", "[2024-01-02] next"])
    }

    @Test func matchBeforePrependsToTheNextLine() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append("a \\\nb \\\nc\nd\ne \\\n", to: path)
        var tailer = try tailer(path, MultilineConfiguration(pattern: "\\\\$", match: .before))
        #expect(tailer.pollTexts() == ["a \\\nb \\\nc", "d"])
        try append("f\n", to: path)
        #expect(tailer.pollTexts() == ["e \\\nf"])
    }

    @Test func negatedBeforeJoinsUntilAMatchingLine() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append("part 1\npart 2\nEND\nsolo END\n", to: path)
        var tailer = try tailer(path, MultilineConfiguration(pattern: "END$", negate: true, match: .before))
        #expect(tailer.pollTexts() == ["part 1\npart 2\nEND", "solo END"])
    }

    @Test func maxLinesAndMaxBytesCapTheEvent() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append("head\n 1\n 2\n 3\n 4\nnext\n", to: path)
        var tailer = try tailer(path, MultilineConfiguration(pattern: "^ ", maxLines: 3))
        let lines = tailer.poll()
        #expect(lines.map(\.string) == ["head\n 1\n 2"])
        #expect(lines.first?.lineCount == 5)
        #expect(lines.first?.truncated == true)
        #expect(lines.first?.endPosition == 17)

        let other = dir.file("bytes.log")
        try append("0123456789\n abcdef\nnext\n", to: other)
        var small = try self.tailer(other, MultilineConfiguration(pattern: "^ "), maxLineBytes: 14)
        let capped = small.poll()
        #expect(capped.map(\.string) == ["0123456789\n ab"])
        #expect(capped.first?.truncated == true)
    }

    @Test func pendingEventIsFlushedWhenTheFileIsClosed() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("app.log")
        try append("first\n more\nunterminated", to: path)
        var tailer = try tailer(path, MultilineConfiguration(pattern: "^ ", timeout: .seconds(60)))
        #expect(tailer.pollTexts().isEmpty)
        #expect(unlink(path) == 0)
        #expect(tailer.pollTexts() == ["first\n more", "unterminated"])
    }
}
