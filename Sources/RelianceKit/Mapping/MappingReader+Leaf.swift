import Foundation
import Yams

/// One value's recipe: its source (column, columns, template, const, uuid5) and modifiers.
extension MappingReader {
    static let sourceKeys = ["column", "columns", "template", "const", "uuid5"]
    static let modifierKeys = ["default", "format", "map", "split", "join"]

    mutating func readLeaf(_ node: Node, path: String, allowUUID: Bool = false) -> Leaf? {
        let position = node.mark.map(SourcePosition.init) ?? SourcePosition(line: 1, column: 1)
        if let scalar = node.scalar, scalar.string.hasPrefix("TODO"), columnIndex[scalar.string] == nil {
            // `init` writes TODO where it found no column; an unfinished mapping never converts.
            error(node, "\(path) is still TODO: map it to a column, a template or { const: … }")
            return nil
        }
        if let scalar = node.scalar {
            guard let source = readPlain(scalar.string, node: node, path: path) else { return nil }
            return Leaf(source: source, position: position)
        }
        guard let map = node.mapping else {
            error(node, "\(path) must be a column name, a template or an object with column/columns/template/const")
            return nil
        }
        checkKeys(map, allowed: MappingReader.sourceKeys + MappingReader.modifierKeys, context: path)
        let given = MappingReader.sourceKeys.filter { map[$0] != nil }
        guard given.count == 1, let sourceKey = given.first, let sourceNode = map[sourceKey] else {
            error(node, given.isEmpty
                ? "\(path) needs a source: column, columns, template or const"
                : "\(path) has several sources (\(given.joined(separator: ", "))); keep one")
            return nil
        }
        let source: Leaf.Source
        switch sourceKey {
        case "column":
            guard let name = sourceNode.scalar?.string, let resolved = resolveColumn(name, node: sourceNode) else { return nil }
            source = .column(name: name, index: resolved)
        case "columns", "uuid5":
            guard let list = sourceNode.sequence, !list.isEmpty else {
                error(sourceNode, "\(sourceKey) takes a list of column names")
                return nil
            }
            var columns: [(name: String, index: Int)] = []
            for item in list {
                guard let name = item.scalar?.string else {
                    error(item, "each entry of \(sourceKey) must be a column name, not a list or a mapping")
                    continue
                }
                guard let index = resolveColumn(name, node: item) else { continue }
                columns.append((name, index))
            }
            guard columns.count == list.count else { return nil }
            if sourceKey == "uuid5" {
                guard allowUUID else {
                    error(sourceNode, "uuid5 builds identifiers; use it for customer.id only")
                    return nil
                }
                source = .uuid5(columns)
            } else {
                source = .columns(columns, join: map["join"]?.scalar?.string ?? " ")
            }
        case "template":
            guard let text = sourceNode.scalar?.string, let parts = readTemplate(text, node: sourceNode) else { return nil }
            source = .template(parts)
        default:
            let constant = sourceNode.scalar?.string ?? ""
            if constant.hasPrefix("TODO") {
                // `init` writes { const: TODO } for names it cannot know; it must never reach a ZIP.
                error(sourceNode, "\(path) is still TODO: replace { const: \(constant) } with the real value, a column or a template")
                return nil
            }
            source = .constant(constant)
        }
        if map["join"] != nil, sourceKey != "columns" {
            error(map["join"], "join applies to columns only")
        }
        var formats: [String] = []
        if let format = map["format"] {
            // Each pattern is checked where it stands, so a list names the one that is wrong.
            for item in format.sequence.map(Array.init) ?? [format] {
                guard let pattern = item.scalar?.string else {
                    error(item, "each format must be a date pattern such as \"dd.MM.yyyy\", not a list or a mapping")
                    continue
                }
                if let problem = DatePattern.problem(in: pattern) { error(item, "format \"\(pattern)\": \(problem)") }
                formats.append(pattern)
            }
        }
        var split: String?
        if let node = map["split"] {
            let text = node.scalar?.string ?? ""
            if text.isEmpty { error(node, "split needs a separator such as \",\"") } else { split = text }
        }
        return Leaf(source: source, position: position, defaultValue: map["default"]?.scalar?.string, formats: formats,
                    valueMap: map["map"].map { readValueTable($0, context: path + ".map") } ?? [:], split: split)
    }

