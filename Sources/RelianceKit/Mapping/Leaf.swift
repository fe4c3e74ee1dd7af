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

    public var source: Source {
        didSet { noteShape() }
    }
    public var defaultValue: String? {
        didSet { noteShape() }
    }
    /// Whether the leaf is one column with no default and no value table, and that column.
    private(set) var isPlainColumn = false
    private(set) var columnIndex = 0
    /// Date patterns tried in order.
    public var formats: [String] = [] {
        didSet { patterns = formats.compactMap(DatePattern.init) }
    }
    /// `formats`, compiled.
    private(set) var patterns: [DatePattern] = []
    /// Value table applied before normalizing; keys folded to lower case.
    public var valueMap: [String: String] = [:] {
        didSet { noteShape() }
    }
    public var split: String?
    public var position: SourcePosition

    public init(source: Source, position: SourcePosition) {
        self.source = source
        self.position = position
        noteShape()
    }

    private func noteShape() {
        if case let .column(_, index) = source, defaultValue == nil, valueMap.isEmpty {
            (isPlainColumn, columnIndex) = (true, index)
        } else {
            isPlainColumn = false
        }
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
