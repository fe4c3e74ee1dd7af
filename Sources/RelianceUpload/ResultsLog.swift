import CSVCore
import FileSystem
import Foundation

/// `upload-results.csv`: one line per ZIP as its upload ends, appended and flushed at once, so a
/// crash loses nothing; read back on the next run to skip ZIPs already accepted unchanged.
///
/// Unchecked `Sendable`: uploads end on many tasks at once, and `append` holds `lock` for all it
/// does; `accepted` is read before the first upload starts (to choose what to send).
final class ResultsLog: @unchecked Sendable {
    static let header = ["key", "zip", "sha256", "status", "http", "detail", "attempts", "time"]

    /// The folder the log is in, opened once, and the log's name there.
    let folder: FolderHandle
    let name: String
    /// The path messages name.
    let shown: String
    /// ZIP name → SHA-256 of the version Concedus accepted.
    private(set) var accepted: [String: String] = [:]
    private let lock = NSLock()

    init(name: String, in folder: FolderHandle, shown: String) throws(UploadError) {
        self.folder = folder
        self.name = name
        self.shown = shown
        guard (try? folder.descriptor.status(of: name)) != nil else { return }
        do {
            // Never through a link planted under the log's name (append refuses one as well).
            let reader = try CSVReader(file: try ResultsLog.open(name, in: folder, shown: shown), path: shown, delimiter: UInt8(ascii: ","))
            var record = CSVRecord()
            var isHeader = true
            while try reader.next(into: &record) {
                defer { isHeader = false }
                guard !isHeader, record.count >= 4 else { continue }
                let cells = record.fields.prefix(4).map { CSVWriter.removingNeutralization(String(decoding: $0, as: UTF8.self)) }
                if cells[3] == "accepted" {
                    accepted[cells[1]] = cells[2]
                } else if accepted[cells[1]] == cells[2] {
                    accepted[cells[1]] = nil
                }
            }
        } catch {
            throw .io("cannot read \(self.shown): \(error.reason)")
        }
    }

    private static func open(_ name: String, in folder: FolderHandle, shown: String) throws(CSVReadError) -> FileDescriptor {
        do {
            return try folder.openFile(name)
        } catch {
            throw .cannotOpen(path: shown, reason: error == .tooManyLinks ? "it is a symbolic link" : error.description)
        }
    }

    /// Appends one line per outcome in one write, flushed to the disk before it returns.
    func append(_ outcomes: [UploadOutcome]) throws(UploadError) {
        lock.lock()
        defer { lock.unlock() }
        var bytes: [UInt8] = []
        let time = ISO8601DateFormatter().string(from: Date())
        for outcome in outcomes {
            let cells = [outcome.key, outcome.zip, outcome.sha256, outcome.status.rawValue, outcome.httpCode.map(String.init) ?? "",
                         outcome.detail, String(outcome.attempts), time]
            // The detail holds the server's own text: neutralized like every report a person opens in Excel.
            CSVWriter.appendRecord(cells, delimiter: UInt8(ascii: ","), neutralizeFormulas: true, to: &bytes)
        }
        // Never through a link: a symlink planted under this name must not redirect the results elsewhere.
        let file: FileDescriptor
        do {
            file = try .open(name, in: folder.descriptor, .writeOnly, options: [.create, .append, .noFollow])
        } catch {
            throw .io("cannot open \(shown) for writing: \(error == .tooManyLinks ? "it is a symbolic link" : error.description)")
        }
        guard let info = try? file.status(), info.isRegularFile else {
            throw .io("cannot write \(shown): it is not a regular file")
        }
        if info.size == 0 {
            var header: [UInt8] = []
            CSVWriter.appendRecord(ResultsLog.header, delimiter: UInt8(ascii: ","), neutralizeFormulas: false, to: &header)
            bytes = header + bytes
        }
        do {
            try file.write(bytes)
            try file.sync()
        } catch {
            throw .io("cannot write \(shown)")
        }
        for outcome in outcomes where outcome.status == .accepted { accepted[outcome.zip] = outcome.sha256 }
    }
}
