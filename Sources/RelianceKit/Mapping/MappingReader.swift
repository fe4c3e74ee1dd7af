import Foundation
import Yams

/// Walks the YAML of a mapping beside the payload schema, collecting every problem it finds.
struct MappingReader {
    let file: String
    let header: [String]
    private let columnIndex: [String: Int]
    private(set) var diagnostics: [MappingDiagnostic] = []
    /// Fields whose mapping was wrong; they are not reported again as unmapped.
    private var failedPaths: Set<String> = []

    init(file: String, header: [String]) {
        self.file = file
        self.header = header
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() where index[name] == nil { index[name] = i }
        columnIndex = index
    }

    mutating func error(_ node: Node?, _ message: String) {
        diagnostics.append(MappingDiagnostic(file: file, position: node?.mark.map(SourcePosition.init), message: message))
    }

    // MARK: Top level

    mutating func readMapping(_ root: Node.Mapping, input: InputSettings, folder: String) -> Mapping? {
        let rootNode = Node.mapping(root)
        checkKeys(root, allowed: ["version", "input", "settings", "customer"], context: "the top level")
        if let version = root["version"] {
            if version.scalar?.string != "1" { error(version, "unsupported mapping version \"\(version.scalar?.string ?? "?")\"; this tool reads version 1") }
        } else {
            error(rootNode, "the mapping has no `version: 1`")
        }
        let settings = readSettings(root["settings"], folder: folder)
        guard let customerNode = root["customer"] else {
            error(rootNode, "the mapping has no `customer` block")
            return nil
        }
        guard let customerMap = customerNode.mapping else {
            error(customerNode, "`customer` must be a mapping of payload fields")
            return nil
        }
        var id: Leaf?
        if let idNode = customerMap["id"] {
            id = readLeaf(idNode, path: "customer.id", allowUUID: true)
        } else {
            error(customerNode, "`customer.id` is missing: map the column that holds the legacy customer number")
        }
        let customer = readObject(customerMap, fields: RelianceSchema.customer, path: "customer", extraKeys: ["id"])
        guard let id else { return nil }
        checkRequired(customer, fields: RelianceSchema.customer, path: "customer", node: customerNode)
        return Mapping(file: file, input: input, settings: settings, id: id, customer: customer)
    }

    mutating func readInput(_ node: Node?) -> InputSettings {
        var input = InputSettings()
        guard let node else { return input }
        guard let map = node.mapping else {
            error(node, "`input` must be a mapping such as { delimiter: \";\", encoding: auto }")
            return input
        }
        checkKeys(map, allowed: ["delimiter", "encoding", "sheet", "header_row"], context: "input")
        if let delimiterNode = map["delimiter"] {
            let text = delimiterNode.scalar?.string ?? ""
            let value: String = switch text.lowercased() {
            case "tab", "\\t": "\t"
            default: text
            }
            if value.utf8.count == 1, let byte = value.utf8.first, byte != 0x22, byte != 0x0A, byte != 0x0D {
                input.delimiter = byte
            } else {
                error(delimiterNode, "delimiter must be one character such as \";\", \",\", \"|\" or tab, not \"\(text)\"")
            }
        }
        if let encodingNode = map["encoding"] {
            let text = (encodingNode.scalar?.string ?? "").lowercased()
            if text == "auto" || text.filter({ $0.isLetter || $0.isNumber }) == "utf16" {
                input.encoding = text == "auto" ? "auto" : "utf-16"
            } else if let encoding = TextEncoding(name: text) {
                input.encoding = encoding.rawValue
            } else {
                error(encodingNode, "unsupported encoding \"\(text)\"; use one of \(TextEncoding.accepted)")
            }
        }
        if let sheet = map["sheet"] { input.sheet = sheet.scalar?.string }
        if let headerRow = map["header_row"] {
            let text = headerRow.scalar?.string ?? ""
            if let row = Int(text), row >= 1 {
                input.headerRow = row
            } else if text != "auto" {
                error(headerRow, "header_row must be a row number from 1 (as Excel numbers rows), or auto")
            }
        }
        return input
    }

