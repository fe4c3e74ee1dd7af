extension Leaf {
    /// The leaf's text for a row: source, then `default` when empty, then `map`.
    func text(in row: [String]) -> String {
        // The usual leaf: one column, no default, no value table.
        if isPlainColumn {
            return columnIndex < row.count ? row[columnIndex] : ""
        }
        var text: String
        switch source {
        case let .column(_, index):
            text = index < row.count ? row[index] : ""
        case let .columns(columns, join):
            text = columns.compactMap { column -> String? in
                let cell = column.index < row.count ? row[column.index].trimmedSpaces : ""
                return cell.isEmpty ? nil : cell
            }.joined(separator: join)
        case let .template(parts):
            var anyValue = false
            text = ""
            for part in parts {
                switch part {
                case let .literal(literal): text += literal
                case let .column(_, index):
                    let cell = index < row.count ? row[index] : ""
                    if !cell.isBlank { anyValue = true }
                    text += cell
                }
            }
            if !anyValue { text = "" }
        case let .constant(constant):
            text = constant
        case let .uuid5(columns):
            let cells = columns.map { $0.index < row.count ? row[$0.index].trimmedSpaces : "" }
            text = cells.allSatisfy(\.isEmpty) ? "" : SHA.uuid5(namespace: SHA.urlNamespace, name: cells.joined(separator: "\u{1F}"))
        }
        if text.isBlank, let fallback = defaultValue { text = fallback }
        if !valueMap.isEmpty, let mapped = valueMap[text.trimmedSpaces.lowercased()] {
            text = mapped
        }
        return text
    }
}
