import ConnectRuntime

/// Parsing connector configs out of request bodies, with Kafka Connect's name rules.
enum ConfigBody {
    /// A config object's values as strings. Strings stay as they are; numbers and booleans are taken as their
    /// JSON text (`"tasks.max": 1` is `"1"`), as Kafka's Jackson mapping coerces them. Anything else is a 400.
    static func strings(_ json: JSONValue, field: String) throws(ConnectRESTError) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in try members(json, field: field) {
            guard let text = scalarText(value) else {
                throw .badRequest("The value of '\(key)' in \(field) must be a string, not \(value.kindName)")
            }
            result[key] = text
        }
        return result
    }

    /// A PATCH config object: strings (or numbers and booleans, as above), and null to remove a key.
    static func patch(_ json: JSONValue, field: String) throws(ConnectRESTError) -> [String: String?] {
        var result: [String: String?] = [:]
        for (key, value) in try members(json, field: field) {
            if value == .null {
                result[key] = .some(nil)
            } else if let text = scalarText(value) {
                result[key] = .some(text)
            } else {
                throw .badRequest(
                    "The value of '\(key)' in \(field) must be a string, or null to remove it, not \(value.kindName)"
                )
            }
        }
        return result
    }

    /// Kafka's `checkAndPutConnectorConfigName`: a `name` in the config must equal the connector's name;
    /// without one, the name is added.
    static func withName(_ config: [String: String], _ name: String) throws(ConnectRESTError) -> [String: String] {
        if let included = config["name"] {
            guard included == name else { throw nameMismatch(included: included, name: name) }
            return config
        }
        var config = config
        config["name"] = name
        return config
    }

    /// Kafka's 400 for a config `name` that differs from the URL's (or the body's top-level) name.
    static func nameMismatch(included: String, name: String) -> ConnectRESTError {
        .badRequest("Connector name configuration (\(included)) doesn't match connector name in the URL (\(name))")
    }

    /// Kafka's validation failure for an empty connector name, word for word.
    static let emptyNameError = ConnectRESTError.badRequest(
        "Connector configuration is invalid and contains the following 1 error(s):\n"
            + "Invalid value  for configuration name: String may not be empty\n"
            + "You can also find the above list of errors at the endpoint "
            + "`/connector-plugins/{connectorType}/config/validate`"
    )

    private static func members(_ json: JSONValue, field: String) throws(ConnectRESTError) -> [(String, JSONValue)] {
        guard case .object(let members) = json else {
            throw .badRequest("\(field) must be a JSON object of config keys to string values, not \(json.kindName)")
        }
        return members
    }

    private static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }
}

/// The body of `POST /connectors`: `{"name":…,"config":{…},"initial_state":"RUNNING|PAUSED|STOPPED"}`.
struct CreateConnectorRequest: Hashable, Sendable {
    /// The connector name, trimmed as Kafka trims it.
    var name: String
    /// The config, `name` included.
    var config: [String: String]
    /// The state to start in, or `nil` for running.
    var initialState: TargetState?

    /// Parses and checks a body in Kafka's order: the name mismatch first, then the empty name.
    init(json: JSONValue) throws(ConnectRESTError) {
        guard case .object = json else {
            throw .badRequest(
                "The request body must be a JSON object {\"name\":…,\"config\":{…}}, not \(json.kindName)"
            )
        }
        switch json["name"] {
        case nil, .null?: name = ""
        case .string(let text)?: name = text.trimmingWhitespace()
        case let other?: throw .badRequest("'name' must be a string, not \(other.kindName)")
        }
        // Kafka answers a missing config with a 500 carrying a Java NullPointerException message; a 400 that
        // says what is missing is what the client needs.
        guard let configJSON = json["config"], configJSON != .null else {
            throw .badRequest(
                "The request body has no 'config' object: send {\"name\":\"…\",\"config\":{\"connector.class\":…}}"
            )
        }
        config = try ConfigBody.withName(ConfigBody.strings(configJSON, field: "'config'"), name)
        guard !name.isEmpty else { throw ConfigBody.emptyNameError }
        switch json["initial_state"] {
        case nil, .null?: initialState = nil
        case .string(let text)?:
            guard let state = TargetState(requestValue: text) else {
                throw .badRequest("Invalid initial_state '\(text)': expected RUNNING, PAUSED or STOPPED")
            }
            initialState = state
        case let other?: throw .badRequest("'initial_state' must be a string, not \(other.kindName)")
        }
    }
}
