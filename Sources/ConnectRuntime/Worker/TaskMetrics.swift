/// The counters one task runner keeps for `GET /metrics`.
struct TaskMetrics: Sendable {
    var recordsPolled: Int64 = 0
    var recordsWritten: Int64 = 0
    var recordErrors: Int64 = 0
    var recordsSkipped: Int64 = 0
    var deadLetterQueueRecords: Int64 = 0
    var offsetCommitsSucceeded: Int64 = 0
    var offsetCommitsFailed: Int64 = 0
    var offsetCommitSecondsSum: Double = 0
    var offsetCommitSecondsMax: Double = 0
    var consumerLag: [String: Int64] = [:]

    mutating func recordCommit(seconds: Double, succeeded: Bool) {
        if succeeded { offsetCommitsSucceeded += 1 } else { offsetCommitsFailed += 1 }
        offsetCommitSecondsSum += seconds
        offsetCommitSecondsMax = max(offsetCommitSecondsMax, seconds)
    }

    func snapshot(id: ConnectorTaskId, type: String, state: String, restarts: Int64) -> WorkerMetricsSnapshot.Task {
        var task = WorkerMetricsSnapshot.Task(id: id, type: type, state: state)
        task.recordsPolled = recordsPolled
        task.recordsWritten = recordsWritten
        task.recordErrors = recordErrors
        task.recordsSkipped = recordsSkipped
        task.deadLetterQueueRecords = deadLetterQueueRecords
        task.offsetCommitsSucceeded = offsetCommitsSucceeded
        task.offsetCommitsFailed = offsetCommitsFailed
        task.offsetCommitSecondsSum = offsetCommitSecondsSum
        task.offsetCommitSecondsMax = offsetCommitSecondsMax
        task.restarts = restarts
        task.consumerLag = consumerLag
        return task
    }
}
