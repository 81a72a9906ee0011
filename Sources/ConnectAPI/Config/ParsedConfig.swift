/// Typed configuration values produced by ``ConfigDefinition/parse(_:)`` (Kafka's `AbstractConfig`).
///
/// Getters return `nil` for a key whose value is null (unset with a null default). Asking for a key that
/// the definition does not have, or with the getter of another type, is a programming error: it asserts
/// in debug builds and returns `nil` in release builds.
public struct ParsedConfig: Sendable, CustomStringConvertible {
    /// The parsed values by key; keys whose value is null are absent.
    public let values: [String: ConfigValue]
    /// Every property as given, including ones the definition does not know.
    public let originals: [String: String]
    private let definedNames: Set<String>

    /// Wraps parsed values; `definedNames` defaults to the keys of `values`.
    public init(values: [String: ConfigValue], originals: [String: String], definedNames: Set<String>? = nil) {
        self.values = values
        self.originals = originals
        self.definedNames = definedNames ?? Set(values.keys)
    }

    /// The parsed value of a key, or `nil` when it is null or undefined.
    public func value(_ name: String) -> ConfigValue? { values[name] }

    /// A `STRING` key.
    public func string(_ name: String) -> String? {
        if case .string(let v)? = typed(name, .string) { return v }
        return nil
    }

    /// An `INT` key.
    public func int(_ name: String) -> Int32? {
        if case .int(let v)? = typed(name, .int) { return v }
        return nil
    }

    /// A `SHORT` key.
    public func short(_ name: String) -> Int16? {
        if case .short(let v)? = typed(name, .short) { return v }
        return nil
    }

    /// A `LONG` key.
    public func long(_ name: String) -> Int64? {
        if case .long(let v)? = typed(name, .long) { return v }
        return nil
    }

    /// A `DOUBLE` key.
    public func double(_ name: String) -> Double? {
        if case .double(let v)? = typed(name, .double) { return v }
        return nil
    }

    /// A `BOOLEAN` key.
    public func bool(_ name: String) -> Bool? {
        if case .boolean(let v)? = typed(name, .boolean) { return v }
        return nil
    }

    /// A `LIST` key.
    public func list(_ name: String) -> [String]? {
        if case .list(let v)? = typed(name, .list) { return v }
        return nil
    }

    /// A `CLASS` key: the class name or alias.
    public func className(_ name: String) -> String? {
        if case .className(let v)? = typed(name, .class) { return v }
        return nil
    }

    /// A `PASSWORD` key.
    public func password(_ name: String) -> Password? {
        if case .password(let v)? = typed(name, .password) { return v }
        return nil
    }

    /// The original properties whose names start with `prefix`, with the prefix removed when `strip` is true
    /// (Kafka's `originalsWithPrefix`), e.g. the `key.converter.` settings for a converter.
    public func originals(withPrefix prefix: String, strip: Bool = true) -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in originals where name.hasPrefix(prefix) {
            result[strip ? String(name.dropFirst(prefix.count)) : name] = value
        }
        return result
    }

    /// The parsed values as `name=value` lines in name order, passwords hidden.
    public var description: String {
        values.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: "\n")
    }

    private func typed(_ name: String, _ type: ConfigType) -> ConfigValue? {
        assert(definedNames.contains(name), "Unknown configuration '\(name)'")
        guard let value = values[name] else { return nil }
        assert(value.type == type, "Configuration '\(name)' is \(value.type), not \(type)")
        return value.type == type ? value : nil
    }
}
