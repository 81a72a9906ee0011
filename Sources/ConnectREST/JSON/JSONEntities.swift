import ConnectAPI
import ConnectRuntime

/// A REST entity written as Kafka Connect writes it: its fields in Kafka's order, config maps with sorted keys.
protocol JSONRepresentable {
    /// The entity as JSON.
    var json: JSONValue { get }
}

extension ServerInfo: JSONRepresentable {
    var json: JSONValue {
        .object([
            ("version", .string(version)), ("commit", .string(commit)),
            ("kafka_cluster_id", .optional(kafkaClusterId)),
        ])
    }
}

extension WorkerHealth: JSONRepresentable {
    var json: JSONValue { .object([("status", .string(status)), ("message", .string(message))]) }
}

extension ConnectorTaskId: JSONRepresentable {
    var json: JSONValue { .object([("connector", .string(connector)), ("task", .int(task))]) }
}

extension ConnectorInfo: JSONRepresentable {
    var json: JSONValue {
        .object([
            ("name", .string(name)), ("config", .sortedStrings(config)), ("tasks", .array(tasks.map(\.json))),
            ("type", .string(type.rawValue)),
        ])
    }
}

extension TaskInfo: JSONRepresentable {
    var json: JSONValue { .object([("id", id.json), ("config", .sortedStrings(config))]) }
}

extension ConnectorStateInfo.ConnectorState: JSONRepresentable {
    // `version` and `trace` are left out when absent, as Kafka's entity does.
    var json: JSONValue {
        var members: [(String, JSONValue)] = [("state", .string(state)), ("worker_id", .string(workerId))]
        if let version { members.append(("version", .string(version))) }
        if let trace { members.append(("trace", .string(trace))) }
        return .object(members)
    }
}

extension ConnectorStateInfo.TaskState: JSONRepresentable {
    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .int(id)), ("state", .string(state)), ("worker_id", .string(workerId)),
        ]
        if let version { members.append(("version", .string(version))) }
        if let trace { members.append(("trace", .string(trace))) }
        // Tributary's addition, only when the task publishes gauges: Kafka's tooling ignores unknown fields.
        if !gauges.isEmpty { members.append(("metrics", .array(gauges.map(\.json)))) }
        return .object(members)
    }
}

extension TaskGauge: JSONRepresentable {
    var json: JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(name))]
        if !labels.isEmpty { members.append(("labels", .sortedStrings(labels))) }
        let integral = value.rounded() == value && abs(value) < 1e15
        members.append(("value", integral ? .int(Int64(value)) : .double(value)))
        return .object(members)
    }
}

extension ConnectorStateInfo: JSONRepresentable {
    var json: JSONValue {
        .object([
            ("name", .string(name)), ("connector", connector.json), ("tasks", .array(tasks.map(\.json))),
            ("type", .string(type.rawValue)),
        ])
    }
}

extension LoggerLevel: JSONRepresentable {
    var json: JSONValue {
        .object([("level", .string(level)), ("last_modified", lastModified.map { .int($0) } ?? .null)])
    }
}

extension PluginInfo: JSONRepresentable {
    var json: JSONValue {
        .object([("class", .string(className)), ("type", .string(type)), ("version", .string(version))])
    }
}

extension ConfigKeyInfo: JSONRepresentable {
    var json: JSONValue {
        .object([
            ("name", .string(name)), ("type", .string(type)), ("required", .bool(required)),
            ("default_value", .optional(defaultValue)), ("importance", .string(importance)),
            ("documentation", .optional(documentation)), ("group", .optional(group)),
            ("order_in_group", .int(orderInGroup)), ("width", .string(width)),
            ("display_name", .string(displayName)), ("dependents", .array(dependents.map(JSONValue.string))),
        ])
    }
}

extension ConfigValueInfo: JSONRepresentable {
    var json: JSONValue {
        .object([
            ("name", .string(name)), ("value", .optional(value)),
            ("recommended_values", .array(recommendedValues.map(JSONValue.string))),
            ("errors", .array(errors.map(JSONValue.string))), ("visible", .bool(visible)),
        ])
    }
}

extension ConfigInfos: JSONRepresentable {
    var json: JSONValue {
        .object([
            ("name", .string(name)), ("error_count", .int(errorCount)),
            ("groups", .array(groups.map(JSONValue.string))),
            (
                "configs",
                .array(
                    configs.map { entry in
                        .object([
                            ("definition", entry.definition?.json ?? .null), ("value", entry.value?.json ?? .null),
                        ])
                    }
                )
            ),
        ])
    }
}

extension Array: JSONRepresentable where Element: JSONRepresentable {
    var json: JSONValue { .array(map(\.json)) }
}
