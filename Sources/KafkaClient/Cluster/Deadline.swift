#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A point in monotonic time by which an operation must finish.
struct Deadline: Sendable, Comparable {
    let instant: ContinuousClock.Instant

    init(_ instant: ContinuousClock.Instant) { self.instant = instant }

    /// `milliseconds` from now.
    static func after(ms milliseconds: Int64) -> Deadline {
        Deadline(ContinuousClock.now.advanced(by: .milliseconds(milliseconds)))
    }

    /// Whether the deadline has passed.
    var hasPassed: Bool { ContinuousClock.now >= instant }

    /// Milliseconds left, at least 0.
    var remainingMs: Int64 {
        let left = ContinuousClock.now.duration(to: instant)
        let (seconds, attoseconds) = left.components
        return max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    static func < (lhs: Deadline, rhs: Deadline) -> Bool { lhs.instant < rhs.instant }
}

/// Sleeps `milliseconds`, or less if the deadline comes first; throws on cancellation.
func sleep(ms milliseconds: Int64, before deadline: Deadline? = nil) async throws {
    let ms = min(milliseconds, deadline?.remainingMs ?? milliseconds)
    guard ms > 0 else { return }
    try await Task.sleep(for: .milliseconds(ms))
}

/// Wall-clock time in milliseconds since the Unix epoch (record timestamps).
func currentTimeMillis() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
}
