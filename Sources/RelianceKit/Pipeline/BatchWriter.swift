import Foundation
import OutputFiles
import Synchronization

/// Writes prepared batches strictly in input order, on one thread: claims keys, writes ZIPs, the
/// manifest and the warnings, rejects and counts. Owns everything it touches until the run has drained it.
///
/// Unchecked `Sendable` by hand-off: the run creates it, then only the writer queue touches it
/// (one batch at a time, in order) until the run reads `summary`, `keys` and `failure` after
/// `writing.sync {}` has drained that queue. `failure` alone is read while batches are written,
/// and a `Mutex` guards it.
final class BatchWriter: @unchecked Sendable {
    private let folder: OutputFolder
    private let rejects: RejectsWriter
    private let manifest: Manifest?
    private let warnings: WarningsWriter
    private let keptColumns: Int
    /// Trailing columns of a fed-back rejects report (`RejectsColumns`); 0 for an export.
    private let reportColumns: Int
    private let inputSHA256: String
    /// In a run that adds to the folder: which source row each ZIP already there came from.
    private let folderManifest: FolderManifest?
    private let progress: (@Sendable (ConvertProgress) -> Void)?
    private let started: Date
    private(set) var keys = KeyRegistry()
    private(set) var summary: Summary
    private(set) var report = RejectsReport()
    /// The first write that failed; later batches are skipped. Read by the thread that hands batches over.
    var failure: ConvertError? { failed.withLock { $0 } }
    private let failed = Mutex<ConvertError?>(nil)

    init(folder: OutputFolder, rejects: RejectsWriter, manifest: Manifest?, warnings: WarningsWriter, summary: Summary,
         keptColumns: Int, reportColumns: Int, folderManifest: FolderManifest?,
         progress: (@Sendable (ConvertProgress) -> Void)?, started: Date) {
        self.folder = folder
        self.rejects = rejects
        self.manifest = manifest
        self.warnings = warnings
        self.summary = summary
        self.keptColumns = keptColumns
        self.reportColumns = reportColumns
        self.inputSHA256 = summary.inputSHA256
        self.folderManifest = folderManifest
        self.progress = progress
        self.started = started
    }

    func write(_ batch: [InputRow], _ prepared: [BatchPreparation.Prepared], fractionRead: Double) {
        guard failure == nil else { return }
        do throws(ConvertError) {
            for (row, item) in zip(batch, prepared) {
                try write(row, item)
            }
        } catch {
            failed.withLock { $0 = error }
            return
        }
        if let progress {
            progress(ConvertProgress(rows: summary.read, fractionRead: fractionRead, elapsedSeconds: Date().timeIntervalSince(started)))
        }
    }

    /// Writes what the row became; a row whose preparation failed, or whose writing fails, stops the run.
    private func write(_ row: InputRow, _ item: BatchPreparation.Prepared) throws(ConvertError) {
        summary.read += 1
        if let failure = item.failure { throw failure }
        do throws(WriteError) {
            try record(row, item)
        } catch {
            throw .output(error)
        }
    }

    /// Claims the row's key and adds it to rejects.csv, or commits its ZIP and adds it to the manifest and warnings.
    private func record(_ row: InputRow, _ item: BatchPreparation.Prepared) throws(WriteError) {
        var findings = item.findings
        let carried = reportColumns > 0 && row.cells.count > keptColumns ? RejectsColumns.carried(row.cells[keptColumns...]) : nil
        let source = carried?.source ?? SourceRow(sha256: inputSHA256, row: row.number, line: row.line)
        var duplicateOf: Int?
        var fingerprint: KeyRegistry.Fingerprint?
        if let key = item.key {
            (fingerprint, duplicateOf) = claim(key, source: source, carried: carried, findings: &findings)
        }
        guard !findings.contains(where: { $0.severity == .error }) else {
            summary.countRejected(findings)
            var cells = Array(row.cells.prefix(keptColumns))
            while cells.count < keptColumns { cells.append("") }
            try rejects.write(cells: cells, row: row.number, line: row.line, findings: findings, key: item.key,
                              duplicateOf: duplicateOf, source: source)
            report.add(findings, row: row.number, line: row.line)
            return
        }
        summary.converted += 1
        guard let key = item.key, let fingerprint else { return }
        if let package = item.package {
            let name = key + ".zip"
            try package.file.commit(mayExist: folder.mayHold(name))
            try manifest?.add(key: key, zip: name, sha256: package.sha256, source: source, attachments: package.attachments)
        }
        keys.markConverted(fingerprint)
        // "Warned" is one count: the converted rows whose warnings warnings.csv lists, counted where they are written.
        let rowWarnings = findings.filter { $0.severity == .warning }
        if !rowWarnings.isEmpty {
            try warnings.add(key: key, source: source, warnings: rowWarnings)
            summary.countWarned(rowWarnings)
            report.addWarnings(rowWarnings, key: key, row: source.row, line: source.line)
        }
    }

