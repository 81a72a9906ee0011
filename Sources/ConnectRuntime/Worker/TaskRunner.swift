/// A running source or sink task as the herder drives it.
protocol TaskRunner: Actor {
    /// The task.
    var id: ConnectorTaskId { get }
    /// Runs until ``stop()`` (returning normally) or a failure (throwing it).
    func run() async throws
    /// Pauses or resumes processing; resources stay allocated.
    func setPaused(_ paused: Bool)
    /// Asks the run loop to end gracefully.
    func stop()
    /// The task's counters.
    func snapshot(state: String, restarts: Int64) -> WorkerMetricsSnapshot.Task
}
