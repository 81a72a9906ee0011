extension Schema {
    /// Checks that a value fits this schema, recursively, with the rules of Kafka's `ConnectSchema.validateValue`.
    ///
    /// - null is accepted only by an optional schema;
    /// - the case must match the type, and for the logical names (``ConnectDecimal/logicalName``,
    ///   ``ConnectDate/logicalName``, ``ConnectTime/logicalName``, ``ConnectTimestamp/logicalName``) the logical case;
    /// - a struct must have exactly this schema and pass ``Struct/validate()``;
    /// - array elements and map keys and values must fit the element schemas;
    /// - a decimal must have the schema's scale (Kafka checks that only when serializing).
    /// - Throws: ``ConnectError`` with code ``ConnectError/Code/data`` and Kafka's message.
    public func validateValue(_ value: ConnectValue) throws(ConnectError) {
        try Schema.validate(self, value, location: "value")
    }

    /// Checks that the value of a named field fits the schema; errors name the field as Kafka does
    /// (`… for field: "id"`).
    public static func validateValue(field: String?, schema: Schema, value: ConnectValue) throws(ConnectError) {
        // The location is spelled only when a check fails (this runs for every field of every record).
        try validate(schema, value, location: field.map { "field: \"\($0)\"" } ?? "value")
    }

    private static func validate(
        _ schema: Schema, _ value: ConnectValue, location: @autoclosure () -> String
    ) throws(ConnectError) {
        if value.isNull {
            if !schema.isOptional {
                throw .data("Invalid value: null used for required \(location()), schema type: \(schema.type)")
            }
            return
        }
        guard schema.accepts(caseOf: value) else {
            let named = schema.name.map { " \"\($0)\"" } ?? ""
            throw .data("Invalid value for schema\(named) with type \(schema.type): \(value.kindName) for \(location())")
        }
        switch value {
        case .struct(let nested):
            if nested.schema != schema {
                throw .data("Struct schemas do not match.")
            }
            try nested.validate()
        case .array(let elements):
            guard let elementSchema = schema.valueSchema else {
                throw .data("No schema defined for element of array \(location())")
            }
            for element in elements {
                try validate(elementSchema, element, location: "element of array \(location())")
            }
        case .map(let entries):
            guard let keySchema = schema.keySchema else { throw .data("No schema defined for key of map \(location())") }
            guard let valueSchema = schema.valueSchema else {
                throw .data("No schema defined for value of map \(location())")
            }
            for entry in entries {
                try validate(keySchema, entry.key, location: "key of map \(location())")
                try validate(valueSchema, entry.value, location: "value of map \(location())")
            }
        case .decimal(let decimal):
            let scale = try ConnectDecimal.scale(of: schema)
            if decimal.scale != scale {
                throw ConnectDecimal.scaleMismatch(schemaScale: scale, valueScale: decimal.scale)
            }
        default:
            break
        }
    }

    /// Whether the case of a non-null value is the one this schema's type (or logical name) expects.
    private func accepts(caseOf value: ConnectValue) -> Bool {
        switch name {
        case ConnectDecimal.logicalName: return value.decimalValue != nil
        case ConnectDate.logicalName: return value.dateValue != nil
        case ConnectTime.logicalName: return value.timeValue != nil
        case ConnectTimestamp.logicalName: return value.timestampValue != nil
        default: break
        }
        switch (type, value) {
        case (.int8, .int8), (.int16, .int16), (.int32, .int32), (.int64, .int64),
            (.float32, .float32), (.float64, .float64), (.boolean, .boolean), (.string, .string),
            (.bytes, .bytes), (.array, .array), (.map, .map), (.struct, .struct):
            return true
        default:
            return false
        }
    }
}
