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

    private static let notColumns: Set<String> = ["const", "default", "format", "map", "split", "join"]

    private static func collect(_ node: Node, into names: inout Set<String>) {
        switch node {
        case let .scalar(scalar):
            let text = scalar.string
            guard text.contains("{") else {
                names.insert(text.trimmedSpaces)
                return
            }
            // `{Column}` placeholders; `{{` and `}}` are literal braces.
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "{") {
                let after = rest.index(after: open)
                if after < rest.endIndex, rest[after] == "{" {
                    rest = rest[rest.index(after: after)...]
                    continue
                }
                guard let close = rest[after...].firstIndex(of: "}") else { return }
                names.insert(String(rest[after..<close]).trimmedSpaces)
                rest = rest[rest.index(after: close)...]
            }
        case let .mapping(map):
            for (key, value) in map where !notColumns.contains(key.scalar?.string ?? "") {
                collect(value, into: &names)
            }
        case let .sequence(items):
            for item in items { collect(item, into: &names) }
        default:
            break
        }
    }
}
