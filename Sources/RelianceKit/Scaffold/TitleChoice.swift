/// What `title` reads, tried on the sample: the academic titles Concedus takes (Dr., Prof.).
///
/// CRMs call the job title "Title" (Salesforce, Dynamics), and some keep "Dr." among the
/// salutations. A title column whose values are mostly not academic titles is not mapped; when
/// the salutation column holds academic titles, `title` reads them there, its other values
/// mapped to nothing, with `# check`.
struct TitleChoice {
    /// The line's value (nil: leave `title` out) and why it needs a look.
    var value: String?
    var check: String?
    /// The column read, for the decisions.
    var column: ColumnMatcher.Match?

    init(title: ColumnMatcher.Match?, salutation: ColumnMatcher.Match?, sample: ExportSample, normalizer: Normalizer) {
        var notTitles: String?
        if let title {
            let trial = LineTrial(column: title.index, name: title.column, kind: .title, rows: sample.rows, normalizer: normalizer)
            let academic = trial.results.filter { $0.value != nil }.count
            let others = trial.problemValues
            let listed = others.prefix(3).map { "\(YAMLText.shown($0.raw)) (\($0.count))" }.joined(separator: ", ")
            if others.isEmpty {
                (value, column) = (YAMLText.scalar(title.column), title)
                return
            }
            if academic >= trial.results.count - academic {
                (value, column) = (YAMLText.scalar(title.column), title)
                check = "\(trial.results.count - academic) sample values are no academic title and are left out with a warning: \(listed)"
                return
            }
            notTitles = "\(YAMLText.shown(title.column)) holds job titles or other text (\(listed)), not academic titles"
        }
        if let salutation {
            let trial = LineTrial(column: salutation.index, name: salutation.column, kind: .title, rows: sample.rows, normalizer: normalizer)
            let academic = CodeAliases.orderedUnique(trial.results.filter { $0.value != nil }.map(\.raw))
            let others = CodeAliases.orderedUnique(trial.results.filter { $0.value == nil }.map(\.raw))
            if !academic.isEmpty, others.count <= 20 {
                let map = others.map { "\(YAMLText.scalar($0)): \"\"" }.joined(separator: ", ")
                value = others.isEmpty ? YAMLText.scalar(salutation.column) : "{ column: \(YAMLText.scalar(salutation.column)), map: { \(map) } }"
                column = salutation
                check = (notTitles.map { $0 + "; " } ?? "") + "the academic titles stand in \(YAMLText.shown(salutation.column)) ("
                    + academic.prefix(3).map(YAMLText.shown).joined(separator: ", ") + "), its salutations are mapped to nothing"
                return
            }
        }
        check = notTitles
    }
}
