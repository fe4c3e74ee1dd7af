import Foundation
import Synchronization

/// Writes prepared batches strictly in input order, on one thread: claims keys, writes ZIPs and
/// the manifest, rejects and counts. Owns everything it touches until the run has drained it.
final class BatchWriter: @unchecked Sendable {
    private let folder: OutputFolder
    private let rejects: RejectsWriter
    private let manifest: ManifestWriter?
    private let keptColumns: Int
    private let isRejectsReport: Bool
    private let progress: (@Sendable (ConvertProgress) -> Void)?
    private let started: Date
    private var keys = KeyRegistry()
    private(set) var summary: Summary
    private(set) var report = RejectsReport()
    /// The first write that failed; later batches are skipped. Read by the thread that hands batches over.
    var failure: (any Error)? { failed.withLock { $0 } }
    private let failed = Mutex<(any Error)?>(nil)

    init(folder: OutputFolder, rejects: RejectsWriter, manifest: ManifestWriter?, summary: Summary, keptColumns: Int,
         isRejectsReport: Bool, progress: (@Sendable (ConvertProgress) -> Void)?, started: Date) {
        self.folder = folder
        self.rejects = rejects
        self.manifest = manifest
        self.summary = summary
        self.keptColumns = keptColumns
        self.isRejectsReport = isRejectsReport
        self.progress = progress
        self.started = started
    }

    func write(_ batch: [InputRow], _ prepared: [Converter.Prepared], fractionRead: Double) {
        guard failure == nil else { return }
        do {
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

    private func write(_ row: InputRow, _ item: Converter.Prepared) throws {
        summary.read += 1
        var findings = item.findings
        // Keys are claimed in input order: the first valid row with a key keeps it.
        if let key = item.key, !findings.contains(where: { $0.severity == .error }) {
            if let first = keys.firstRow(for: key) {
                findings.append(Finding(.error, .duplicateKey, field: "key", raw: key,
                                        "key \(quoted(key)) was already used by row \(first)"))
            } else if isRejectsReport, let errors = row.cells.last, let first = Converter.earlierDuplicate(of: key, in: errors) {
                // Fed back unchanged, a duplicate stays a duplicate of the row that took the key.
                findings.append(Finding(.error, .duplicateKey, field: "key", raw: key,
                                        "key \(quoted(key)) was already used by row \(first) of the original input; change the customer id to convert this row"))
            } else {
                if let package = item.package {
                    let name = key + ".zip"
                    try AtomicFile.write(package.bytes, to: Converter.path(folder.path, name), mayExist: folder.mayHold(name))
                    try manifest?.add(key: key, zip: name, sha256: package.sha256, row: row.number, line: row.line,
                                      attachments: package.attachments)
                }
                keys.register(key, row: row.number)
            }
        }
        summary.count(findings)
        if findings.contains(where: { $0.severity == .error }) {
            summary.rejected += 1
            var cells = Array(row.cells.prefix(keptColumns))
            while cells.count < keptColumns { cells.append("") }
            try rejects.write(cells: cells, row: row.number, line: row.line, findings: findings)
            report.add(findings, row: row.number, line: row.line)
        } else {
            summary.converted += 1
        }
    }
}
