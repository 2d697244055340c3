/// RFC 6376 5.4.2: which field instance each `h=` entry signs. Each name's instances are taken from the
/// bottom of the header up, one per entry; an entry past the last instance signs the absence of more.
///
/// The fields named by `h=` are indexed by lowercased name in one pass over the header, and each name
/// keeps a cursor, so selecting costs one step an entry: a signature naming one field thousands of times
/// over as many fields costs what reading them once costs, not their product.
struct SignedHeaderSelector {
    /// Per name, the instances top to bottom, and how many have been taken from the bottom.
    private var instances: [String: (fields: [HeaderField], taken: Int)] = [:]

    /// Indexes the `headers` whose names are among `names`, leaving out the field at `excluded` (the
    /// signature being verified, which never signs itself).
    init(headers: [HeaderField], names: [String], excluding excluded: Range<Int>) {
        for name in names where instances[name] == nil { instances[name] = ([], 0) }
        for field in headers where field.range != excluded {
            instances[field.lowercasedName]?.fields.append(field)
        }
    }

    /// The instance the next `h=` entry for `name` signs, or nil when every instance has been taken.
    mutating func next(_ name: String) -> HeaderField? {
        guard let entry = instances[name], entry.taken < entry.fields.count else { return nil }
        instances[name]!.taken += 1
        return entry.fields[entry.fields.count - 1 - entry.taken]
    }
}
