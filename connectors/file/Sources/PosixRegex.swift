import Glibc

/// A compiled POSIX extended regular expression (regcomp/regexec), used to classify multiline lines.
///
/// `@unchecked Sendable`: the compiled `regex_t` is never mutated after `init`, and glibc's
/// `regexec` is thread-safe on a shared pattern (POSIX requires it; glibc locks internally).
final class PosixRegex: @unchecked Sendable {
    private let compiled: UnsafeMutablePointer<regex_t>

    /// Compiles `pattern` with REG_EXTENDED | REG_NOSUB.
    init(pattern: String) throws(FileTailerConfigurationError) {
        // Compile into a local first: a throw after `compiled` is set would run `deinit` on a failed pattern.
        let candidate = UnsafeMutablePointer<regex_t>.allocate(capacity: 1)
        candidate.initialize(to: regex_t())
        let status = regcomp(candidate, pattern, REG_EXTENDED | REG_NOSUB)
        guard status == 0 else {
            var message = [CChar](repeating: 0, count: 256)
            regerror(status, candidate, &message, message.count)
            candidate.deinitialize(count: 1)
            candidate.deallocate()
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw FileTailerConfigurationError(key: "multiline.pattern", message: "invalid regular expression: \(text)")
        }
        compiled = candidate
    }

    deinit {
        regfree(compiled)
        compiled.deinitialize(count: 1)
        compiled.deallocate()
    }

    /// True when the pattern matches somewhere in `bytes` (no NUL terminator needed: REG_STARTEND).
    func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var range = regmatch_t(rm_so: 0, rm_eo: regoff_t(bytes.count))
        guard let base = bytes.baseAddress else {
            return regexec(compiled, "", 1, &range, REG_STARTEND) == 0
        }
        let chars = base.assumingMemoryBound(to: CChar.self)
        return regexec(compiled, chars, 1, &range, REG_STARTEND) == 0
    }

    /// `matches(_:)` for an array of bytes.
    func matches(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { matches($0) }
    }
}
