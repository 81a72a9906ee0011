import ConnectREST
import ConnectRuntime
import Logging
import ServiceLifecycle
import Synchronization

/// Runs the herder inside the service group: waits for the broker and the REST listener, starts the stored and
/// command-line connectors, and on graceful shutdown stops every task (committing offsets) before the broker stops.
struct ConnectWorkerService: Service {
    let herder: StandaloneHerder
    let rest: ConnectRESTServer
    let restHost: String
    let connectors: [[String: String]]
    let brokerReady: BrokerReady
    let logger: Logger

    func run() async throws {
        let started = ContinuousClock.now
        let port = try await rest.waitUntilListening()
        await herder.setWorkerId("\(restHost):\(port)")
        await brokerReady.wait()
        try await herder.start()
        for config in connectors {
            do {
                try await herder.putStartupConnector(config)
            } catch {
                logger.error("Cannot start connector from the command line", metadata: ["error": "\(error.message)"])
            }
        }
        let startupMs = Int((ContinuousClock.now - started).seconds * 1000)
        logger.info("Worker ready", metadata: ["rest": "http://\(restHost):\(port)", "startup_ms": "\(startupMs)"])
        try? await gracefulShutdown()
        logger.info("Stopping connectors")
        await herder.shutdown()
    }
}

/// Opens once the embedded broker listens (at once when an external cluster is used).
final class BrokerReady: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Marks the broker as listening and wakes every waiter.
    func listening() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once ``listening()`` was called.
    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}