    /// A plain string is a column name, or a template when it holds `{Column}`.
    mutating func readPlain(_ text: String, node: Node, path: String) -> Leaf.Source? {
        if let index = columnIndex[text] { return .column(name: text, index: index) }
        if text.contains("{") {
            return readTemplate(text, node: node).map(Leaf.Source.template)
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let index = columnIndex[trimmed] { return .column(name: trimmed, index: index) }
        if let repetition = repetition(of: text) {
            error(node, repetition)
            return nil
        }
        if let near = Suggestions.nearest(to: text, in: header) {
            error(node, "no column \"\(text)\" in the header; did you mean \"\(near)\"?")
        } else {
            error(node, "no column \"\(text)\" in the header; for a fixed value write { const: \"\(text)\" }")
        }
        return nil
    }

    /// The most `{Column}` placeholders a template may hold: each copies a cell of up to 1 MiB
    /// into the value, and real templates join a handful.
    static let placeholderLimit = 100

    /// A template's pieces: each placeholder's column with the literal text before it, and the
    /// literal text after the last; `{{` and `}}` are literal braces. Nil when a `{` is never closed.
    static func templatePieces(_ text: String) -> (pieces: [(literal: String, column: String)], tail: String)? {
        var pieces: [(literal: String, column: String)] = []
        var literal = ""
        var chars = Array(text)[...]
        while let char = chars.popFirst() {
            if char == "{", chars.first == "{" {
                chars.removeFirst()
                literal.append("{")
            } else if char == "}", chars.first == "}" {
                chars.removeFirst()
                literal.append("}")
            } else if char == "{" {
                guard let close = chars.firstIndex(of: "}") else { return nil }
                pieces.append((literal, String(chars[chars.startIndex..<close])))
                literal = ""
                chars = chars[(close + 1)...]
            } else {
                literal.append(char)
            }
        }
        return (pieces, literal)
    }

    mutating func readTemplate(_ text: String, node: Node) -> [Leaf.TemplatePart]? {
        // Placeholders are counted before any is looked up, so a template of thousands stops with one message.
        guard let (pieces, literal) = MappingReader.templatePieces(text) else {
            error(node, "template \"\(text)\" opens { without closing it; write {{ for a literal brace")
            return nil
        }
        guard pieces.count <= MappingReader.placeholderLimit else {
            error(node, "the template has \(pieces.count) placeholders; a template may have at most \(MappingReader.placeholderLimit)")
            return nil
        }
        var parts: [Leaf.TemplatePart] = []
        var ok = true
        for piece in pieces {
            if !piece.literal.isEmpty { parts.append(.literal(piece.literal)) }
            if let index = resolveColumn(piece.column, node: node) {
                parts.append(.column(name: piece.column, index: index))
            } else {
                ok = false
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return ok ? parts : nil
    }

    /// The header's names for a message: the first 20 of a wide header, and how many more.
    static func listed(_ header: [String]) -> String {
        header.count <= 20 ? header.joined(separator: ", ") : header.prefix(20).joined(separator: ", ") + " and \(header.count - 20) more"
    }

    mutating func resolveColumn(_ name: String, node: Node) -> Int? {
        if let index = columnIndex[name] ?? columnIndex[name.trimmingCharacters(in: .whitespaces)] { return index }
        if let repetition = repetition(of: name) {
            error(node, repetition)
            return nil
        }
        // The message reads a copy of the header: `error` may not build it, and must not overlap this access to `self`.
        let header = header
        error(node, "no column \"\(name)\" in the header" + (Suggestions.nearest(to: name, in: header).map { "; did you mean \"\($0)\"?" }
            ?? "; the header has: \(MappingReader.listed(header))"))
        return nil
    }
}
