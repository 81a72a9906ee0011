/// A check of one configuration value (Kafka's `ConfigDef.Validator`), run after parsing on the parsed
/// value, which is `nil` when the key is unset without default or failed to parse.
///
/// Use the standard validators (``atLeast(_:)``, ``between(_:_:)``, ``in(_:)``,
/// ``nonEmptyString``…) or write your own:
///
/// ```swift
/// let evenValidator = ConfigValidator(description: "an even number") { name, value in
///     if case .int(let n)? = value, n % 2 != 0 {
///         throw ConnectError.invalidConfig(name: name, value: String(n), message: "Value must be even")
///     }
/// }
/// ```
///
/// A thrown ``ConnectError`` is reported as is; any other error is wrapped as
/// `Invalid value <v> for configuration <name>: <error>`.
public struct ConfigValidator: Sendable, CustomStringConvertible {
    /// A short description of what is accepted, as Kafka's `Validator.toString()` (e.g. `[1,...]`).
    public let description: String
    private let check: @Sendable (_ name: String, _ value: ConfigValue?) throws -> Void

    /// A validator from a closure that throws when the value is not acceptable.
    public init(description: String, _ check: @escaping @Sendable (_ name: String, _ value: ConfigValue?) throws -> Void) {
        self.description = description
        self.check = check
    }

    /// Runs the check.
    /// - Throws: ``ConnectError`` (`config`) describing why the value is not acceptable.
    public func ensureValid(name: String, value: ConfigValue?) throws(ConnectError) {
        do {
            try check(name, value)
        } catch let error as ConnectError {
            throw error
        } catch {
            throw .invalidConfig(name: name, value: value?.messageDescription, message: String(describing: error))
        }
    }
}
