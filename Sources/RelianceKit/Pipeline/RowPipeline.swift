import ZipArchive

/// Everything that happens to one row between reading and writing: mapping, normalizing,
/// the rules across fields and the attachment checks. No I/O beyond looking at attachments.
///
/// One worker's: its row plan holds value memos and its deflater a stream, so it is not
/// `Sendable`; `BatchPreparation.prepare` hands each worker its own.
final class RowPipeline {
    let evaluator: RowEvaluator
    /// This worker's deflate stream, reused for every ZIP it packs.
    let deflater = Deflater()
    /// What this worker keeps from ZIP to ZIP: the piece attachments are read into, and the room
    /// of a ZIP's directory and headers.
    let packing = ZipStreamWriter.Scratch()
    let rules: RecordRules
    let attachments: AttachmentChecker
    let now: CivilDateTime
    /// With `phone_country: address`: national numbers finished with the row's country code.
    let phoneCountry: PhoneCountry?

    /// - Parameters:
    ///   - packs: false when no ZIP is built (`validate`): attachments are then checked without being opened.
    ///   - fedBack: the input is a fed-back `rejects.csv`, whose dates may be in an office program's spellings.
    ///   - bank: value memos kept from edit to edit (the studio's); nil for fresh ones.
    init(mapping: Mapping, asOf: CivilDate, now: CivilDateTime, attachmentsFolder: String?, packs: Bool = true, fedBack: Bool = false,
         bank: MemoBank? = nil) {
        evaluator = RowEvaluator(mapping: mapping, normalizer: Normalizer(settings: mapping.settings, asOf: asOf, readsOfficeSpellings: fedBack),
                                 bank: bank)
        rules = RecordRules(asOf: asOf, expiredDocumentIsError: mapping.settings.expiredDocumentIsError)
        attachments = AttachmentChecker(folder: attachmentsFolder, opensFiles: packs)
        self.now = now
        phoneCountry = mapping.settings.phoneCountryFromAddress
            ? PhoneCountry(fallback: mapping.settings.phoneCountryIsDefault ? mapping.settings.phoneCountry : nil) : nil
    }

    /// What one row became: the customer record, every finding, and the files to pack.
    struct Outcome {
        var customer: Record
        var findings: [Finding]
        var files: [AttachmentChecker.Attachment]
        /// An attachment could not be looked at for a reason of the moment: the run must stop.
        var fault: AttachmentChecker.Fault?

        var isRejected: Bool { findings.contains { $0.severity == .error } }
    }

    /// Which notes (what a normalizer rewrote, "read "Deutschland" as DE") a row's findings hold.
    enum Notes {
        /// Every note: `preview`, one row in the studio.
        case all
        /// A rejected row's notes on the fields it has errors on, which explain those errors in
        /// `rejects.csv` and `report.html`; other notes are counted in the value memos, never built.
        case ifRejected
        /// None; counted only (the studio's counts of every row).
        case none
    }

    /// Reads one row once: its notes are logged while it is read and built only when `notes` asks
    /// for them.
    func process(_ cells: [String], notes: Notes = .all) -> Outcome {
        let noteLog = evaluator.noteLog
        noteLog.reset()
        let keeping: NoteKeeping = switch notes {
        case .all: .findings
        case .ifRejected: .log
        case .none: .count
        }
        var result = evaluator.evaluate(cells, now: now, notes: keeping)
        var findings = result.findings
        phoneCountry?.apply(to: &result.customer, findings: &findings)
        rules.apply(to: &result.customer, findings: &findings)
        var fault: AttachmentChecker.Fault?
        let files = attachments.check(&result.customer, findings: &findings, fault: &fault)
        if case .ifRejected = notes, noteLog.count > 0, fault == nil, findings.contains(where: { $0.severity == .error }) {
            findings += noteLog.notes(explaining: findings)
        }
        return Outcome(customer: result.customer, findings: findings, files: files, fault: fault)
    }
}
