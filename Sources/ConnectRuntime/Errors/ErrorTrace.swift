import ConnectAPI

/// Text of an error for statuses, logs and DLQ headers: a Java-like "Type: message" first line, then causes.
enum ErrorTrace {
    /// "ConnectError (config error): message" style one-liner.
    static func describe(_ error: any Error) -> String {
        String(describing: error)
    }

    /// The trace shown in `GET /connectors/{name}/status` for a failed connector or task.
    static func trace(_ error: any Error, context: String) -> String {
        var lines = ["\(typeName(of: error)): \(describe(error))"]
        lines.append("\tat \(context)")
        return lines.joined(separator: "\n")
    }

    /// The error's type name, for `__connect.errors.exception.class.name`.
    static func typeName(of error: any Error) -> String {
        if let connect = error as? ConnectError {
            switch connect.code {
            case .data: return "org.apache.kafka.connect.errors.DataException"
            case .config: return "org.apache.kafka.common.config.ConfigException"
            case .retriable: return "org.apache.kafka.connect.errors.RetriableException"
            default: return "org.apache.kafka.connect.errors.ConnectException"
            }
        }
        return String(reflecting: type(of: error))
    }
}
