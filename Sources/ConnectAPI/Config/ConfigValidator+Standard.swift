/// Kafka's standard validators, with Kafka's messages.
extension ConfigValidator {
    /// A number at least `min` (Kafka's `Range.atLeast`); null fails with `Value must be non-null`.
    public static func atLeast(_ min: some BinaryInteger) -> ConfigValidator {
        range(min: String(min), Double(min), max: nil, nil)
    }

    /// A number at least `min` (Kafka's `Range.atLeast`).
    public static func atLeast(_ min: some BinaryFloatingPoint) -> ConfigValidator {
        range(min: "\(min)", Double(min), max: nil, nil)
    }

    /// A number within `min...max` (Kafka's `Range.between`); null fails with `Value must be non-null`.
    public static func between<T: BinaryInteger>(_ min: T, _ max: T) -> ConfigValidator {
        range(min: String(min), Double(min), max: String(max), Double(max))
    }

    /// A number within `min...max` (Kafka's `Range.between`).
    public static func between<T: BinaryFloatingPoint>(_ min: T, _ max: T) -> ConfigValidator {
        range(min: "\(min)", Double(min), max: "\(max)", Double(max))
    }

    /// One of these strings, case-sensitive (Kafka's `ValidString.in`).
    public static func `in`(_ validStrings: String...) -> ConfigValidator {
        validString(in: validStrings)
    }

    /// One of these strings, case-sensitive (Kafka's `ValidString.in`).
    public static func validString(in validStrings: [String]) -> ConfigValidator {
        ConfigValidator(description: "[" + validStrings.joined(separator: ", ") + "]") { name, value in
            try checkString(name, value, validStrings)
        }
    }

    /// One of these strings, ignoring case (Kafka's `CaseInsensitiveValidString.in`).
    public static func inCaseInsensitive(_ validStrings: String...) -> ConfigValidator {
        let upper = validStrings.map { $0.uppercased() }
        return ConfigValidator(description: "(case insensitive) [" + upper.joined(separator: ", ") + "]") { name, value in
            guard case .string(let s)? = value, upper.contains(s.uppercased()) else {
                throw ConnectError.invalidConfig(
                    name: name,
                    value: value?.messageDescription,
                    message: "String must be one of (case insensitive): " + upper.joined(separator: ", ")
                )
            }
        }
    }

    /// A list whose every element is one of these strings (Kafka's `ValidList.in`).
    public static func listIn(_ validStrings: String...) -> ConfigValidator {
        ConfigValidator(description: "[" + validStrings.joined(separator: ", ") + "]") { name, value in
            guard case .list(let elements)? = value else {
                throw ConnectError.invalidConfig(name: name, value: value?.messageDescription, message: "Value must be non-null")
            }
            for element in elements {
                try checkString(name, .string(element), validStrings)
            }
        }
    }

    /// A list of at most `maxSize` elements (Kafka's `ListSize.atMostOfSize`).
    public static func listSize(atMost maxSize: Int) -> ConfigValidator {
        ConfigValidator(description: "List containing maximum of \(maxSize) elements") { name, value in
            if case .list(let elements)? = value, elements.count > maxSize {
                throw ConnectError.invalidConfig(
                    name: name,
                    value: value?.messageDescription,
                    message: "exceeds maximum list size of [\(maxSize)]."
                )
            }
        }
    }

    /// Any value but null (Kafka's `NonNullValidator`).
    public static let nonNull = ConfigValidator(description: "non-null string") { name, value in
        if value == nil {
            throw ConnectError.invalidConfig(name: name, value: "null", message: "entry must be non null")
        }
    }

    /// Null or a non-empty string (Kafka's `NonEmptyString`).
    public static let nonEmptyString = ConfigValidator(description: "non-empty string") { name, value in
        if case .string(let s)? = value, s.isEmpty {
            throw ConnectError.invalidConfig(name: name, value: s, message: "String must be non-empty")
        }
    }

