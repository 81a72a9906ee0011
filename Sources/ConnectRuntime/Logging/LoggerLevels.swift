public import Logging
import Synchronization

/// Log levels per logger name, changeable at run time (`GET|PUT /admin/loggers`). A logger's level is that of the
/// longest configured name that is a dot-separated prefix of its label, else the root level.
public final class LoggerLevels: Sendable {
    private struct Entry {
        var level: Logger.Level?
        var lastModified: Int64?
    }

    private let state: Mutex<(root: Logger.Level, names: [String: Entry])>

    /// Creates levels with a root level.
    public init(root: Logger.Level = .info) {
        state = Mutex((root, [:]))
    }

    /// The level in effect for a logger label.
    public func level(for label: String) -> Logger.Level {
        state.withLock { state in
            var name = Substring(label)
            while true {
                if let level = state.names[String(name)]?.level { return level }
                guard let dot = name.lastIndex(of: ".") else { return state.root }
                name = name[..<dot]
            }
        }
    }

    /// Registers a logger name (so it is listed) without setting a level.
    public func register(_ label: String) {
        guard !label.isEmpty else { return }
        state.withLock { state in
            if state.names[label] == nil { state.names[label] = Entry() }
        }
    }

    /// Every known logger and its effective level, plus `root`.
    public func all() -> [String: (level: Logger.Level, lastModified: Int64?)] {
        let names = state.withLock { Array($0.names.keys) }
        var result: [String: (Logger.Level, Int64?)] = ["root": (state.withLock { $0.root }, nil)]
        for name in names {
            result[name] = (level(for: name), state.withLock { $0.names[name]?.lastModified ?? nil })
        }
        return result
    }

    /// Sets the level of `name` and every known logger below it (`root`: every logger, as log4j's root does in
    /// Kafka); returns the affected names, sorted. `time` is the REST call's, `nil` for a programmatic change.
    @discardableResult
    public func set(_ name: String, to level: Logger.Level, at time: Int64?) -> [String] {
        state.withLock { state in
            if name == "root" {
                state.root = level
                for key in Array(state.names.keys) {
                    state.names[key] = Entry(level: level, lastModified: time ?? state.names[key]?.lastModified)
                }
                return ["root"] + state.names.keys.sorted()
            }
            var affected: [String] = []
            for key in Array(state.names.keys) where key == name || key.hasPrefix(name + ".") {
                state.names[key] = Entry(level: level, lastModified: time)
                affected.append(key)
            }
            if state.names[name] == nil {
                state.names[name] = Entry(level: level, lastModified: time)
                affected.append(name)
            }
            return affected.sorted()
        }
    }

    /// Kafka's (log4j's) level names.
    public static func parse(_ text: String) -> Logger.Level? {
        switch text.uppercased() {
        case "TRACE", "ALL": .trace
        case "DEBUG": .debug
        case "INFO": .info
        case "WARN": .warning
        case "ERROR": .error
        case "FATAL", "OFF": .critical
        default: nil
        }
    }

    /// A level's log4j name.
    public static func name(_ level: Logger.Level) -> String {
        switch level {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info, .notice: "INFO"
        case .warning: "WARN"
        case .error: "ERROR"
        case .critical: "FATAL"
        }
    }
}

/// A log handler that writes to standard error and takes its level from ``LoggerLevels`` on every message.
public struct LevelControlledLogHandler: LogHandler {
    private var inner: StreamLogHandler
    private let label: String
    private let levels: LoggerLevels

    /// Creates a handler for a logger label.
    public init(label: String, levels: LoggerLevels) {
        self.label = label
        self.levels = levels
        inner = StreamLogHandler.standardError(label: label)
        levels.register(label)
    }

    public var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    public var logLevel: Logger.Level {
        get { levels.level(for: label) }
        set { levels.set(label, to: newValue, at: nil) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        inner.log(event: event)
    }
}
