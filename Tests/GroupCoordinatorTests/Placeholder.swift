import Testing
@Test func groupCoordinatorPlaceholder() {}