    mutating func readSettings(_ node: Node?, folder: String) -> Settings {
        var settings = Settings()
        guard let node else { return settings }
        guard let map = node.mapping else {
            error(node, "`settings` must be a mapping")
            return settings
        }
        checkKeys(map, allowed: ["timezone", "date_order", "phone_country", "attachments", "aliases", "vendors", "severity"], context: "settings")
        if let zone = map["timezone"] {
            let name = zone.scalar?.string ?? ""
            if TimeZone(identifier: name) == nil {
                error(zone, "unknown time zone \"\(name)\"; use an IANA name such as Europe/Berlin")
            } else {
                settings.timezone = name
            }
        }
        if let order = map["date_order"] {
            let text = (order.scalar?.string ?? "").uppercased()
            if let value = Settings.DateOrder(rawValue: text) { settings.dateOrder = value } else {
                error(order, "date_order must be DMY, MDY or YMD, not \"\(order.scalar?.string ?? "")\"")
            }
        }
        if let phone = map["phone_country"] {
            // "+49", or `address` (the row's address country), or { from: address, default: "+49" }.
            func callingCode(_ node: Node) -> String? {
                var text = node.scalar?.string ?? ""
                if !text.hasPrefix("+") { text = "+" + text }
                let digits = text.dropFirst()
                return (1...3).contains(digits.count) && digits.allSatisfy(\.isASCIIDigit) ? text : nil
            }
            if phone.scalar?.string == "address" {
                settings.phoneCountryFromAddress = true
            } else if let table = phone.mapping {
                checkKeys(table, allowed: ["from", "default"], context: "phone_country")
                if table["from"]?.scalar?.string == "address" {
                    settings.phoneCountryFromAddress = true
                } else {
                    error(phone, "phone_country takes { from: address, default: \"+49\" }")
                }
                if let fallback = table["default"] {
                    if let code = callingCode(fallback) {
                        settings.phoneCountry = code
                        settings.phoneCountryIsDefault = true
                    } else {
                        error(fallback, "the default of phone_country must be a calling code such as \"+49\"")
                    }
                }
            } else if let code = callingCode(phone) {
                settings.phoneCountry = code
            } else {
                error(phone, "phone_country must be a calling code such as \"+49\", or address (the row's address country)")
            }
        }
        if let attachments = map["attachments"], let text = attachments.scalar?.string {
            settings.attachments = text.hasPrefix("/") ? text : (folder as NSString).appendingPathComponent(text)
        }
        if let aliases = map["aliases"] {
            if let families = aliases.mapping {
                for (key, value) in families {
                    let family = key.scalar?.string ?? ""
                    guard Settings.aliasFamilies.contains(family) else {
                        let hint = Suggestions.nearest(to: family, in: Settings.aliasFamilies).map { "; did you mean \"\($0)\"?" } ?? ""
                        error(key, "aliases for \"\(family)\" are not supported (use \(Settings.aliasFamilies.joined(separator: ", ")))\(hint)")
                        continue
                    }
                    settings.aliases[family] = readValueTable(value, context: "aliases.\(family)")
                }
            } else {
                error(aliases, "`aliases` must map a family (country, salutation, title, boolean) to a table")
            }
        }
        if let vendors = map["vendors"] {
            if let list = vendors.sequence {
                for item in list {
                    guard let name = item.scalar?.string else {
                        error(item, "each entry of `vendors` must be a vendor name such as POSTIDENT, not a list or a mapping")
                        continue
                    }
                    settings.vendors.append(name.uppercased())
                }
            } else if let one = vendors.scalar?.string {
                settings.vendors = [one.uppercased()]
            } else {
                error(vendors, "`vendors` must be a list of vendor names such as [POSTIDENT]")
            }
        }
        if let severity = map["severity"] {
            guard let table = severity.mapping else {
                error(severity, "`severity` must be a mapping such as { expired_document: error }")
                return settings
            }
            checkKeys(table, allowed: ["expired_document"], context: "severity")
            if let expired = table["expired_document"] {
                switch expired.scalar?.string.lowercased() {
                case "error": settings.expiredDocumentIsError = true
                case "warning": settings.expiredDocumentIsError = false
                default: error(expired, "expired_document must be error or warning")
                }
            }
        }
        return settings
    }

    mutating func readValueTable(_ node: Node, context: String) -> [String: String] {
        guard let map = node.mapping else {
            error(node, "`\(context)` must be a table such as { \"1\": Herr }")
            return [:]
        }
        var table: [String: String] = [:]
        for (key, value) in map {
            guard let from = key.scalar?.string, let to = value.scalar?.string else {
                error(key, "`\(context)` entries must map one text to another")
                continue
            }
            table[from.trimmingCharacters(in: .whitespaces).lowercased()] = to
        }
        return table
    }

    // MARK: Payload nodes

    mutating func readObject(_ map: Node.Mapping, fields: [Field], path: String, extraKeys: [String] = []) -> ObjectMapping {
        var result: [String: NodeMapping] = [:]
        for (keyNode, valueNode) in map {
            let name = keyNode.scalar?.string ?? ""
            if extraKeys.contains(name) { continue }
            guard let field = fields.first(where: { $0.name == name }) else {
                let names = fields.map(\.name) + extraKeys
                let hint = Suggestions.nearest(to: name, in: names).map { "; did you mean \"\($0)\"?" }
                    ?? "; \(path) has: \(names.joined(separator: ", "))"
                error(keyNode, "unknown field \"\(name)\" in \(path)\(hint)")
                continue
            }
            let fieldPath = path + "." + name
            if case .value(.zero) = field.shape {
                // Mapping it to 0 is harmless; anything else contradicts the payload.
                let value = valueNode.scalar?.string ?? valueNode.mapping?["const"]?.scalar?.string
                if value != "0" { error(keyNode, "\(fieldPath) is always 0 (natural person) and takes no mapping; remove this line") }
                continue
            }
            if let node = readNode(valueNode, field: field, path: fieldPath) {
                result[name] = node
            } else {
                failedPaths.insert(fieldPath)
            }
        }
        return ObjectMapping(fields: result, position: map.mark.map(SourcePosition.init) ?? SourcePosition(line: 1, column: 1))
    }

