import ConnectAPI
import ConnectTransforms

extension StandaloneHerder {
    public func putConnectorConfig(
        name: String,
        config: [String: String],
        allowReplace: Bool,
        initialState: TargetState?
    ) async throws(HerderError) -> (created: Bool, info: ConnectorInfo) {
        var config = config
        config[ConnectorConfigKeys.name] = name
        let existing = connectors[name]
        if existing != nil && !allowReplace {
            throw .conflict("Connector \(name) already exists")
        }
        let plugin = try await validateForCreate(config)
        // Unchanged config for an existing connector: nothing to restart (as Kafka's standalone herder).
        if let existing, existing.config == config {
            return (false, try await connectorInfo(name))
        }
        let targetState = existing?.targetState ?? initialState ?? .started
        do {
            try await configStore.putConnectorConfig(name, config)
            if existing == nil || initialState != nil {
                try await configStore.putTargetState(name, targetState)
            }
        } catch {
            throw .internalError("Failed to write the connector config to the config topic: \(error)")
        }
        if existing != nil {
            await stopTasks(name)
            await stopConnectorInstance(name)
        }
        var entry = ConnectorEntry(config: config, targetState: targetState, plugin: plugin)
        entry.taskConfigs = existing?.taskConfigs ?? []
        connectors[name] = entry
        await startConnector(name)
        return (existing == nil, try await connectorInfo(name))
    }

    public func patchConnectorConfig(name: String, patch: [String: String?]) async throws(HerderError) -> ConnectorInfo {
        let entry = try entry(name)
        var config = entry.config
        for (key, value) in patch {
            config[key] = value ?? nil
        }
        if let patchedName = config[ConnectorConfigKeys.name], patchedName != name {
            throw .badRequest("Connector name configuration (\(patchedName)) doesn't match connector name in the URL (\(name))")
        }
        return try await putConnectorConfig(name: name, config: config, allowReplace: true, initialState: nil).info
    }

    public func deleteConnector(_ name: String, deleteOffsets: Bool) async throws(HerderError) {
        let entry = try entry(name)
        await stopTasks(name)
        await stopConnectorInstance(name)
        connectors[name] = nil
        do {
            try await configStore.removeConnector(name)
        } catch {
            throw .internalError("Failed to remove the connector from the config topic: \(error)")
        }
        await statusStore.removeConnector(name, tasks: entry.taskConfigs.count)
        if deleteOffsets {
            do {
                try await resetOffsets(name, entry: entry)
            } catch {
                throw .internalError("The connector was deleted, but its offsets could not be deleted: \(error)")
            }
        }
    }

    /// Validates a config for creation: Kafka's checks and messages, then the connector's own.
    func validateForCreate(_ config: [String: String]) async throws(HerderError) -> ConnectorPlugin {
        guard let className = config[ConnectorConfigKeys.connectorClass], !className.isEmpty else {
            let shown = config.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            throw .badRequest("Connector config {\(shown)} contains no connector type")
        }
        guard let plugin = plugins.plugin(named: className) else {
            throw .badRequest(plugins.unknownClassMessage(className))
        }
        let infos = await validation(config, plugin: plugin, name: className)
        let errors = infos.configs.compactMap(\.value).flatMap(\.errors)
        guard errors.isEmpty else {
            throw .badRequest(
                "Connector configuration is invalid and contains the following \(errors.count) error(s):\n"
                    + errors.joined(separator: "\n")
                    + "\nYou can also find the above list of errors at the endpoint "
                    + "`/connector-plugins/{connectorType}/config/validate`")
        }
        return plugin
    }

