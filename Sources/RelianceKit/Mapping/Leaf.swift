/// One value's recipe: a source, then `default`, `map`, `format` and `split`.
///
/// A class, built whole in one `init` by the mapping reader and never changed: rows pass it around
/// by reference, and every worker reads the same leaves.
package final class Leaf: Sendable {
    package enum Source: Sendable {
        case column(name: String, index: Int)
        case columns([(name: String, index: Int)], join: String)
        case template([TemplatePart])
        case constant(String)
        /// A name-based UUID of the given columns' values, for a stable id.
        case uuid5([(name: String, index: Int)])
    }

    package enum TemplatePart: Sendable {
        case literal(String)
        case column(name: String, index: Int)
    }

    package let source: Source
    package let defaultValue: String?
    /// Date patterns tried in order, as written, and compiled.
    package let formats: [String]
    let patterns: [DatePattern]
    /// `patterns` with their office variants, for a fed-back file a person may have saved again in
    /// an office program (see `DatePattern.withOfficeVariants`).
    let officePatterns: [DatePattern]
    /// Value table applied before normalizing; keys folded to lower case.
    package let valueMap: [String: String]
    package let split: String?
    package let position: SourcePosition
    /// Whether the leaf is one column with no default and no value table, and that column.
    let isPlainColumn: Bool
    let columnIndex: Int

    package init(source: Source, position: SourcePosition, defaultValue: String? = nil, formats: [String] = [],
                valueMap: [String: String] = [:], split: String? = nil) {
        self.source = source
        self.position = position
        self.defaultValue = defaultValue
        self.formats = formats
        patterns = formats.compactMap(DatePattern.init)
        officePatterns = DatePattern.withOfficeVariants(patterns)
        self.valueMap = valueMap
        self.split = split
        if case let .column(_, index) = source, defaultValue == nil, valueMap.isEmpty {
            (isPlainColumn, columnIndex) = (true, index)
        } else {
            (isPlainColumn, columnIndex) = (false, 0)
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
