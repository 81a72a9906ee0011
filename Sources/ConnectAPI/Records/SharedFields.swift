/// An immutable value in a shared box: a record keeps its fields in one, so that copying the record is one
/// reference count where copying the fields was one per schema, value, map and header list, and reading needs no
/// exclusivity check. Changing a field puts the changed fields in a new box.
final class SharedFields<Fields: Sendable>: Sendable {
    let fields: Fields
    init(_ fields: Fields) { self.fields = fields }

    /// A box of these fields changed by `body`.
    func changed(_ body: (inout Fields) -> Void) -> SharedFields {
        var copy = fields
        body(&copy)
        return SharedFields(copy)
    }
}
