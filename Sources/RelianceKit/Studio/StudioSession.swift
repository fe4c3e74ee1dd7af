import FileSystem
import Foundation

/// The studio's engine: one export held in memory, the mapping being edited as text, and every
/// row evaluated by the converter's own pipeline (`BatchPreparation`, the code `validate` runs)
/// after each edit. The server asks it; it never prints and never writes except on `save` and
/// `saveFixed`.
///
/// Not `Sendable`: the server calls it from one thread at a time.
package final class StudioSession {
    package struct Options: Sendable {
        package var inputPath: String
        package var mappingPath: String
        package var fixedPath: String
        package var attachmentsDirectory: String?
        package var asOf: CivilDate?
        package var now: CivilDateTime?
        /// Workers evaluating rows; the machine's usable cores by default.
        package var jobs = UsableCPUs.count

        package init(inputPath: String, mappingPath: String, fixedPath: String) {
            self.inputPath = inputPath
            self.mappingPath = mappingPath
            self.fixedPath = fixedPath
        }
    }

    /// The most rows and cell text the studio holds: a larger export is refused with a message that
    /// says to build the mapping on a part of it (its first rows, saved as a file of their own).
    package static let textLimit = 512 << 20
    package static let rowLimit = 2_000_000

    package let options: Options
    private(set) var inspection: InputDetection.Inspection
    /// The mapping as it stands in the session, and the text on disk (nil: no file yet).
    package private(set) var text: MappingText
    package private(set) var savedText: MappingText?
    private var undoStack: [MappingText] = []
    private var redoStack: [MappingText] = []
    /// The export as the current input settings read it.
    package private(set) var loaded: LoadedInput {
        didSet {
            statsCache = nil
            columnsCache = nil
            datesCache = [:]
            loadGeneration += 1
        }
    }
    /// Counts the evaluations, and the rejects grouped for the last one (`rejectsView`).
    private(set) var evaluations = 0
    var rejectsCache: (evaluation: Int, view: StudioViews.Rejects)?
    /// The fields as last described, and each date column's formats ranked (once per load).
    var fieldsCache: (evaluation: Int, text: MappingText, view: StudioViews.Fields)?
    var datesCache: [Int: StudioViews.Dates] = [:]
    /// Counts the loads: an evaluation is reused only for the rows it was made of.
    private var loadGeneration = 0
    /// How many rows the last evaluation evaluated afresh (the others kept their outcome).
    package private(set) var lastEvaluated = 0
    /// The columns' values counted, once per load (`columnStats`).
    var statsCache: [ColumnStats]?
    /// The columns described under the settings named by `key` (`columnsView`).
    var columnsCache: (key: String, columns: [StudioViews.Column])?
    /// The last evaluation of a mapping that could be bound, and the one before the last edit.
    package private(set) var evaluation: Evaluation?
    package private(set) var previous: Evaluation?
    /// Why the current text cannot be used (`file:line:col: error: …`); empty when it can.
    package private(set) var errors: [String] = []
    /// Each worker's value memos, kept from edit to edit, and the settings they were made under.
    private var banks: [MemoBank] = []
    private var banksSettings = ""

    package init(_ options: Options) throws(ConvertError) {
        self.options = options
        // The studio writes the mapping and the fixed rows: neither may be the export, or each other.
        let named = [("the export", options.inputPath), ("the mapping", options.mappingPath), ("the fixed rows", options.fixedPath)]
        for (first, second) in [(0, 1), (0, 2), (1, 2)] where StudioSession.sameFile(named[first].1, named[second].1) {
            throw .usage("\(named[first].0) and \(named[second].0) are the same file (\(named[second].1)); name another with --mapping or --fixed")
        }
        inspection = try InputDetection.inspect(options.inputPath)
        let existing: [UInt8]?
        switch MappingFile.read(options.mappingPath) {
        case let .success(bytes): existing = bytes
        case let .failure(failure):
            guard !FileManager.default.fileExists(atPath: options.mappingPath) else {
                throw .usage("\(options.mappingPath): cannot read the mapping file: \(failure.reason)")
            }
            existing = nil
        }
        var proposed: MappingScaffold?
        if let existing {
            guard let text = String(bytes: existing, encoding: .utf8) else { throw .usage("\(options.mappingPath): the mapping file is not UTF-8 text") }
            self.text = MappingText(text)
            savedText = self.text
        } else {
            // No mapping yet: the studio starts from what init proposes (and shows its proposals from it).
            proposed = try MappingScaffold.make(inputPath: options.inputPath, held: inspection, sheet: nil, headerRow: nil)
            text = MappingText(proposed?.yaml ?? "")
        }
        let settings = (try? MappingFile(path: options.mappingPath, bytes: Array(text.text.utf8)))?.input ?? InputSettings()
        // The proposals were made with the sheet and header row chosen, as init chooses them.
        let reusable = settings.sheet == nil && settings.headerRow == nil ? proposed : nil
        loaded = try LoadedInput.read(options.inputPath, settings: settings, inspection: inspection, scaffold: reusable)
        evaluate()
    }

    /// Whether two paths name one file: the same path once tidied, or the same file on disk.
    static func sameFile(_ first: String, _ second: String) -> Bool {
        if (first as NSString).standardizingPath == (second as NSString).standardizingPath { return true }
        guard let a = try? FileDescriptor.status(ofPath: first), let b = try? FileDescriptor.status(ofPath: second) else { return false }
        return a.identity == b.identity
    }

    package var isDirty: Bool { text != savedText }
    package var canUndo: Bool { !undoStack.isEmpty }
    package var canRedo: Bool { !redoStack.isEmpty }
    package var edits: Int { undoStack.count }

    // MARK: Edits

    /// Sets one field's line (`path` as the mapping writes it: `customer.person.birthDate`).
    package func edit(_ path: String, line: String?) throws(MappingText.EditError) {
        apply(try text.setting(path, to: line))
    }

    /// Reads the export again from its path (a file saved anew since) and evaluates every row:
    /// the page's *Read again*.
    package func readAgain() throws(ConvertError) {
        inspection = try InputDetection.inspect(options.inputPath)
        loaded = try LoadedInput.read(options.inputPath, settings: loaded.settings, inspection: inspection)
        evaluate()
    }

    package func undo() {
        guard let last = undoStack.popLast() else { return }
        redoStack.append(text)
        text = last
        evaluate()
    }

    package func redo() {
        guard let next = redoStack.popLast() else { return }
        undoStack.append(text)
        text = next
        evaluate()
    }

    /// Makes `edited` the text, as one edit that can be undone.
    func apply(_ edited: MappingText) {
        guard edited != text else { return }
        undoStack.append(text)
        redoStack.removeAll()
        text = edited
        evaluate()
    }

    // MARK: Evaluating

    /// Every row's outcome under one mapping.
    package struct Evaluation {
        package let mapping: Mapping
        /// By row, in input order: the row's errors and warnings, without notes (see `errors(ofRow:)`).
        package let findings: [[Finding]]
        package let rejected: [Bool]
        package let asOf: CivilDate
        package let now: CivilDateTime
        package let attachmentsFolder: String
        /// The pipeline one row is shown through, as `preview` builds it (attachments opened).
        let rowPipeline: RowPipeline
        /// A pipeline as `validate`'s, for the notes that explain a shown row's errors (`errors(ofRow:)`).
        let notesPipeline: RowPipeline
        /// Each row's findings before keys are claimed, and its key: what the next edit keeps of the
        /// rows it does not change.
        let rowFindings: [[Finding]]
        let keys: [String?]
        /// The settings and the load evaluated under.
        let settingsText: String
        let generation: Int

        package var rejectedCount: Int { rejected.count { $0 } }
    }

    /// Binds the current text to the export and evaluates every row; on a mapping that cannot be
    /// bound, `errors` says why and the last evaluation stays.
    func evaluate() {
        let file: MappingFile
        let mapping: Mapping
        do {
            file = try MappingFile(path: options.mappingPath, bytes: Array(text.text.utf8))
            if StudioSession.needsReading(file.input, loaded: loaded) {
                loaded = try LoadedInput.read(options.inputPath, settings: file.input, inspection: inspection)
            }
            mapping = try file.bind(header: loaded.header, mappingFolder: (options.mappingPath as NSString).deletingLastPathComponent)
        } catch let error as MappingError {
            errors = error.diagnostics.map(\.description)
            return
        } catch {
            errors = ["\(error)"]
            return
        }
        errors = []
        let clock = RunClock(settings: mapping.settings, inputPath: options.inputPath, attachmentsDirectory: options.attachmentsDirectory,
                             asOf: options.asOf, now: options.now)
        let (now, asOf, folder) = (clock.now, clock.asOf, clock.attachmentsFolder)
        // Values are normalized again only for the lines an edit changed: each worker keeps its
        // memos from edit to edit while the settings (which the normalizer reads) stay the same.
        if banks.count != max(1, options.jobs) || settingsText != banksSettings {
            banks = (0..<max(1, options.jobs)).map { _ in MemoBank() }
            banksSettings = settingsText
        }
        let pipelines = banks.map { clock.pipeline(mapping, packs: false, fedBack: loaded.isRejectsReport, bank: $0) }
        for bank in banks { bank.settle() }
        // After an edit of lines, only the rows those lines now read differently are evaluated
        // again (`rowsChanged`); a change of the settings, the input or the date evaluates them all.
        var rowFindings: [[Finding]]
        var keys: [String?]
        let normalizer = Normalizer(settings: mapping.settings, asOf: asOf, readsOfficeSpellings: loaded.isRejectsReport)
        let evaluated: [Int]?
        if let old = evaluation, old.settingsText == settingsText, old.generation == loadGeneration, old.asOf == asOf,
           old.attachmentsFolder == folder, let changed = rowsChanged(from: old.mapping, to: mapping, normalizer: normalizer) {
            (rowFindings, keys, evaluated) = (old.rowFindings, old.keys, changed)
        } else {
            (rowFindings, keys, evaluated) = ([[Finding]](repeating: [], count: loaded.rows.count), [String?](repeating: nil, count: loaded.rows.count), nil)
        }
        let indices = evaluated ?? Array(loaded.rows.indices)
        if !indices.isEmpty {
            let prepared = BatchPreparation.prepare(evaluated == nil ? loaded.rows : indices.map { loaded.rows[$0] }, pipelines: pipelines,
                                                    packagesIn: nil, notes: false)
            for (index, item) in zip(indices, prepared) {
                var found = item.findings
                if let failure = item.failure {
                    found.append(Finding(.error, .attachmentUnreadable, field: "events", "\(failure)"))
                }
                rowFindings[index] = found
                keys[index] = item.key
            }
        }
        // Keys are claimed in input order, as `validate`'s writer claims them.
        var registry = KeyRegistry()
        var findings: [[Finding]] = []
        var rejected: [Bool] = []
        findings.reserveCapacity(loaded.rows.count)
        rejected.reserveCapacity(loaded.rows.count)
        for (index, row) in loaded.rows.enumerated() {
            var found = rowFindings[index]
            if let key = keys[index] {
                let (_, earlier) = registry.claim(key, row: row.number)
                if let first = earlier { found.append(BatchWriter.duplicate(key, heldBy: first.row)) }
            }
            rejected.append(found.contains { $0.severity == .error })
            findings.append(found)
        }
        lastEvaluated = indices.count
        evaluations += 1
        if let evaluation { previous = evaluation }
        let rowPipeline = clock.pipeline(mapping, packs: true, fedBack: loaded.isRejectsReport)
        let notesPipeline = clock.pipeline(mapping, packs: false, fedBack: loaded.isRejectsReport)
        evaluation = Evaluation(mapping: mapping, findings: findings, rejected: rejected, asOf: asOf, now: now, attachmentsFolder: folder,
                                rowPipeline: rowPipeline, notesPipeline: notesPipeline, rowFindings: rowFindings, keys: keys, settingsText: settingsText, generation: loadGeneration)
    }

    /// Whether the export must be read again for `settings`: its delimiter, encoding, sheet or header
    /// row changed, or, with the header row chosen by the columns the mapping names, the mapping now
    /// names a column the header read does not hold and did not name it before (the row holding
    /// most of them may be another).
    static func needsReading(_ settings: InputSettings, loaded: LoadedInput) -> Bool {
        var (wanted, held) = (settings, loaded.settings)
        (wanted.mappingColumns, held.mappingColumns) = ([], [])
        if wanted != held { return true }
        // A name the mapping reads that is no header cell (a template's own text is one) was missing before too.
        let header = Set(loaded.header)
        return settings.headerRow == nil
            && !settings.mappingColumns.subtracting(header).isSubset(of: loaded.settings.mappingColumns.subtracting(header))
    }

    /// The mapping's `settings` block as written: what the normalizers read besides a line.
    var settingsText: String {
        text.entry("settings").map { text.lines[$0.lines].joined(separator: "\n") } ?? ""
    }

    // MARK: Saving

    /// Writes the mapping text to its file, atomically. Returns the bytes written.
    package func save() throws(WriteError) -> Int {
        let bytes = Array(text.text.utf8)
        _ = try AtomicFile.write(bytes, to: options.mappingPath)
        savedText = text
        return bytes.count
    }
}
