extension Duration {
    /// The duration in seconds, as a double (for reports and benchmarks).
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
