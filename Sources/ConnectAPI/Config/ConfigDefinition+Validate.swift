extension ConfigDefinition {
    /// Checks string properties key by key without stopping at the first problem (Kafka's `ConfigDef.validate`),
    /// returning one ``ConfigValueInfo`` per defined key, in definition order.
    ///
    /// For each key: the value is parsed (a parse error is recorded and the value becomes null), a missing
    /// required key is recorded, the validator runs on the result (so an unparsable number also reports
    /// `Value must be non-null` from a range check, as Kafka does), and recommenders fill
    /// ``ConfigValueInfo/recommendedValues`` and ``ConfigValueInfo/visible``. Keys listed as dependents are
    /// handled after their parent. Dependents that are not defined get an entry with an error and
    /// `visible == false`. Password values appear as `[hidden]`.
    public func validate(_ properties: [String: String]) -> [ConfigValueInfo] {
        var infos: [String: ConfigValueInfo] = [:]
        for key in keys {
            infos[key.name] = ConfigValueInfo(name: key.name)
        }
        var undefined: [String] = []
        for key in keys {
            for dependent in key.dependents where self[dependent] == nil && !undefined.contains(dependent) {
                undefined.append(dependent)
            }
        }
        for name in undefined {
            var info = ConfigValueInfo(name: name)
            info.errors.append("\(name) is referred in the dependents, but not defined.")
            info.visible = false
            infos[name] = info
        }

        let dependentNames = Set(keys.flatMap(\.dependents))
        let roots = keys.map(\.name).filter { !dependentNames.contains($0) }
        var parsed: [String: ConfigValue] = [:]
        var visited = Set<String>()
        for name in roots {
            parseForValidation(name, properties, &parsed, &infos, &visited)
        }
        visited.removeAll()
        for name in roots {
            recommend(name, parsed, &infos, &visited)
        }
        return keys.compactMap { infos[$0.name] } + undefined.compactMap { infos[$0] }
    }

    private func parseForValidation(
        _ name: String,
        _ properties: [String: String],
        _ parsed: inout [String: ConfigValue],
        _ infos: inout [String: ConfigValueInfo],
        _ visited: inout Set<String>
    ) {
        guard let key = self[name], visited.insert(name).inserted else { return }
        var info = infos[name] ?? ConfigValueInfo(name: name)
        var value: ConfigValue?
        if let raw = properties[name] {
            do throws(ConnectError) {
                value = try ConfigParsing.parse(name: name, raw: raw, type: key.type)
            } catch {
                info.errors.append(error.message)
            }
        } else if key.defaultValue == .required {
            info.errors.append(ConnectError.missingConfig(name: name).message)
        } else {
            value = key.parsedDefault
        }
        if let validator = key.validator {
            do throws(ConnectError) {
                try validator.ensureValid(name: name, value: value)
            } catch {
                info.errors.append(error.message)
            }
        }
        info.value = value?.description
        infos[name] = info
        parsed[name] = value
        for dependent in key.dependents {
            parseForValidation(dependent, properties, &parsed, &infos, &visited)
        }
    }

    private func recommend(
        _ name: String,
        _ parsed: [String: ConfigValue],
        _ infos: inout [String: ConfigValueInfo],
        _ visited: inout Set<String>
    ) {
        guard let key = self[name], visited.insert(name).inserted else { return }
        if let recommender = key.recommender, var info = infos[name] {
            do {
                info.recommendedValues = try recommender.validValues(name: name, parsed: parsed).map(\.description)
                info.visible = try recommender.visible(name: name, parsed: parsed)
            } catch {
                info.errors.append((error as? ConnectError)?.message ?? String(describing: error))
            }
            infos[name] = info
        }
        for dependent in key.dependents {
            recommend(dependent, parsed, &infos, &visited)
        }
    }
}
