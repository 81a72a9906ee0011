/// Writes Prometheus' text exposition format 0.0.4: `# HELP`/`# TYPE` lines and samples with escaped labels.
struct PrometheusText {
    /// A metric family's type.
    enum MetricType: String {
        case counter, gauge, summary
    }

    /// The text so far.
    private(set) var output = ""

    /// Starts a family: its `# HELP` (with `\` and newlines escaped) and `# TYPE` lines.
    mutating func family(_ name: String, _ type: MetricType, _ help: String) {
        output += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(type.rawValue)\n"
    }

    /// One integer sample.
    mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Int64) {
        line(name, labels, String(value))
    }

    /// One floating-point sample (`NaN`, `+Inf` and `-Inf` as the format spells them).
    mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Double) {
        let text: String
        if value.isNaN {
            text = "NaN"
        } else if value.isInfinite {
            text = value > 0 ? "+Inf" : "-Inf"
        } else {
            text = String(value)
        }
        line(name, labels, text)
    }

    private mutating func line(_ name: String, _ labels: [(String, String)], _ value: String) {
        output += name
        if !labels.isEmpty {
            output += "{"
            output += labels.map { "\($0.0)=\"\(Self.escapeLabelValue($0.1))\"" }.joined(separator: ",")
            output += "}"
        }
        output += " \(value)\n"
    }

    /// A label value with `\`, `"` and newlines escaped.
    static func escapeLabelValue(_ value: String) -> String {
        var escaped = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// Help text with `\` and newlines escaped.
    static func escapeHelp(_ help: String) -> String {
        var escaped = ""
        for character in help.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
