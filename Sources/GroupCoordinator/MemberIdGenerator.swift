/// A seedable source of random (version 4) UUID strings for new member ids; seed it in tests for fixed ids.
public struct MemberIdGenerator: Hashable, Sendable {
    private var state: UInt64

    /// A generator with a fixed seed: the same seed yields the same ids.
    public init(seed: UInt64) {
        self.state = seed
    }

    /// A generator seeded from the system's random source.
    public init() {
        var system = SystemRandomNumberGenerator()
        self.state = system.next()
    }

    /// The next UUID in Java's textual form, e.g. `1b4e28ba-2fa1-41d2-883f-0016d3cca427`.
    public mutating func nextUUID() -> String {
        var high = nextWord()
        var low = nextWord()
        high = (high & ~0xF000) | 0x4000  // version 4
        low = (low & ~(0xC000 << 48)) | (0x8000 << 48)  // IETF variant
        let hex = Self.hex(high, digits: 16) + Self.hex(low, digits: 16)
        let chars = Array(hex)
        return String(chars[0..<8]) + "-" + String(chars[8..<12]) + "-" + String(chars[12..<16]) + "-"
            + String(chars[16..<20]) + "-" + String(chars[20..<32])
    }

    /// A new generator whose sequence is independent of this one's next values.
    public mutating func split() -> MemberIdGenerator {
        MemberIdGenerator(seed: nextWord())
    }

    /// SplitMix64.
    private mutating func nextWord() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
