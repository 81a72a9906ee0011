import ConnectAPI
import Logging
import Synchronization

extension StandaloneHerder {
    /// Starts the connector instance (unless its target is STOPPED), then its tasks in the target state.
    func startConnector(_ name: String) async {
        guard var entry = connectors[name] else { return }
        nextGeneration += 1
        entry.generation = nextGeneration
        entry.trace = nil
        if entry.targetState == .stopped {
            entry.state = "STOPPED"
            entry.taskConfigs = []
            connectors[name] = entry
            await statusStore.putConnector(name, state: "STOPPED", trace: nil, workerId: workerId, generation: entry.generation)
            return
        }
        let instance = entry.plugin.makeConnector()
        entry.instance = instance
        connectors[name] = entry
        var connectorLogger = logger
        connectorLogger[metadataKey: "connector"] = "\(name)"
        let context = RuntimeConnectorContext(
            name: name, herder: self,
            offsetStorageReader: ConnectorOffsetReader(store: worker.offsets, connector: name),
            logger: connectorLogger)
        do {
            switch instance {
            case .source(let connector): try await connector.start(config: entry.config, context: context)
            case .sink(let connector): try await connector.start(config: entry.config, context: context)
            }
            let maxTasks = Int(entry.config[ConnectorConfigKeys.tasksMax].flatMap { Int($0.trimmed) } ?? 1)
            var configs = try await instance.connector.taskConfigs(maxTasks: max(1, maxTasks))
            let enforce = entry.config[ConnectorConfigKeys.tasksMaxEnforce]?.trimmed.lowercased() != "false"
            if configs.count > maxTasks {
                if enforce {
                    throw ConnectError(
                        .connect,
                        "The connector \(name) has generated \(configs.count) tasks, which is greater than "
                            + "\(maxTasks), the maximum number of tasks it is configured to create.")
                }
            }
            configs = configs.map { config in
                var config = config
                if config["task.class"] == nil { config["task.class"] = entry.plugin.className + "Task" }
                return config
            }
            guard connectors[name]?.generation == entry.generation else { return }
            connectors[name]?.taskConfigs = configs
            if entry.taskConfigs != configs {
                try await configStore.putTaskConfigs(name, configs)
            }
            let state = entry.targetState == .paused ? "PAUSED" : "RUNNING"
            connectors[name]?.state = state
            await statusStore.putConnector(name, state: state, trace: nil, workerId: workerId, generation: entry.generation)
            for index in configs.indices {
                await startTask(ConnectorTaskId(connector: name, task: index))
            }
        } catch {
            await connectorFailed(name, generation: entry.generation, error: error, context: "start")
        }
    }

    /// Records a connector failure and schedules its restart with backoff.
    func connectorFailed(_ name: String, generation: Int, error: any Error, context: String) async {
        guard var entry = connectors[name], entry.generation == generation else { return }
        entry.state = "FAILED"
        entry.trace = ErrorTrace.trace(error, context: "connector \(name) \(context)")
        entry.failures += 1
        connectors[name] = entry
        logger.error("Connector failed", metadata: ["connector": "\(name)", "error": "\(error)"])
        await statusStore.putConnector(name, state: "FAILED", trace: entry.trace, workerId: workerId, generation: generation)
        guard worker.config.restartBackoffEnabled, !stopping else { return }
        let delay = backoff(failures: entry.failures)
        Task {
            try? await Task.sleep(for: .milliseconds(delay))
            await self.autoRestartConnector(name, generation: generation)
        }
    }

    func autoRestartConnector(_ name: String, generation: Int) async {
        guard let entry = connectors[name], entry.generation == generation, entry.state == "FAILED", !stopping else { return }
        logger.info("Restarting failed connector", metadata: ["connector": "\(name)"])
        await stopTasks(name)
        await stopConnectorInstance(name)
        await startConnector(name)
    }

    /// A connector's own error report (``ConnectorContext/raiseError(_:)``).
    func connectorRaisedError(_ name: String, _ error: any Error) async {
        guard let generation = connectors[name]?.generation else { return }
        await stopTasks(name)
        await stopConnectorInstance(name)
        await connectorFailed(name, generation: generation, error: error, context: "raiseError")
    }

    /// ``ConnectorContext/requestTaskReconfiguration()``: new task configs, tasks restarted if they changed.
    func reconfigureTasks(_ name: String) async {
        guard let entry = connectors[name], let instance = entry.instance, entry.targetState != .stopped else { return }
        let maxTasks = Int(entry.config[ConnectorConfigKeys.tasksMax].flatMap { Int($0.trimmed) } ?? 1)
        do {
            let configs = try await instance.connector.taskConfigs(maxTasks: max(1, maxTasks))
            guard configs != entry.taskConfigs else { return }
            await stopTasks(name)
            connectors[name]?.taskConfigs = configs
            try await configStore.putTaskConfigs(name, configs)
            for index in configs.indices { await startTask(ConnectorTaskId(connector: name, task: index)) }
        } catch {
            await connectorFailed(name, generation: entry.generation, error: error, context: "taskConfigs")
        }
    }

    /// Stops the connector instance (not its tasks).
    func stopConnectorInstance(_ name: String) async {
        guard let instance = connectors[name]?.instance else { return }
        connectors[name]?.instance = nil
        do {
            try await instance.connector.stop()
        } catch {
            logger.warning("Connector stop failed", metadata: ["connector": "\(name)", "error": "\(error)"])
        }
    }

