/// `#require` for a helper outside a test function: the value, or a thrown failure.
struct Missing: Error {}

func require<T>(_ value: T?) throws -> T {
    guard let value else { throw Missing() }
    return value
}
