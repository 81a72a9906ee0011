import ConnectAPI

extension StandaloneHerder {
    public func restartConnector(_ name: String, includeTasks: Bool, onlyFailed: Bool) async throws(HerderError)
        -> ConnectorStateInfo?
    {
        let entry = try entry(name)
        if !includeTasks && !onlyFailed {
            await restartConnectorOnly(name)
            return nil
        }
        let restartConnector = !onlyFailed || entry.state == "FAILED"
        let taskIds = includeTasks
            ? entry.tasks.filter { !onlyFailed || $0.value.state == "FAILED" }.map(\.key).sorted() : []
        var answer = status(name, entry)
        if restartConnector { answer.connector.state = "RESTARTING" }
        for index in answer.tasks.indices where taskIds.contains(answer.tasks[index].id) {
            answer.tasks[index].state = "RESTARTING"
        }
        if restartConnector && includeTasks && !onlyFailed {
            await stopTasks(name)
            await stopConnectorInstance(name)
            await startConnector(name)
        } else {
            if restartConnector { await restartConnectorOnly(name) }
            for task in taskIds { await restartTaskNow(ConnectorTaskId(connector: name, task: task)) }
        }
        return answer
    }

    /// Restarts only the connector instance, keeping its running tasks (Kafka's legacy restart).
    private func restartConnectorOnly(_ name: String) async {
        guard let entry = connectors[name], entry.targetState != .stopped else { return }
        if entry.tasks.isEmpty {
            await stopConnectorInstance(name)
            await startConnector(name)
            return
        }
        await stopConnectorInstance(name)
        let instance = entry.plugin.makeConnector()
        connectors[name]?.instance = instance
        let context = RuntimeConnectorContext(
            name: name, herder: self, offsetStorageReader: ConnectorOffsetReader(store: worker.offsets, connector: name),
            logger: logger)
        do {
            switch instance {
            case .source(let connector): try await connector.start(config: entry.config, context: context)
            case .sink(let connector): try await connector.start(config: entry.config, context: context)
            }
            connectors[name]?.state = entry.targetState == .paused ? "PAUSED" : "RUNNING"
            connectors[name]?.trace = nil
        } catch {
            await connectorFailed(name, generation: entry.generation, error: error, context: "restart")
        }
    }

    public func restartTask(_ id: ConnectorTaskId) async throws(HerderError) {
        let entry = try entry(id.connector)
        guard entry.tasks[id.task] != nil else { throw .notFound("Task \(id) not found") }
        await restartTaskNow(id)
    }

    private func restartTaskNow(_ id: ConnectorTaskId) async {
        guard let task = connectors[id.connector]?.tasks[id.task] else { return }
        await task.runner.stop()
        if !(await Self.wait(for: task.run, timeoutMs: worker.config.taskShutdownGracefulTimeoutMs)) { task.run.cancel() }
        connectors[id.connector]?.tasks[id.task]?.state = "RESTARTING"
        connectors[id.connector]?.tasks[id.task]?.failures = 0
        await startTask(id)
    }

    public func setTargetState(_ name: String, _ state: TargetState) async throws(HerderError) {
        let entry = try entry(name)
        // Resuming a running connector, or pausing a paused one, changes nothing.
        if entry.targetState == state && !(state == .started && entry.state == "FAILED") { return }
        do {
            try await configStore.putTargetState(name, state)
        } catch {
            throw .internalError("Failed to write the target state to the config topic: \(error)")
        }
        connectors[name]?.targetState = state
        switch (entry.targetState, state) {
        case (.stopped, _):
            await startConnector(name)
        case (_, .stopped):
            await stopTasks(name)
            await stopConnectorInstance(name)
            connectors[name]?.taskConfigs = []
            connectors[name]?.state = "STOPPED"
            do {
                try await configStore.putTaskConfigs(name, [])
            } catch {
                throw .internalError("Failed to write empty task configs to the config topic: \(error)")
            }
            await statusStore.putConnector(name, state: "STOPPED", trace: nil, workerId: workerId, generation: entry.generation)
        case (_, .paused), (_, .started):
            let paused = state == .paused
            let label = paused ? "PAUSED" : "RUNNING"
            if entry.state != "FAILED" { connectors[name]?.state = label }
            await statusStore.putConnector(name, state: label, trace: nil, workerId: workerId, generation: entry.generation)
            for (index, task) in entry.tasks.sorted(by: { $0.key < $1.key }) where task.state != "FAILED" {
                await task.runner.setPaused(paused)
                connectors[name]?.tasks[index]?.state = label
                await statusStore.putTask(
                    ConnectorTaskId(connector: name, task: index), state: label, trace: nil, workerId: workerId,
                    generation: task.generation)
            }
        }
    }
}
