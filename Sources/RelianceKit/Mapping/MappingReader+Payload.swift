import Yams

/// The payload tree: objects, lists and arrays beside the schema, and the fields it requires.
extension MappingReader {
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


    /// Every required field must be mapped, so an unfinished mapping never converts.
    mutating func checkRequired(_ object: ObjectMapping, fields: [Field], path: String, node: Node) {
        for field in fields where field.requirement == .required {
            let fieldPath = path + "." + field.name
            guard let mapped = object.fields[field.name] else {
                if !failedPaths.contains(fieldPath) {
                    // Point at the object that lacks the field.
                    error(at: object.position, "required field \(fieldPath) is not mapped")
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