    /// Creates and runs one task, in the connector's target state.
    func startTask(_ id: ConnectorTaskId) async {
        guard let entry = connectors[id.connector], id.task < entry.taskConfigs.count else { return }
        let taskConfig = entry.taskConfigs[id.task]
        let store = statusStore
        let onNewTopic: @Sendable (String) -> Void = { topic in
            Task { await store.putTopic(topic, connector: id.connector, task: id.task) }
        }
        let instance = entry.instance ?? entry.plugin.makeConnector()
        let runner: any TaskRunner
        let gauges = TaskGauges()
        switch instance {
        case .source(let connector):
            runner = SourceTaskRunner(
                id: id, task: connector.makeTask(), taskConfig: taskConfig, connectorConfig: entry.config, worker: worker,
                gauges: gauges, onNewTopic: onNewTopic)
        case .sink(let connector):
            runner = SinkTaskRunner(
                id: id, task: connector.makeTask(), taskConfig: taskConfig, connectorConfig: entry.config, worker: worker,
                onNewTopic: onNewTopic)
        }
        if entry.targetState == .paused { await runner.setPaused(true) }
        nextGeneration += 1
        let generation = nextGeneration
        let previous = entry.tasks[id.task]
        let run = Task {
            let result: Result<Void, any Error>
            do {
                try await runner.run()
                result = .success(())
            } catch {
                result = .failure(error)
            }
            await self.taskFinished(id, generation: generation, result: result)
        }
        var task = TaskEntry(runner: runner, gauges: gauges, run: run, generation: generation)
        task.state = entry.targetState == .paused ? "PAUSED" : "RUNNING"
        task.restarts = previous?.restarts ?? 0
        task.failures = previous?.failures ?? 0
        connectors[id.connector]?.tasks[id.task] = task
        await statusStore.putTask(id, state: task.state, trace: nil, workerId: workerId, generation: generation)
    }

    /// A task's run ended: normally after a stop, or with a failure, which schedules a restart with backoff.
    func taskFinished(_ id: ConnectorTaskId, generation: Int, result: Result<Void, any Error>) async {
        guard var task = connectors[id.connector]?.tasks[id.task], task.generation == generation else { return }
        guard case .failure(let error) = result else { return }
        // A task that ran for a while before failing starts its backoff over.
        if ContinuousClock.now - task.startedAt > .milliseconds(worker.config.restartBackoffMaxMs) { task.failures = 0 }
        task.failures += 1
        task.state = "FAILED"
        task.trace = ErrorTrace.trace(error, context: "task \(id)")
        connectors[id.connector]?.tasks[id.task] = task
        logger.error("Task failed", metadata: ["task": "\(id)", "error": "\(error)"])
        await statusStore.putTask(id, state: "FAILED", trace: task.trace, workerId: workerId, generation: generation)
        guard worker.config.restartBackoffEnabled, !stopping else { return }
        let delay = backoff(failures: task.failures)
        logger.info("Task will restart", metadata: ["task": "\(id)", "delay_ms": "\(delay)"])
        Task {
            try? await Task.sleep(for: .milliseconds(delay))
            await self.autoRestartTask(id, generation: generation)
        }
    }

    func autoRestartTask(_ id: ConnectorTaskId, generation: Int) async {
        guard let task = connectors[id.connector]?.tasks[id.task], task.generation == generation, task.state == "FAILED",
            !stopping
        else { return }
        connectors[id.connector]?.tasks[id.task]?.restarts += 1
        connectors[id.connector]?.tasks[id.task]?.state = "RESTARTING"
        await startTask(id)
    }

    /// The delay before the n-th consecutive restart: initial × 2^(n-1), at most the maximum.
    func backoff(failures: Int) -> Int64 {
        let initial = worker.config.restartBackoffInitialMs
        let doublings = min(max(failures - 1, 0), 30)
        let grown = initial.multipliedReportingOverflow(by: Int64(1) << doublings)
        return grown.overflow ? worker.config.restartBackoffMaxMs : min(grown.partialValue, worker.config.restartBackoffMaxMs)
    }

    /// Stops every task of a connector gracefully, waiting at most `task.shutdown.graceful.timeout.ms` for each.
    func stopTasks(_ name: String) async {
        guard let tasks = connectors[name]?.tasks, !tasks.isEmpty else { return }
        connectors[name]?.tasks = [:]
        let timeout = worker.config.taskShutdownGracefulTimeoutMs
        await withTaskGroup(of: Void.self) { group in
            for (_, task) in tasks {
                group.addTask {
                    await task.runner.stop()
                    let finished = await Self.wait(for: task.run, timeoutMs: timeout)
                    if !finished { task.run.cancel() }
                }
            }
        }
    }

    /// Waits for a task's run to end, at most `timeoutMs`; returns whether it ended.
    static func wait(for run: Task<Void, Never>, timeoutMs: Int64) async -> Bool {
        await withCheckedContinuation { continuation in
            let once = ResumeOnce(continuation)
            Task {
                await run.value
                once.resume(true)
            }
            Task {
                try? await Task.sleep(for: .milliseconds(timeoutMs))
                once.resume(false)
            }
        }
    }
}

/// Resumes a continuation with the first of several results.
final class ResumeOnce: Sendable {
    private let continuation: Mutex<CheckedContinuation<Bool, Never>?>

    init(_ continuation: CheckedContinuation<Bool, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ value: Bool) {
        continuation.withLock { stored in
            defer { stored = nil }
            return stored
        }?.resume(returning: value)
    }
}
