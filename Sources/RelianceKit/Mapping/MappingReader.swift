import Foundation
import Yams

/// Walks the YAML of a mapping beside the payload schema, collecting every problem it finds.
///
/// By concern: the top level and diagnostics here; `input` and `settings` in
/// `MappingReader+Settings`; the payload tree (objects, lists, required fields) in
/// `MappingReader+Payload`; one value's recipe (source, modifiers, columns) in `MappingReader+Leaf`.
struct MappingReader {
    let file: String
    let header: [String]
    /// Each header name's first column.
    let columnIndex: [String: Int]
    /// The first `MappingError.shownLimit` problems; `omitted` counts the rest.
    private(set) var diagnostics: [MappingDiagnostic] = []
    private(set) var omitted = 0
    /// Fields whose mapping was wrong; they are not reported again as unmapped.
    var failedPaths: Set<String> = []

    /// Names the header holds more than once, with their columns: a mapping may not read them.
    let repeatedColumns: [String: [Int]]

    init(file: String, header: [String]) {
        self.file = file
        self.header = header
        var index: [String: Int] = [:]
        var repeated: [String: [Int]] = [:]
        for (i, name) in header.enumerated() {
            if let first = index[name] {
                repeated[name, default: [first]].append(i)
            } else {
                index[name] = i
            }
        }
        for name in repeated.keys { index[name] = nil }
        index[""] = nil
        columnIndex = index
        repeatedColumns = repeated
    }

    /// The message for a column the mapping reads that the header holds more than once, or nil.
    func repetition(of name: String) -> String? {
        guard let columns = repeatedColumns[name] ?? repeatedColumns[name.trimmingCharacters(in: .whitespaces)] else { return nil }
        let positions = columns.map { String($0 + 1) }
        return "the header names \"\(name)\" \(columns.count == 2 ? "twice" : "\(columns.count) times") (columns \(positions.dropLast().joined(separator: ", ")) and \(positions.last ?? "")); "
            + "a mapping cannot tell which to read: rename one of them in the export"
    }

    mutating func error(_ node: Node?, _ message: @autoclosure () -> String) {
        error(at: node?.mark.map(SourcePosition.init), message())
    }

    /// Records a problem; past the shown ones only counts it, without building its message.
    mutating func error(at position: SourcePosition?, _ message: @autoclosure () -> String) {
        guard diagnostics.count < MappingError.shownLimit else {
            omitted += 1
            return
        }
        diagnostics.append(MappingDiagnostic(file: file, position: position, message: message()))
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

    mutating func checkKeys(_ map: Node.Mapping, allowed: [String], context: String) {
        for (key, _) in map {
            let name = key.scalar?.string ?? ""
            guard !allowed.contains(name) else { continue }
            let hint = Suggestions.nearest(to: name, in: allowed).map { "; did you mean \"\($0)\"?" }
                ?? "; allowed: \(allowed.joined(separator: ", "))"
            error(key, "unknown key \"\(name)\" in \(context)\(hint)")
        }
    }
}
