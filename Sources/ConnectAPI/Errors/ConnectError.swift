/// An error raised by a connector, a task or the Connect data and config model.
///
/// The ``code`` tells the runtime how to react: ``Code/retriable`` asks it to try the operation again
/// (for a sink task, to redeliver the same batch to `put`), every other code fails the task. Data and config
/// errors carry the exact messages Kafka Connect uses where Kafka has one, so logs and REST responses read the same.
public struct ConnectError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What kind of problem this is; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case connect = "connect error"
            case data = "data error"
            case schemaBuilder = "schema builder error"
            case config = "config error"
            case retriable = "retriable error"
            case notFound = "not found"
            case alreadyExists = "already exists"
            case illegalWorkerState = "illegal worker state"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A general failure of a connector or task (Kafka's `ConnectException`).
        public static let connect = Code(.connect)
        /// A value does not fit its schema, or a conversion failed (Kafka's `DataException`).
        public static let data = Code(.data)
        /// A schema could not be built as requested (Kafka's `SchemaBuilderException`).
        public static let schemaBuilder = Code(.schemaBuilder)
        /// A configuration value is missing or invalid (Kafka's `ConfigException`).
        public static let config = Code(.config)
        /// A transient failure: the runtime retries the operation (Kafka's `RetriableException`).
        public static let retriable = Code(.retriable)
        /// Something that was looked up does not exist (Kafka's `NotFoundException`).
        public static let notFound = Code(.notFound)
        /// Something that was to be created exists already (Kafka's `AlreadyExistsException`).
        public static let alreadyExists = Code(.alreadyExists)
        /// An operation was called in a state where it is not allowed (Kafka's `IllegalWorkerStateException`).
        public static let illegalWorkerState = Code(.illegalWorkerState)

        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// What exactly was wrong; for data and config errors this is Kafka's wording.
    public var message: String
    /// The configuration key the error is about, for config errors.
    public var configName: String?
    /// A description of the underlying error this one wraps, if any.
    public var cause: String?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - message: What exactly was wrong.
    ///   - configName: The configuration key involved, if any.
    ///   - cause: The error that led to this one, if any; only its description is kept.
    public init(_ code: Code, _ message: String, configName: String? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.configName = configName
        self.cause = cause.map { String(describing: $0) }
    }

    /// Whether the runtime should retry the failed operation instead of failing the task.
    public var isRetriable: Bool { code == .retriable }

    public var description: String {
        if let cause { return "\(message) (caused by: \(cause))" }
        return message
    }
}

extension ConnectError {
    /// A general connector or task failure.
    public static func connect(_ message: String, cause: (any Error)? = nil) -> ConnectError {
        ConnectError(.connect, message, cause: cause)
    }

    /// A value that does not fit its schema, or a failed conversion.
    public static func data(_ message: String, cause: (any Error)? = nil) -> ConnectError {
        ConnectError(.data, message, cause: cause)
    }

    /// A transient failure that the runtime should retry.
    public static func retriable(_ message: String, cause: (any Error)? = nil) -> ConnectError {
        ConnectError(.retriable, message, cause: cause)
    }

    /// A config error phrased as Kafka's `ConfigException(name, value, message)`:
    /// `Invalid value <value> for configuration <name>: <message>`.
    /// - Parameters:
    ///   - name: The configuration key.
    ///   - value: The offending value as Kafka prints it (`null` when absent).
    ///   - message: What is wrong with it; `nil` leaves the sentence without a reason.
    public static func invalidConfig(name: String, value: String?, message: String?) -> ConnectError {
        let reason = message.map { ": \($0)" } ?? ""
        return ConnectError(.config, "Invalid value \(value ?? "null") for configuration \(name)\(reason)", configName: name)
    }

    /// The config error for a required key that was not given, in Kafka's words.
    public static func missingConfig(name: String) -> ConnectError {
        ConnectError(.config, "Missing required configuration \"\(name)\" which has no default value.", configName: name)
    }
}