    /// Null, or a non-empty string without ISO control characters (Kafka's `NonEmptyStringWithoutControlChars`,
    /// used for connector names).
    public static let nonEmptyStringWithoutControlChars = ConfigValidator(
        description: "non-empty string without ISO control characters"
    ) { name, value in
        guard case .string(let s)? = value else { return }
        if s.isEmpty {
            throw ConnectError.invalidConfig(name: name, value: s, message: "String may not be empty")
        }
        let controls = s.unicodeScalars.filter { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
        if !controls.isEmpty {
            throw ConnectError.invalidConfig(
                name: name,
                value: s,
                message: "String may not contain control sequences but had the following ASCII chars: "
                    + controls.map { String($0.value) }.joined(separator: ", ")
            )
        }
    }

    /// Null, an empty string, or a string that compiles as a regular expression (Kafka's `RegexValidator`;
    /// Swift's regex syntax, which agrees with Java's for common patterns).
    public static let regex = ConfigValidator(description: "valid regex") { name, value in
        guard case .string(let pattern)? = value else { return }
        do {
            _ = try Regex(pattern)
        } catch {
            throw ConnectError.invalidConfig(name: name, value: pattern, message: "Invalid regex: \(error)")
        }
    }

    /// A list without duplicates, also refusing null (the check Kafka applies to `transforms` and `predicates`).
    public static func uniqueAliases(_ kind: String) -> ConfigValidator {
        all(
            .nonNull,
            ConfigValidator(description: "unique \(kind) aliases") { name, value in
                if case .list(let aliases)? = value, Set(aliases).count < aliases.count {
                    throw ConnectError.invalidConfig(
                        name: name,
                        value: value?.messageDescription,
                        message: "Duplicate alias provided."
                    )
                }
            }
        )
    }

    /// Every validator in order; the first failure is reported (Kafka's `CompositeValidator.of`).
    public static func all(_ validators: ConfigValidator...) -> ConfigValidator {
        ConfigValidator(description: validators.map(\.description).joined(separator: ", ")) { name, value in
            for validator in validators {
                try validator.ensureValid(name: name, value: value)
            }
        }
    }

    /// Runs `validator` only when the value is not null (Kafka's lambda wrappers around optional keys).
    public static func ifNotNull(_ validator: ConfigValidator) -> ConfigValidator {
        ConfigValidator(description: validator.description) { name, value in
            if value != nil { try validator.ensureValid(name: name, value: value) }
        }
    }

    private static func range(min minText: String?, _ min: Double?, max maxText: String?, _ max: Double?) -> ConfigValidator {
        let description: String
        switch (minText, maxText) {
        case (nil, nil): description = "[...]"
        case (nil, let hi?): description = "[...,\(hi)]"
        case (let lo?, nil): description = "[\(lo),...]"
        case (let lo?, let hi?): description = "[\(lo),...,\(hi)]"
        }
        return ConfigValidator(description: description) { name, value in
            guard let value else {
                throw ConnectError.invalidConfig(name: name, value: nil, message: "Value must be non-null")
            }
            guard let number = value.numericValue else {
                throw ConnectError.invalidConfig(name: name, value: value.messageDescription, message: "Value must be a number")
            }
            if let min, let minText, number < min {
                throw ConnectError.invalidConfig(name: name, value: value.messageDescription, message: "Value must be at least \(minText)")
            }
            if let max, let maxText, number > max {
                throw ConnectError.invalidConfig(name: name, value: value.messageDescription, message: "Value must be no more than \(maxText)")
            }
        }
    }

    private static func checkString(_ name: String, _ value: ConfigValue?, _ validStrings: [String]) throws {
        guard case .string(let s)? = value, validStrings.contains(s) else {
            throw ConnectError.invalidConfig(
                name: name,
                value: value?.messageDescription,
                message: "String must be one of: " + validStrings.joined(separator: ", ")
            )
        }
    }
}
