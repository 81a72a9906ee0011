import NIOConcurrencyHelpers
import NIOCore

/// The open connections, so that a graceful shutdown can close idle ones at once and busy ones after their
/// current request.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        var channel: any Channel
        var busy: Bool
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var shuttingDown = false
    }

    private let state = NIOLockedValueBox(State())

    /// Adds a connection; false when the server is already shutting down.
    func add(_ channel: any Channel) -> Bool {
        state.withLockedValue { state in
            guard !state.shuttingDown else { return false }
            state.entries[ObjectIdentifier(channel)] = Entry(channel: channel, busy: false)
            return true
        }
    }

    func remove(_ channel: any Channel) {
        _ = state.withLockedValue { $0.entries.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Marks the connection busy with a request; false when it should close instead (shutdown).
    func beginRequest(_ channel: any Channel) -> Bool {
        state.withLockedValue { state in
            guard !state.shuttingDown else { return false }
            state.entries[ObjectIdentifier(channel)]?.busy = true
            return true
        }
    }

    /// Marks the request done; false when the connection should now close.
    func endRequest(_ channel: any Channel) -> Bool {
        state.withLockedValue { state in
            state.entries[ObjectIdentifier(channel)]?.busy = false
            return !state.shuttingDown
        }
    }

    var isShuttingDown: Bool { state.withLockedValue { $0.shuttingDown } }

    /// Starts the shutdown: idle connections close now, busy ones after their request.
    func shutDown() {
        let idle = state.withLockedValue { state -> [any Channel] in
            state.shuttingDown = true
            return state.entries.values.filter { !$0.busy }.map(\.channel)
        }
        for channel in idle { channel.close(promise: nil) }
    }

    var count: Int { state.withLockedValue { $0.entries.count } }
}
