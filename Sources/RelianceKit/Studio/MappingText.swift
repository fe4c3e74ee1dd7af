import Yams

/// A mapping's text as lines, edited the way a person edits it: one field's line replaced, added
/// or removed, every other line (comments, blank lines, the order of keys) left as it stands, so a
/// one-field edit is a one-line diff.
///
/// It reads the block structure of the YAML a mapping is written in (keys, indentation, list
/// items, flow values that span lines), not YAML in general: the text is checked by the mapping
/// reader after every edit, and an edit it cannot place is refused rather than guessed.
package struct MappingText: Equatable, Sendable {
    package private(set) var lines: [String]

    package init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    package var text: String { lines.joined(separator: "\n") }

    /// One key's place: the lines its value takes, and the value as written.
    package struct Entry: Equatable, Sendable {
        /// The dotted path of keys (`customer.person.birthDate`).
        package let path: String
        package let lines: Range<Int>
        package let indent: Int
        /// The value after `key: `, without a trailing comment; the lines of a flow value that
        /// spans lines joined by single spaces; nil for a block (`key:` then indented lines).
        package let value: String?
        /// `# …` after the value on its last line, kept when the value is replaced.
        package let comment: String?
        /// Whether the key sits inside a list item (`- { … }`): such a value is edited as its item's line.
        package let inList: Bool
    }

    /// Every key of the text with its place, in order.
    package var entries: [Entry] {
        var found: [Entry] = []
        var stack: [(indent: Int, key: String, list: Bool)] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let indent = line.prefix { $0 == " " }.count
            let content = line.dropFirst(indent)
            guard !content.isEmpty, !content.hasPrefix("#") else {
                index += 1
                continue
            }
            while let last = stack.last, last.indent >= indent { stack.removeLast() }
            if content.hasPrefix("- ") || content == "-" {
                // A list item: everything beneath it is the item's, edited as the item's line.
                let item = String(content.dropFirst(2))
                let end = MappingText.endOfValue(lines, from: index, text: item, indent: indent)
                let (value, comment) = MappingText.splitComment(item)
                let isBlock = value.isEmpty || MappingText.splitKey(Substring(value)).map { $0.1.isEmpty } == true
                let joined = ([value] + lines[(index + 1)..<end].map { $0.trimmingCharacters(in: .whitespaces) }).joined(separator: " ")
                found.append(Entry(path: (stack.map(\.key) + ["[]"]).joined(separator: "."), lines: index..<end, indent: indent,
                                   value: isBlock ? nil : MappingText.withoutComment(joined), comment: end - index > 1 ? nil : comment, inList: true))
                stack.append((indent, "-", true))
                index = end
                continue
            }
            guard let (key, rest) = MappingText.splitKey(content) else {
                index += 1
                continue
            }
            let (value, comment) = MappingText.splitComment(rest)
            let end = value.isEmpty ? MappingText.endOfBlock(lines, after: index, indent: indent)
                : MappingText.endOfValue(lines, from: index, text: value, indent: indent)
            let inList = stack.contains { $0.list }
            let path = (stack.map(\.key) + [key]).joined(separator: ".")
            let joined = end - index > 1 && !value.isEmpty
                ? lines[index..<end].enumerated().map { $0.offset == 0 ? value : $0.element.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
                : value
            let lastComment = end - index > 1 && !value.isEmpty ? MappingText.splitComment(lines[end - 1]).comment : comment
            found.append(Entry(path: path, lines: index..<end, indent: indent, value: value.isEmpty ? nil : MappingText.withoutComment(joined),
                               comment: lastComment, inList: inList))
            if value.isEmpty {
                stack.append((indent, key, false))
                index += 1
            } else {
                index = end
            }
        }
        return found
    }

    package func entry(_ path: String) -> Entry? {
        entries.first { $0.path == path }
    }

    /// A payload field's entry (`person.birthDate`, as the fields table names it): its own line,
    /// or for a field inside list items (`person.bankAccounts.iban`) its first item's line.
    package func fieldEntry(_ field: String) -> Entry? {
        let all = entries
        if let own = all.first(where: { $0.path == "customer." + field && !$0.inList }) { return own }
        let parts = field.split(separator: ".").map(String.init)
        for cut in stride(from: parts.count - 1, through: 1, by: -1) {
            let item = "customer." + parts.prefix(cut).joined(separator: ".") + ".[]"
            if let found = all.first(where: { $0.path == item }) { return found }
        }
        return nil
    }

    /// Why an edit cannot be made.
    package struct EditError: Error, Equatable, CustomStringConvertible {
        package let description: String
    }

    /// The text with `path`'s value set to `value` (YAML as it would stand after `key: `), or its
    /// line removed when `value` is nil. A key that is not there is written under its parent, in
    /// place of a commented-out `# key:` line when there is one; missing parents are written too.
    package func setting(_ path: String, to value: String?) throws(EditError) -> MappingText {
        if let value { try MappingText.check(value) }
        let keys = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let key = keys.last, keys.count <= 8, path.utf8.count <= 200,
              keys.allSatisfy({ MappingText.splitKey(Substring($0 + ":")) != nil }) else {
            throw EditError(description: "no field named \(path.prefix(80))")
        }
        var edited = self
        let all = entries
        if let found = all.first(where: { $0.path == path }) {
            guard !found.inList else { throw EditError(description: "\(path) is inside a list item: edit the item's line") }
            if let value {
                let comment = found.comment.map { "   " + $0 } ?? ""
                edited.lines.replaceSubrange(found.lines, with: [String(repeating: " ", count: found.indent) + key + ": " + value + comment])
            } else {
                edited.lines.removeSubrange(found.lines)
            }
            return edited
        }
        guard let value else { return self }
        // The deepest parent that is there, and the keys to write beneath it.
        var parentDepth = keys.count - 1
        var parent: Entry?
        while parentDepth > 0 {
            let parentPath = keys.prefix(parentDepth).joined(separator: ".")
            if let found = all.first(where: { $0.path == parentPath }) {
                guard found.value == nil, !found.inList, !all.contains(where: { $0.path == parentPath + ".[]" }) else {
                    throw EditError(description: "\(parentPath) is not a block of fields: \(path) cannot be written beneath it")
                }
                parent = found
                break
            }
            parentDepth -= 1
        }
        let indent = parent.map { edited.childIndent(of: $0) } ?? 0
        var insert = parent.map(\.lines.upperBound) ?? edited.endOfContent
        // A commented-out placeholder for the key (`# sanctionHit:`), as init writes them, becomes the line.
        if parentDepth == keys.count - 1, let range = parent?.lines {
            let placeholder = String(repeating: " ", count: indent) + "# " + key + ":"
            // The block's range ends at its last key; placeholders may follow it, still indented as its keys.
            var end = range.upperBound
            while end < edited.lines.count, edited.lines[end].trimmingCharacters(in: .whitespaces).isEmpty
                || edited.lines[end].hasPrefix(String(repeating: " ", count: indent) + "#") { end += 1 }
            if let at = edited.lines[range.lowerBound..<end].firstIndex(where: { $0 == placeholder || $0.hasPrefix(placeholder + " ") }) {
                edited.lines[at] = String(repeating: " ", count: indent) + key + ": " + value
                return edited
            }
        }
        var added: [String] = []
        for (depth, name) in keys.enumerated().dropFirst(parentDepth) {
            let pad = String(repeating: " ", count: indent + 2 * (depth - parentDepth))
            added.append(pad + name + (depth == keys.count - 1 ? ": " + value : ":"))
        }
        // After the parent's last line that is not blank or a comment further out.
        while insert > (parent?.lines.lowerBound ?? 0) + 1, edited.lines[insert - 1].trimmingCharacters(in: .whitespaces).isEmpty {
            insert -= 1
        }
        edited.lines.insert(contentsOf: added, at: insert)
        return edited
    }

    /// Refuses a value that is not one whole line of YAML: a line break of any kind (a YAML reader
    /// also breaks lines at U+0085, U+2028 and U+2029), another control character, or a flow value
    /// or quote left open, which would take the lines after it.
    static func check(_ value: String) throws(EditError) {
        if value.unicodeScalars.contains(where: { scalar in
            scalar != "\t" && [.control, .lineSeparator, .paragraphSeparator].contains(scalar.properties.generalCategory)
        }) {
            throw EditError(description: "a mapping line is one line, without control characters")
        }
        guard value.utf8.count <= 64 << 10 else { throw EditError(description: "a mapping line is at most 64 KiB") }
        guard (try? Yams.compose(yaml: "key: " + value, .basic)) != nil, endOfValue([value], from: 0, text: value) == 1,
              MappingText.closes(value) else {
            throw EditError(description: "\(value.prefix(80)) is not a whole YAML value: a bracket or a quote is left open")
        }
    }

    /// Whether every bracket and quote of a flow value is closed on its line.
    static func closes(_ value: String) -> Bool {
        let (depth, quoteOpen) = nesting(value)
        return depth == 0 && !quoteOpen
    }

    /// How many brackets a line of a flow value leaves open (its comment aside), and whether a
    /// quote is left open.
    static func nesting(_ line: String) -> (depth: Int, quoteOpen: Bool) {
        var depth = 0
        var quote: Character?
        var escaped = false
        for character in splitComment(line).value {
            if let open = quote {
                if escaped { escaped = false } else if character == "\\", open == "\"" { escaped = true } else if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "{" || character == "[" {
                depth += 1
            } else if character == "}" || character == "]" {
                depth -= 1
            }
        }
        return (depth, quote != nil)
    }

    /// Where a new top-level key goes: after the last line that is not blank.
    private var endOfContent: Int {
        var end = lines.count
        while end > 0, lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty { end -= 1 }
        return end
    }

    /// The indentation of a block's keys: its first key's, or two more than the block's own.
    private func childIndent(of block: Entry) -> Int {
        for line in lines[block.lines].dropFirst() {
            let content = line.drop { $0 == " " }
            if !content.isEmpty, !content.hasPrefix("#") { return line.count - content.count }
        }
        return block.indent + 2
    }

    /// `key: rest` → (key, rest); nil when the line is not a key.
    static func splitKey(_ content: Substring) -> (String, String)? {
        guard let colon = content.firstIndex(of: ":") else { return nil }
        let key = content[..<colon]
        let after = content[content.index(after: colon)...]
        guard !key.isEmpty, after.isEmpty || after.first == " ",
              key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
        return (String(key), after.trimmingCharacters(in: .whitespaces))
    }

    /// A value and its trailing comment (`# …` after a space, outside quotes).
    static func splitComment(_ text: String) -> (value: String, comment: String?) {
        var quote: Character?
        var previous: Character = " "
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == "\\", open == "\"" {
                    index = text.index(after: index)
                } else if character == open {
                    quote = nil
                }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#", previous == " " || previous == "\t" {
                return (text[..<index].trimmingCharacters(in: .whitespaces), String(text[index...]))
            }
            if index < text.endIndex { previous = text[index] }
            index = index < text.endIndex ? text.index(after: index) : index
        }
        return (text.trimmingCharacters(in: .whitespaces), nil)
    }

    static func withoutComment(_ text: String) -> String { splitComment(text).value }

    /// The line after a value that starts on line `start`: a flow value (`{`, `[`) runs until its
    /// brackets close; any other value ends with its line.
    static func endOfValue(_ lines: [String], from start: Int, text: String, indent: Int = -1) -> Int {
        var depth = 0
        var index = start
        var part = text
        repeat {
            // A flow value continues on lines indented deeper than its key; one that meets a line
            // that is not is unclosed (the mapping reader says so), and takes its own line only.
            if index > start {
                let content = part.drop { $0 == " " }
                if !content.isEmpty, part.count - content.count <= indent { return start + 1 }
            }
            depth += nesting(part).depth
            index += 1
            guard depth > 0 else { break }
            guard index < lines.count else { return start + 1 }
            part = lines[index]
        } while true
        return index
    }

    /// The line after a block that starts with `key:` on line `start`: the first line with content
    /// at the key's indentation or less (blank lines and comments at the end are not the block's).
    static func endOfBlock(_ lines: [String], after start: Int, indent: Int) -> Int {
        var end = start + 1
        var index = start + 1
        while index < lines.count {
            let line = lines[index]
            let content = line.drop { $0 == " " }
            if !content.isEmpty {
                let lineIndent = line.count - content.count
                // A list directly under the key may sit at the key's own indentation.
                if lineIndent < indent || (lineIndent == indent && !content.hasPrefix("- ")) { break }
                if !content.hasPrefix("#") { end = index + 1 }
            }
            index += 1
        }
        return end
    }
}
