import NIOConcurrencyHelpers

/// Connection and request counters of the broker (exported by the Connect REST `/metrics` later).
public final class BrokerMetrics: Sendable {
    /// A point-in-time copy of the counters.
    public struct Snapshot: Hashable, Sendable {
        public var connectionsOpen = 0
        public var connectionsTotal = 0
        public var requestsTotal = 0
        public var requestsFailed = 0
        public var requestBytesTotal = 0
        public var requestNanosecondsTotal: Int64 = 0
    }

    private let state = NIOLockedValueBox(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLockedValue { $0 } }

    func connectionOpened() {
        state.withLockedValue {
            $0.connectionsOpen += 1
            $0.connectionsTotal += 1
        }
    }

    func connectionClosed() { state.withLockedValue { $0.connectionsOpen -= 1 } }

    func requestFailed() { state.withLockedValue { $0.requestsFailed += 1 } }

    func requestServed(bytesIn: Int, duration: Duration) {
        let nanos = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        state.withLockedValue {
            $0.requestsTotal += 1
            $0.requestBytesTotal += bytesIn
            $0.requestNanosecondsTotal += nanos
        }
    }
}
