/// A mapping file bound to an input's header: how each payload field is read from a row.
package struct Mapping: Sendable {
    package let file: String
    package let input: InputSettings
    package let settings: Settings
    /// The legacy identifier behind the default keys.
    package let id: Leaf
    /// Mappings for the customer's fields, by the schema's names.
    package let customer: ObjectMapping
}

/// How the input is to be read; every part optional.
package struct InputSettings: Sendable, Equatable {
    package var delimiter: UInt8?
    package var encoding: String = "auto"
    package var sheet: String?
    /// The header's row (1-based, as Excel numbers rows; a CSV's line); nil to choose it (`HeaderChoice`).
    package var headerRow: Int?
    /// The column names the mapping reads: without `headerRow`, the row that holds most of them
    /// is the header (`HeaderChoice`). Empty without a mapping (`init`).
    package var mappingColumns: Set<String> = []

    package init(delimiter: UInt8? = nil, encoding: String = "auto", sheet: String? = nil, headerRow: Int? = nil) {
        self.delimiter = delimiter
        self.encoding = encoding
        self.sheet = sheet
        self.headerRow = headerRow
    }
}

/// Where something stands in the mapping file (1-based).
public struct SourcePosition: Sendable, Equatable {
    public let line: Int
    public let column: Int
}

/// The mapping of one payload node.
package indirect enum NodeMapping: Sendable {
    case leaf(Leaf)
    /// An array field given as a list of leaves; empty values are dropped.
    case leaves([Leaf])
    case object(ObjectMapping)
    case list([ObjectMapping])
}

/// The mappings of an object's fields by name, with where the object stands.
package struct ObjectMapping: Sendable {
    package var fields: [String: NodeMapping]
    package var position: SourcePosition
}