    mutating func readNode(_ node: Node, field: Field, path: String) -> NodeMapping? {
        switch field.shape {
        case .value:
            if node.sequence != nil {
                error(node, "\(path) holds one value; give one column, template or const, not a list")
                return nil
            }
            return readLeaf(node, path: path).map(NodeMapping.leaf)
        case .array:
            if let list = node.sequence {
                let leaves = list.compactMap { readLeaf($0, path: path) }
                return .leaves(leaves)
            }
            return readLeaf(node, path: path).map(NodeMapping.leaf)
        case let .object(children):
            guard let map = node.mapping else {
                error(node, "\(path) is an object; map its fields (\(children.map(\.name).joined(separator: ", ")))")
                return nil
            }
            return .object(readObject(map, fields: children, path: path))
        case let .list(children):
            let items: [Node]
            if let list = node.sequence {
                items = Array(list)
            } else if node.mapping != nil {
                items = [node]
            } else {
                error(node, "\(path) is a list; give a list of items, each mapping \(children.map(\.name).joined(separator: ", "))")
                return nil
            }
            var objects: [ObjectMapping] = []
            for (index, item) in items.enumerated() {
                guard let map = item.mapping else {
                    error(item, "item \(index + 1) of \(path) must be a mapping of \(children.map(\.name).joined(separator: ", "))")
                    continue
                }
                let object = readObject(map, fields: children, path: "\(path)[\(index + 1)]")
                checkRequired(object, fields: children, path: "\(path)[\(index + 1)]", node: item)
                objects.append(object)
            }
            return .list(objects)
        }
    }

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
            if let list = format.sequence {
                formats = list.compactMap { $0.scalar?.string }
            } else if let one = format.scalar?.string {
                formats = [one]
            }
            for pattern in formats {
                if let problem = DatePattern.problem(in: pattern) { error(format, "format \"\(pattern)\": \(problem)") }
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
        if let near = Suggestions.nearest(to: text, in: header) {
            error(node, "no column \"\(text)\" in the header; did you mean \"\(near)\"?")
        } else {
            error(node, "no column \"\(text)\" in the header; for a fixed value write { const: \"\(text)\" }")
        }
        return nil
    }

    mutating func readTemplate(_ text: String, node: Node) -> [Leaf.TemplatePart]? {
        var parts: [Leaf.TemplatePart] = []
        var literal = ""
        var chars = Array(text)[...]
        var ok = true
        while let char = chars.popFirst() {
            if char == "{", chars.first == "{" {
                chars.removeFirst()
                literal.append("{")
            } else if char == "}", chars.first == "}" {
                chars.removeFirst()
                literal.append("}")
            } else if char == "{" {
                guard let close = chars.firstIndex(of: "}") else {
                    error(node, "template \"\(text)\" opens { without closing it; write {{ for a literal brace")
                    return nil
                }
                let name = String(chars[chars.startIndex..<close])
                chars = chars[(close + 1)...]
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                if let index = resolveColumn(name, node: node) {
                    parts.append(.column(name: name, index: index))
                } else {
                    ok = false
                }
            } else {
                literal.append(char)
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return ok ? parts : nil
    }

    mutating func resolveColumn(_ name: String, node: Node) -> Int? {
        if let index = columnIndex[name] ?? columnIndex[name.trimmingCharacters(in: .whitespaces)] { return index }
        let hint = Suggestions.nearest(to: name, in: header).map { "; did you mean \"\($0)\"?" }
            ?? "; the header has: \(header.joined(separator: ", "))"
        error(node, "no column \"\(name)\" in the header\(hint)")
        return nil
    }

    mutating func checkKeys(_ map: Node.Mapping, allowed: [String], context: String) {
        for (key, _) in map {
            let name = key.scalar?.string ?? ""
            guard !allowed.contains(name) else { continue }
            let hint = Suggestions.nearest(to: name, in: allowed).map { "; did you mean \"\($0)\"?" }
                ?? "; allowed: \(allowed.joined(separator: ", "))"
            error(key, "unknown key \"\(name)\" in \(context)\(hint)")
        }
    }

    /// Every required field must be mapped, so an unfinished mapping never converts.
    mutating func checkRequired(_ object: ObjectMapping, fields: [Field], path: String, node: Node) {
        for field in fields where field.requirement == .required {
            let fieldPath = path + "." + field.name
            guard let mapped = object.fields[field.name] else {
                if !failedPaths.contains(fieldPath) {
                    // Point at the object that lacks the field.
                    diagnostics.append(MappingDiagnostic(file: file, position: object.position, message: "required field \(fieldPath) is not mapped"))
                }
                continue
            }
            if case let .object(children) = field.shape, case let .object(child) = mapped {
                checkRequired(child, fields: children, path: fieldPath, node: node)
            }
            if case .list = field.shape, case let .list(items) = mapped, items.isEmpty {
                error(node, "required list \(fieldPath) has no items")
            }
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
