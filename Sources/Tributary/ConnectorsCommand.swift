import ArgumentParser
import ConnectREST
import Foundation
import NIOHTTP1

/// `tributary connectors …`: a client for a worker's Kafka Connect REST API (Kafka Connect has no CLI; each
/// subcommand is one REST call).
struct ConnectorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connectors",
        abstract: "Manage the connectors of a running worker over its REST API.",
        subcommands: [
            ConnectorsListCommand.self, ConnectorsCreateCommand.self, ConnectorsStatusCommand.self,
            ConnectorsPauseCommand.self, ConnectorsResumeCommand.self, ConnectorsRestartCommand.self,
            ConnectorsDeleteCommand.self, ConnectorsOffsetsCommand.self,
        ]
    )
}

/// `--url` and `--token`, shared by every `connectors` subcommand.
struct RESTConnectionOptions: ParsableArguments {
    @Option(help: "The worker's REST API (default: $TRIBUTARY_CONNECT_URL, else http://127.0.0.1:8083).")
    var url: String?

    @Option(help: "A bearer token for mutating calls (default: $TRIBUTARY_REST_TOKEN).")
    var token: String?

    func validate() throws {
        _ = try client()
    }

    /// The client the options describe, environment variables filling what the flags leave out.
    func client() throws -> RESTClient {
        let environment = ProcessInfo.processInfo.environment
        let resolvedURL = url ?? environment["TRIBUTARY_CONNECT_URL"] ?? "http://127.0.0.1:8083"
        let resolvedToken = token ?? environment["TRIBUTARY_REST_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return RESTClient(endpoint: try RESTEndpoint(parsing: resolvedURL), token: resolvedToken)
    }

    /// Sends a request and returns the JSON answer (`nil` for an empty body); an error status becomes a
    /// failure carrying the API's message.
    @discardableResult
    func call(_ method: HTTPMethod, _ path: String, json body: JSONValue? = nil) async throws -> JSONValue? {
        let response = try await client().send(method, path, json: body?.compactText)
        let parsed = response.body.isEmpty ? nil : try? JSONValue(parsing: response.body)
        guard (200..<300).contains(response.status) else {
            if case .string(let message)? = parsed?["message"] {
                throw CommandFailure("\(message) (HTTP \(response.status))")
            }
            throw CommandFailure("HTTP \(response.status)" + (response.body.isEmpty ? "" : ": \(response.body)"))
        }
        if parsed == nil, !response.body.isEmpty {
            throw CommandFailure("the worker answered HTTP \(response.status) with a body that is not JSON")
        }
        return parsed
    }

    /// `/connectors/<name>` with the name percent-encoded as one path segment.
    static func connectorPath(_ name: String, _ suffix: String = "") -> String {
        "/connectors/" + percentEncoded(name) + suffix
    }

    /// Every byte outside RFC 3986's unreserved set as `%XX`.
    static func percentEncoded(_ segment: String) -> String {
        var output = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                output += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return output
    }
}

/// Prints an API answer as indented JSON.
func printJSON(_ value: JSONValue?) {
    if let value { print(value.prettyText) }
}

/// `tributary connectors list`: the connector names, or with `--expand` their status and/or info.
struct ConnectorsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the connectors.")

    @OptionGroup var connection: RESTConnectionOptions
    @Option(help: "Add 'status' and/or 'info' per connector (repeatable).") var expand: [String] = []

    func validate() throws {
        for value in expand where value != "status" && value != "info" {
            throw ValidationError("--expand must be 'status' or 'info', got '\(value)'")
        }
    }

    func run() async throws {
        let query = expand.map { "expand=\($0)" }.joined(separator: "&")
        printJSON(try await connection.call(.GET, "/connectors" + (query.isEmpty ? "" : "?" + query)))
    }
}

/// `tributary connectors status NAME`.
struct ConnectorsStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a connector's and its tasks' states."
    )

    @OptionGroup var connection: RESTConnectionOptions
    @Argument(help: "The connector name.") var name: String

    func run() async throws {
        printJSON(try await connection.call(.GET, RESTConnectionOptions.connectorPath(name, "/status")))
    }
}

/// `tributary connectors pause NAME`.
struct ConnectorsPauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause a connector.")

    @OptionGroup var connection: RESTConnectionOptions
    @Argument(help: "The connector name.") var name: String

    func run() async throws {
        try await connection.call(.PUT, RESTConnectionOptions.connectorPath(name, "/pause"))
        print("Pausing connector \(name).")
    }
}

/// `tributary connectors resume NAME`.
struct ConnectorsResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume a paused or stopped connector."
    )

    @OptionGroup var connection: RESTConnectionOptions
    @Argument(help: "The connector name.") var name: String

    func run() async throws {
        try await connection.call(.PUT, RESTConnectionOptions.connectorPath(name, "/resume"))
        print("Resuming connector \(name).")
    }
}

/// `tributary connectors restart NAME [--include-tasks] [--only-failed]`.
struct ConnectorsRestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart a connector.")

    @OptionGroup var connection: RESTConnectionOptions
    @Argument(help: "The connector name.") var name: String
    @Flag(name: .customLong("include-tasks"), help: "Restart its tasks too.") var includeTasks = false
    @Flag(name: .customLong("only-failed"), help: "Restart only instances that FAILED.") var onlyFailed = false

    func run() async throws {
        let query = "?includeTasks=\(includeTasks)&onlyFailed=\(onlyFailed)"
        let path = RESTConnectionOptions.connectorPath(name, "/restart" + query)
        if let status = try await connection.call(.POST, path) {
            printJSON(status)
        } else {
            print("Restarted connector \(name).")
        }
    }
}

/// `tributary connectors delete NAME [--delete-offsets]`.
struct ConnectorsDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a connector.")

    @OptionGroup var connection: RESTConnectionOptions
    @Argument(help: "The connector name.") var name: String
    @Flag(name: .customLong("delete-offsets"), help: "Delete its committed offsets too (Tributary extension).")
    var deleteOffsets = false

    func run() async throws {
        let path = RESTConnectionOptions.connectorPath(name, deleteOffsets ? "?offsets=delete" : "")
        try await connection.call(.DELETE, path)
        print("Deleted connector \(name)\(deleteOffsets ? " and its offsets" : "").")
    }
}

/// `tributary connectors offsets NAME`: the committed offsets as JSON.
struct ConnectorsOffsetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offsets",
        abstract: "Show a connector's committed offsets."
    )

    @OptionGroup var connection: RESTConnectionOptions
    @Argument(help: "The connector name.") var name: String

    func run() async throws {
        printJSON(try await connection.call(.GET, RESTConnectionOptions.connectorPath(name, "/offsets")))
    }
}
