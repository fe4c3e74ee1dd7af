/// A normalized value, ready to be validated and written as JSON.
package enum Scalar: Sendable, Equatable {
    case text(String)
    case date(CivilDate)
    case timestamp(CivilDateTime)
    case bool(Bool)
    /// A boolean written as `"True"` or `"False"`.
    case boolString(Bool)
    case zero
    case null
}

extension Scalar {
    /// The value as `main.json` shows it, for messages; nil for the fixed values.
    var shown: String? {
        switch self {
        case let .text(text): text
        case let .date(date): date.description
        case let .timestamp(stamp): stamp.description
        case let .bool(flag): flag ? "true" : "false"
        case let .boolString(flag): flag ? "True" : "False"
        case .zero, .null: nil
        }
    }

    /// Whether the value is shown other than as `text`, so reading `text` rewrote it. Cheaper than
    /// comparing `shown`: a date shows as `YYYY-MM-DD` and a timestamp as `YYYY-MM-DDTHH:mm:ss`,
    /// so a spelling of another length or without the `-` after the year is rewritten, and only
    /// one shaped like the shown form builds it to compare.
    func rewrites(_ text: String) -> Bool {
        switch self {
        case let .date(date): !Scalar.hasISOShape(text, length: 10) || date.description != text
        case let .timestamp(stamp): !Scalar.hasISOShape(text, length: 19) || stamp.description != text
        case .zero, .null: false
        default: shown != text
        }
    }

    private static func hasISOShape(_ text: String, length: Int) -> Bool {
        let bytes = text.utf8.span
        return bytes.count == length && bytes[4] == UInt8(ascii: "-")
    }
}

/// One node of a customer record, shaped like the schema.
package enum Entry: Sendable, Equatable {
    case scalar(Scalar)
    case array([Scalar])
    case object(Record)
    case list([Record])
}

/// An object of the payload: its present fields, in schema order.
package struct Record: Sendable, Equatable {
    /// One present field. A struct, not a tuple: arrays of tuples look their type up at run time.
    package struct Member: Sendable, Equatable {
        package let name: String
        package var entry: Entry

        package init(_ name: String, _ entry: Entry) {
            self.name = name
            self.entry = entry
        }
    }

    package var fields: [Member] = []

    package init() {}

    package subscript(name: String) -> Entry? {
        get { index(of: name).map { fields[$0].entry } }
        set {
            if let index = index(of: name) {
                if let newValue { fields[index].entry = newValue } else { fields.remove(at: index) }
            } else if let newValue {
                fields.append(Member(name, newValue))
            }
        }
    }

    /// Where the field `name` is. Names differ mostly in length, which is compared first: a full
    /// string comparison per member made looking fields up a visible part of every row's cost.
    func index(of name: String) -> Int? {
        let length = name.utf8.count
        return fields.firstIndex { $0.name.utf8.count == length && $0.name == name }
    }

    /// Changes the object field `name` in place, when present: it is taken out first, so its
    /// members are not copied on write.
    /// - Returns: whether the field was there.
    @discardableResult
    mutating func modifyRecord(_ name: String, _ body: (inout Record) -> Void) -> Bool {
        guard let index = index(of: name), case var .object(record) = fields[index].entry else { return false }
        fields[index].entry = .scalar(.null)
        body(&record)
        fields[index].entry = .object(record)
        return true
    }

    /// Changes the list field `name` in place, when present, like `modifyRecord`.
    mutating func modifyList(_ name: String, _ body: (inout [Record]) -> Void) {
        guard let index = index(of: name), case var .list(records) = fields[index].entry else { return }
        fields[index].entry = .scalar(.null)
        body(&records)
        fields[index].entry = .list(records)
    }

    package func record(_ name: String) -> Record? {
        if case let .object(record)? = self[name] { record } else { nil }
    }

    package func records(_ name: String) -> [Record] {
        if case let .list(records)? = self[name] { records } else { [] }
    }

    package func scalar(_ name: String) -> Scalar? {
        if case let .scalar(value)? = self[name] { value } else { nil }
    }

    package func text(_ name: String) -> String? {
        if case let .text(value)? = scalar(name) { value } else { nil }
    }

    package func date(_ name: String) -> CivilDate? {
        if case let .date(value)? = scalar(name) { value } else { nil }
    }

    package func timestamp(_ name: String) -> CivilDateTime? {
        if case let .timestamp(value)? = scalar(name) { value } else { nil }
    }

    package func bool(_ name: String) -> Bool? {
        switch scalar(name) {
        case let .bool(value)?, let .boolString(value)?: value
        default: nil
        }
    }

    package func array(_ name: String) -> [Scalar] {
        if case let .array(values)? = self[name] { values } else { [] }
    }
}