    /// Claims `key` for the row from `source`, or adds why it cannot have it: an earlier row of
    /// this run carries it, the row was fed back still holding the key another row holds, or (in a
    /// run that adds to the folder) the folder's ZIP of that key came from another source row.
    /// - Returns: the key's fingerprint in the register, and the source row that holds the key, for `_duplicate_of`.
    private func claim(_ key: String, source: SourceRow, carried: RejectsColumns.Carried?,
                       findings: inout [Finding]) -> (KeyRegistry.Fingerprint, Int?) {
        let (fingerprint, earlier) = keys.claim(key, row: source.row)
        return (fingerprint, conflict(key, earlier: earlier, source: source, carried: carried, findings: &findings))
    }

    /// The error of a row whose key an earlier row of the run (`validate`'s, the studio's) carries.
    static func duplicate(_ key: String, heldBy row: Int, ofExport: String = "") -> Finding {
        Finding(.error, .duplicateKey, field: "key", raw: key,
                "key \(quoted(key)) is also carried by row \(row)\(ofExport); two rows under one customer id are a conflict a person must resolve (change one of the ids)")
    }

    private func conflict(_ key: String, earlier: KeyRegistry.Claim?, source: SourceRow, carried: RejectsColumns.Carried?,
                          findings: inout [Finding]) -> Int? {
        let ofExport = carried != nil ? " of the original export" : ""
        if let first = earlier {
            findings.append(BatchWriter.duplicate(key, heldBy: first.row, ofExport: ofExport))
            return first.row
        }
        if let carried, carried.key == key, let holder = carried.duplicateOf, holder != source.row {
            // Fed back with the key it had, a duplicate stays one until a person changes the id.
            findings.append(Finding(.error, .duplicateKey, field: "key", raw: key,
                                    "key \(quoted(key)) is also carried by row \(holder) of the original export; change the customer id, or clear _duplicate_of once the conflict is resolved"))
            return holder
        }
        guard let owners = folderManifest else { return nil }
        let name = key + ".zip"
        if let owner = owners.owner(of: key) {
            guard !owner.isSame(as: source) else { return nil }
            let sameExport = !owner.sha256.isEmpty && owner.sha256 == source.sha256
            let whose = sameExport ? "row \(owner.row) (line \(owner.line)) of the same export"
                : "row \(owner.row) (line \(owner.line)) of another export (\(owner.sha256.isEmpty ? "not recorded" : "SHA-256 " + owner.sha256.prefix(12) + "…"))"
            findings.append(Finding(.error, .duplicateKey, field: "key", raw: key,
                                    "\(name) in the output folder came from \(whose), not from this row (row \(source.row)\(ofExport)); it is not replaced: change the customer id, or convert the full export"))
            return sameExport ? owner.row : nil
        }
        if folder.holdsFile(name) {
            findings.append(Finding(.error, .duplicateKey, field: "key", raw: key,
                                    "\(name) is in the output folder but not in manifest.csv, so the row it came from is unknown; it is not replaced: move it away, or convert the full export"))
        }
        return nil
    }
}
