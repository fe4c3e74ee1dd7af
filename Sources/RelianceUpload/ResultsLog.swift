import CSVCore
import Foundation

/// `upload-results.csv`: one line per ZIP as its upload ends, appended and flushed at once, so a
/// crash loses nothing; read back on the next run to skip ZIPs already accepted unchanged.
final class ResultsLog: @unchecked Sendable {
    static let header = ["key", "zip", "sha256", "status", "http", "detail", "attempts", "time"]

    let path: String
    /// ZIP name → SHA-256 of the version Concedus accepted.
    private(set) var accepted: [String: String] = [:]
    private let lock = NSLock()

    init(path: String) throws(UploadError) {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            let reader = try CSVReader(path: path, delimiter: UInt8(ascii: ","))
            var record = CSVRecord()
            var isHeader = true
            while try reader.next(into: &record) {
                defer { isHeader = false }
                guard !isHeader, record.count >= 4 else { continue }
                let cells = record.fields.prefix(4).map { String(decoding: $0, as: UTF8.self) }
                if cells[3] == "accepted" {
                    accepted[cells[1]] = cells[2]
                } else if accepted[cells[1]] == cells[2] {
                    accepted[cells[1]] = nil
                }
            }
        } catch {
            throw .io("cannot read \(path): \(error)")
        }
    }

    func append(_ outcome: UploadOutcome) throws(UploadError) {
        lock.lock()
        defer { lock.unlock() }
        var bytes: [UInt8] = []
        if !FileManager.default.fileExists(atPath: path) {
            CSVWriter.appendRecord(ResultsLog.header, delimiter: UInt8(ascii: ","), neutralizeFormulas: false, to: &bytes)
        }
        let time = ISO8601DateFormatter().string(from: Date())
        let cells = [outcome.key, outcome.zip, outcome.sha256, outcome.status.rawValue, outcome.httpCode.map(String.init) ?? "",
                     outcome.detail, String(outcome.attempts), time]
        CSVWriter.appendRecord(cells, delimiter: UInt8(ascii: ","), neutralizeFormulas: false, to: &bytes)
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io("cannot open \(path) for writing") }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else { throw .io("cannot write \(path)") }
        if outcome.status == .accepted { accepted[outcome.zip] = outcome.sha256 }
    }
}
