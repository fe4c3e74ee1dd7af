import Yams

extension MappingFile {
    /// The column names the mapping's payload reads (plain names, `column`, `columns`, `uuid5` and
    /// template placeholders), gathered from the YAML before any header is known: the row of an
    /// export that holds them is its header. Constants, defaults, formats and value tables are
    /// not column names and are left out.
    static func columnNames(in root: Node.Mapping) -> Set<String> {
        var names: Set<String> = []
        if let customer = root["customer"] { collect(customer, into: &names) }
        return names
    }

    /// The keys whose values are no column: the modifiers and `const`.
    private static let notColumns = Set(MappingReader.modifierKeys + ["const"])
    /// The keys whose values are column names as they stand, never templates.
    private static let namesAsTheyStand: Set<String> = ["column", "columns", "uuid5"]

    private static func collect(_ node: Node, asWritten: Bool = false, into names: inout Set<String>) {
        switch node {
        case let .scalar(scalar):
            let text = scalar.string
            // As `MappingReader.readPlain` reads it: a header name first, then a template.
            names.insert(text.trimmedSpaces)
            guard !asWritten, text.contains("{"), let (pieces, _) = MappingReader.templatePieces(text) else { return }
            for piece in pieces { names.insert(piece.column.trimmedSpaces) }
        case let .mapping(map):
            for (key, value) in map {
                let name = key.scalar?.string ?? ""
                guard !notColumns.contains(name) else { continue }
                collect(value, asWritten: namesAsTheyStand.contains(name), into: &names)
            }
        case let .sequence(items):
            for item in items { collect(item, asWritten: asWritten, into: &names) }
        default:
            break
        }
    }
}
