/// The attributes of a start tag, in document order. A tag carries a handful, so a short list
/// searched by name costs less than a dictionary built for every cell of a sheet.
struct XMLAttributes: Equatable, ExpressibleByDictionaryLiteral {
    struct Pair {
        let name: String
        let value: String
    }

    private(set) var pairs: [Pair] = []

    init() {}

    init(dictionaryLiteral elements: (String, String)...) {
        pairs = elements.map { Pair(name: $0.0, value: $0.1) }
    }

    /// The value of `name`; the last one when a damaged tag repeats it.
    subscript(name: String) -> String? {
        pairs.last { $0.name == name }?.value
    }

    mutating func append(_ name: String, _ value: String) {
        // A cell has up to three (`r`, `s`, `t`): room for them at once, not grown pair by pair.
        if pairs.isEmpty { pairs.reserveCapacity(4) }
        pairs.append(Pair(name: name, value: value))
    }

    /// The same names with the same values, in any order.
    static func == (lhs: XMLAttributes, rhs: XMLAttributes) -> Bool {
        lhs.pairs.count == rhs.pairs.count && lhs.pairs.allSatisfy { rhs[$0.name] == $0.value }
    }
}
