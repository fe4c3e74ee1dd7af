/// A mapping file bound to an input's header: how each payload field is read from a row.
public struct Mapping: Sendable {
    public let file: String
    public let input: InputSettings
    public let settings: Settings
    /// The legacy identifier behind the default keys.
    public let id: Leaf
    /// Mappings for the customer's fields, by the schema's names.
    public let customer: ObjectMapping
}

/// How the input is to be read; every part optional.
public struct InputSettings: Sendable, Equatable {
    public var delimiter: UInt8?
    public var encoding: String = "auto"
    public var sheet: String?

    public init(delimiter: UInt8? = nil, encoding: String = "auto", sheet: String? = nil) {
        self.delimiter = delimiter
        self.encoding = encoding
        self.sheet = sheet
    }
}

/// The mapping's `settings` block.
public struct Settings: Sendable {
    public enum DateOrder: String, Sendable { case dmy = "DMY", mdy = "MDY", ymd = "YMD" }

    public var timezone = "Europe/Berlin"
    public var dateOrder = DateOrder.dmy
    /// Country calling code for national numbers, with its `+`.
    public var phoneCountry = "+49"
    /// The attachments folder, already resolved against the mapping file's folder.
    public var attachments: String?
    /// Extra spellings per normalizer family (`country`, `salutation`, `title`, `boolean`), keys folded.
    public var aliases: [String: [String: String]] = [:]
    /// Vendors accepted besides SUMSUB, IDNOW and WEBID, upper-cased.
    public var vendors: [String] = []
    /// Whether a document expired at the as-of date rejects the row.
    public var expiredDocumentIsError = false

    public static let aliasFamilies = ["country", "salutation", "title", "boolean"]
}

/// Where something stands in the mapping file (1-based).
public struct SourcePosition: Sendable, Equatable {
    public let line: Int
    public let column: Int
}

/// The mapping of one payload node.
public indirect enum NodeMapping: Sendable {
    case leaf(Leaf)
    /// An array field given as a list of leaves; empty values are dropped.
    case leaves([Leaf])
    case object(ObjectMapping)
    case list([ObjectMapping])
}

/// The mappings of an object's fields by name, with where the object stands.
public struct ObjectMapping: Sendable {
    public var fields: [String: NodeMapping]
    public var position: SourcePosition
}

/// One value's recipe: a source, then `default`, `map`, `format` and `split`.
///
/// A class, built once by the mapping reader and then only read: rows pass it around by reference.
public final class Leaf: @unchecked Sendable {
    public enum Source: Sendable {
        case column(name: String, index: Int)
        case columns([(name: String, index: Int)], join: String)
        case template([TemplatePart])
        case constant(String)
        /// A name-based UUID of the given columns' values, for a stable id.
        case uuid5([(name: String, index: Int)])
    }

    public enum TemplatePart: Sendable {
        case literal(String)
        case column(name: String, index: Int)
    }

    public var source: Source
    public var defaultValue: String?
    /// Date patterns tried in order.
    public var formats: [String] = [] {
        didSet { patterns = formats.compactMap(DatePattern.init) }
    }
    /// `formats`, compiled.
    private(set) var patterns: [DatePattern] = []
    /// Value table applied before normalizing; keys folded to lower case.
    public var valueMap: [String: String] = [:]
    public var split: String?
    public var position: SourcePosition

    public init(source: Source, position: SourcePosition) {
        self.source = source
        self.position = position
    }

    /// Whether the leaf reads cells directly (a column, columns or uuid5), which decides
    /// whether a list item counts as present.
    var readsCellsDirectly: Bool {
        switch source {
        case .column, .columns, .uuid5: true
        case .template, .constant: false
        }
    }

    /// The column names the leaf reads.
    var columnNames: [String] {
        switch source {
        case let .column(name, _): [name]
        case let .columns(columns, _), let .uuid5(columns): columns.map(\.name)
        case let .template(parts): parts.compactMap { if case let .column(name, _) = $0 { name } else { nil } }
        case .constant: []
        }
    }
}
