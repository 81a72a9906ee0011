import ConnectAPI
import Testing

@Suite struct TaskGaugesTests {
    @Test func setOverwritesRemoveForgetsAndSnapshotIsSorted() {
        let gauges = TaskGauges()
        gauges.set("rows", labels: ["table": "b"], to: 2)
        gauges.set("rows", labels: ["table": "a"], to: 1)
        gauges.set("lag", to: 7)
        gauges.set("lag", to: 8)
        #expect(gauges.snapshot() == [
            TaskGauge(name: "lag", value: 8),
            TaskGauge(name: "rows", labels: ["table": "a"], value: 1),
            TaskGauge(name: "rows", labels: ["table": "b"], value: 2),
        ])
        gauges.remove("rows", labels: ["table": "a"])
        #expect(gauges.snapshot().map(\.labels) == [[:], ["table": "b"]])
        gauges.removeAll(named: "rows")
        #expect(gauges.snapshot() == [TaskGauge(name: "lag", value: 8)])
    }

    @Test func keepsAtMostCapacityDistinctGaugesButStillUpdatesKnownOnes() {
        let gauges = TaskGauges()
        for i in 0..<(TaskGauges.capacity + 10) { gauges.set("g", labels: ["i": String(i)], to: 1) }
        #expect(gauges.snapshot().count == TaskGauges.capacity)
        gauges.set("g", labels: ["i": "0"], to: 5)
        #expect(gauges.snapshot().first { $0.labels == ["i": "0"] }?.value == 5)
    }
}