    /// Kafka's `validateConnectorConfig`: the framework's keys (common + source or sink), the transforms and
    /// predicates, and the connector's own validation, merged.
    func validation(_ config: [String: String], plugin: ConnectorPlugin, name: String) async -> ConfigInfos {
        let base = plugin.type == .source ? ConnectorConfigKeys.source : ConnectorConfigKeys.sink
        var baseValues = base.validate(config)
        if plugin.type == .sink {
            let topics = config[ConnectorConfigKeys.topics]?.trimmed ?? ""
            let regex = config[ConnectorConfigKeys.topicsRegex]?.trimmed ?? ""
            if topics.isEmpty && regex.isEmpty {
                baseValues.addError("Must configure one of topics or topics.regex", to: ConnectorConfigKeys.topics)
            } else if !topics.isEmpty && !regex.isEmpty {
                baseValues.addError("topics and topics.regex are mutually exclusive options, but both are set.",
                    to: ConnectorConfigKeys.topics)
            }
            if let dlq = config[ConnectorConfigKeys.deadLetterQueueTopicName]?.trimmed, !dlq.isEmpty,
                topics.split(separator: ",").map({ String($0).trimmed }).contains(dlq)
            {
                baseValues.addError(
                    "The DLQ topic '\(dlq)' may not be included in the list of topics ('topics=\(topics)') to be consumed.",
                    to: ConnectorConfigKeys.deadLetterQueueTopicName)
            }
        }
        do {
            _ = try TransformChain.parse(connectorConfig: config)
        } catch {
            let message = (error as? ConnectError)?.message ?? String(describing: error)
            baseValues.addError(message, to: ConnectorConfigKeys.transforms)
        }
        for converterKey in [ConnectorConfigKeys.keyConverter, ConnectorConfigKeys.valueConverter] {
            guard let className = config[converterKey], !className.isEmpty else { continue }
            do {
                _ = try ConverterFactory.make(
                    className: className, configs: ConverterFactory.strip(converterKey + ".", config),
                    isKey: converterKey == ConnectorConfigKeys.keyConverter)
            } catch {
                let message = (error as? ConnectError)?.message ?? String(describing: error)
                baseValues.addError(message, to: converterKey)
            }
        }
        let baseInfos = ConfigInfos(name: name, definition: base, values: baseValues)
        let connector = plugin.makeConnector().connector
        let own = await connector.validate(config)
        let ownInfos = ConfigInfos(name: name, definition: connector.config, values: own)
        return ConfigInfos.merged(name: name, [baseInfos, ownInfos])
    }

    public func plugins(connectorsOnly: Bool) async -> [PluginInfo] {
        plugins.infos(connectorsOnly: connectorsOnly)
    }

    public func pluginConfig(_ plugin: String) async throws(HerderError) -> [ConfigKeyInfo] {
        guard let found = plugins.plugin(named: plugin) else {
            throw .notFound("Unknown plugin \(plugin).")
        }
        let base = found.type == .source ? ConnectorConfigKeys.source : ConnectorConfigKeys.sink
        return found.configDefinition.keyInfos + base.keyInfos
    }

    public func validate(plugin: String, config: [String: String]) async throws(HerderError) -> ConfigInfos {
        guard let className = config[ConnectorConfigKeys.connectorClass], !className.isEmpty else {
            let shown = config.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            throw .badRequest("Connector config {\(shown)} contains no connector type")
        }
        guard let found = plugins.plugin(named: className) else {
            throw .badRequest(plugins.unknownClassMessage(className))
        }
        return await validation(config, plugin: found, name: className)
    }

    public func loggers() async -> [String: LoggerLevel] {
        var result: [String: LoggerLevel] = [:]
        for (name, value) in loggerLevels.all() {
            result[name] = LoggerLevel(level: LoggerLevels.name(value.level), lastModified: value.lastModified)
        }
        return result
    }

    public func logger(_ name: String) async throws(HerderError) -> LoggerLevel {
        let all = loggerLevels.all()
        if let value = all[name] {
            return LoggerLevel(level: LoggerLevels.name(value.level), lastModified: value.lastModified)
        }
        throw .notFound("Logger \(name) not found.")
    }

    public func setLoggerLevel(_ name: String, level: String) async throws(HerderError) -> [String] {
        guard let parsed = LoggerLevels.parse(level) else { throw .notFound("invalid log level '\(level)'.") }
        return loggerLevels.set(name, to: parsed, at: WallClock.nowMillis)
    }
}
