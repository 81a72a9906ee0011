public import ConnectAPI

/// The ordered transforms of a connector, each optionally guarded by a (possibly negated) predicate,
/// as Kafka Connect's `TransformationChain` of `TransformationStage`s.
public struct TransformChain: Sendable {
    /// One configured transform with its optional predicate.
    public struct Stage: Sendable {
        /// The alias from `transforms`.
        public var alias: String
        /// The configured transformation.
        public var transformation: any Transformation
        /// The predicate guarding it, if any.
        public var predicate: (any Predicate)?
        /// Whether the predicate's result is inverted.
        public var negate: Bool

        /// Creates a stage.
        public init(alias: String, transformation: any Transformation, predicate: (any Predicate)? = nil, negate: Bool = false) {
            self.alias = alias
            self.transformation = transformation
            self.predicate = predicate
            self.negate = negate
        }

        /// Applies the transformation when there is no predicate or `negate != predicate.test(record)`.
        public func apply<R: ConnectRecord>(_ record: R) throws -> R? {
            if let predicate, negate == predicate.test(record) { return record }
            return try transformation.apply(record)
        }
    }

    /// The stages in order.
    public var stages: [Stage]

    /// A chain of these stages.
    public init(stages: [Stage] = []) {
        self.stages = stages
    }

    /// Runs the record through every stage; `nil` as soon as a stage drops it.
    public func apply<R: ConnectRecord>(_ record: R) throws -> R? {
        var current = record
        for stage in stages {
            guard let next = try stage.apply(current) else { return nil }
            current = next
        }
        return current
    }

    /// Closes every transformation and predicate.
    public func close() {
        for stage in stages {
            stage.transformation.close()
            stage.predicate?.close()
        }
    }

    /// Builds the chain from a connector configuration: `transforms=a,b`, `transforms.a.type=…`,
    /// `transforms.a.<key>=…`, `transforms.a.predicate=p`, `transforms.a.negate=true`, `predicates=p`,
    /// `predicates.p.type=…`, `predicates.p.<key>=…`.
    /// - Throws: ``ConnectError`` (`config`) with Kafka's messages for missing or unknown types, duplicate
    ///   aliases, a `negate` without a `predicate`, and any error a transform or predicate raises while configuring.
    public static func parse(connectorConfig: [String: String], registry: TransformRegistry = .standard) throws -> TransformChain {
        let aliasesDef = ConfigDefinition()
            .define(ConnectorConfigKeys.transforms, .list, default: [], validator: .uniqueAliases("transformation"),
                    importance: .low, documentation: "Aliases for the transformations to be applied to records.")
            .define(ConnectorConfigKeys.predicates, .list, default: [], validator: .uniqueAliases("predicate"),
                    importance: .low, documentation: "Aliases for the predicates used by transformations.")
        let aliases = try aliasesDef.parse(connectorConfig)
        let transformAliases = aliases.list(ConnectorConfigKeys.transforms) ?? []
        let predicateAliases = aliases.list(ConnectorConfigKeys.predicates) ?? []

        var stages: [Stage] = []
        for alias in transformAliases {
            let prefix = "transforms.\(alias)."
            let typeKey = prefix + "type"
            guard let className = connectorConfig[typeKey]?.trimmingWhitespace() else {
                throw ConnectError.missingConfig(name: typeKey)
            }
            guard var transformation = registry.makeTransformation(className) else {
                throw ConnectError.invalidConfig(name: typeKey, value: className, message: "Class \(className) could not be found.")
            }
            var configs = originals(connectorConfig, withPrefix: prefix)
            let predicateAlias = configs.removeValue(forKey: "predicate")
            let negateText = configs.removeValue(forKey: "negate")
            if negateText != nil && predicateAlias == nil {
                throw ConnectError(
                    .config,
                    "Config '\(prefix)negate' was provided but there is no config '\(prefix)predicate' defining a predicate to be negated."
                )
            }
            try transformation.configure(configs)
            var predicate: (any Predicate)?
            if let predicateAlias, !predicateAlias.isEmpty {
                let predicatePrefix = "predicates.\(predicateAlias)."
                let predicateTypeKey = predicatePrefix + "type"
                guard predicateAliases.contains(predicateAlias) else {
                    throw ConnectError(.config, "Unknown configuration '\(predicateTypeKey)'", configName: predicateTypeKey)
                }
                guard let predicateClass = connectorConfig[predicateTypeKey]?.trimmingWhitespace() else {
                    throw ConnectError.missingConfig(name: predicateTypeKey)
                }
                guard var made = registry.makePredicate(predicateClass) else {
                    throw ConnectError.invalidConfig(
                        name: predicateTypeKey, value: predicateClass, message: "Class \(predicateClass) could not be found.")
                }
                try made.configure(originals(connectorConfig, withPrefix: predicatePrefix))
                predicate = made
            }
            let negate = negateText.map { $0.trimmingWhitespace().lowercased() == "true" } ?? false
            stages.append(Stage(alias: alias, transformation: transformation, predicate: predicate, negate: negate))
        }
        // Kafka also requires every declared predicate to have a known type, used or not.
        for alias in predicateAliases {
            let typeKey = "predicates.\(alias).type"
            guard let className = connectorConfig[typeKey]?.trimmingWhitespace() else {
                throw ConnectError.missingConfig(name: typeKey)
            }
            guard registry.makePredicate(className) != nil else {
                throw ConnectError.invalidConfig(name: typeKey, value: className, message: "Class \(className) could not be found.")
            }
        }
        return TransformChain(stages: stages)
    }

    private static func originals(_ config: [String: String], withPrefix prefix: String) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in config where key.hasPrefix(prefix) {
            result[String(key.dropFirst(prefix.count))] = value
        }
        return result
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
