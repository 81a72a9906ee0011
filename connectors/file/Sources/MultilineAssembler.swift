/// Joins physical lines into multiline events with Filebeat's `pattern`/`negate`/`match` semantics.
///
/// A line is a continuation when `regex matches != negate`.
/// * `after`: a continuation joins the pending event; any other line flushes it and starts a new one.
/// * `before`: every line joins the pending event; a non-continuation line then completes it.
/// Events are capped at `maxLines` physical lines and `maxBytes` bytes (the rest is dropped, `truncated`).
struct MultilineAssembler: Sendable {
    let regex: PosixRegex
    let configuration: MultilineConfiguration
    let maxBytes: Int
    private var pending: RawEvent?
    private var lastLineAt: ContinuousClock.Instant?

    init(regex: PosixRegex, configuration: MultilineConfiguration, maxBytes: Int) {
        self.regex = regex
        self.configuration = configuration
        self.maxBytes = maxBytes
    }

    /// Start offset of the event being assembled, if any (the position to resume from).
    var pendingStart: Int64? { pending?.start }

    /// Feeds one physical line; completed events are appended to `output`.
    mutating func push(_ line: RawEvent, now: ContinuousClock.Instant, into output: inout [RawEvent]) {
        let continuation = regex.matches(line.text) != configuration.negate
        switch configuration.match {
        case .after:
            if continuation, pending != nil {
                append(line)
            } else {
                flush(into: &output)
                pending = line
            }
        case .before:
            if pending != nil { append(line) } else { pending = line }
            if !continuation { flush(into: &output) }
        }
        lastLineAt = now
    }

    /// Emits the pending event if no line arrived for `timeout`.
    mutating func flushIfIdle(now: ContinuousClock.Instant, into output: inout [RawEvent]) {
        guard pending != nil, let lastLineAt, now - lastLineAt >= configuration.timeout else { return }
        flush(into: &output)
    }

    /// Emits the pending event, if any.
    mutating func flush(into output: inout [RawEvent]) {
        guard let event = pending else { return }
        pending = nil
        output.append(event)
    }

    private mutating func append(_ line: RawEvent) {
        guard var event = pending else { return }
        pending = nil
        event.end = line.end
        event.lineCount += 1
        if event.lineCount > configuration.maxLines {
            event.truncated = true
        } else {
            let room = maxBytes - event.text.count
            if room > 1 {
                event.text.append(0x0A)
                let take = min(room - 1, line.text.count)
                event.text.append(contentsOf: line.text.prefix(take))
                if take < line.text.count { event.truncated = true }
            } else {
                event.truncated = true
            }
            if line.truncated { event.truncated = true }
        }
        pending = event
    }
}
