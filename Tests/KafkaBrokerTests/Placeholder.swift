import Testing
@Test func brokerPlaceholder() {}
