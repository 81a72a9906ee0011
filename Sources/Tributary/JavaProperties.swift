/// Java `.properties` files as Kafka reads them: `key=value`, `key: value` or `key value`, `#`/`!` comments,
/// backslash line continuations and escapes (`\t`, `\n`, `\uXXXX`, `\\`).
enum JavaProperties {
    static func parse(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var logical = ""
        var continuing = false
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if continuing {
                line = line.drop(while: { $0 == " " || $0 == "\t" || $0 == "\u{0C}" })
            } else {
                let trimmed = line.drop(while: { $0 == " " || $0 == "\t" || $0 == "\u{0C}" })
                if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("!") { continue }
                line = trimmed
            }
            var backslashes = 0
            for character in line.reversed() {
                if character == "\\" { backslashes += 1 } else { break }
            }
            if backslashes % 2 == 1 {
                logical += line.dropLast()
                continuing = true
                continue
            }
            logical += line
            continuing = false
            let (key, value) = split(logical)
            result[key] = value
            logical = ""
        }
        if continuing {
            let (key, value) = split(logical)
            result[key] = value
        }
        return result
    }

    private static func split(_ line: String) -> (String, String) {
        var key = ""
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if character == "\\" {
                let next = line.index(after: index)
                if next < line.endIndex {
                    key.append(character)
                    key.append(line[next])
                    index = line.index(after: next)
                    continue
                }
            }
            if character == "=" || character == ":" || character == " " || character == "\t" { break }
            key.append(character)
            index = line.index(after: index)
        }
        var rest = line[index...].drop(while: { $0 == " " || $0 == "\t" })
        if let first = rest.first, first == "=" || first == ":" {
            rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
        }
        return (unescape(key), unescape(String(rest)))
    }

    private static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var output = ""
        var iterator = Array(text).makeIterator()
        while let character = iterator.next() {
            guard character == "\\", let escaped = iterator.next() else {
                output.append(character)
                continue
            }
            switch escaped {
            case "t": output.append("\t")
            case "n": output.append("\n")
            case "r": output.append("\r")
            case "f": output.append("\u{0C}")
            case "u":
                var hex = ""
                for _ in 0..<4 { if let digit = iterator.next() { hex.append(digit) } }
                if let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) { output.unicodeScalars.append(scalar) }
            default: output.append(escaped)
            }
        }
        return output
    }
}
