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
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            for line in text.split(whereSeparator: \.isNewline).dropFirst() {
                let cells = ResultsLog.cells(of: String(line))
                guard cells.count >= 4 else { continue }
                if cells[3] == "accepted" {
                    accepted[cells[1]] = cells[2]
                } else if accepted[cells[1]] == cells[2] {
                    accepted[cells[1]] = nil
                }
            }
        } else if FileManager.default.fileExists(atPath: path) {
            throw .io("cannot read \(path)")
        }
    }

    func append(_ outcome: UploadOutcome) throws(UploadError) {
        lock.lock()
        defer { lock.unlock() }
        var text = ""
        let isNew = !FileManager.default.fileExists(atPath: path)
        if isNew { text += ResultsLog.header.joined(separator: ",") + "\r\n" }
        let time = ISO8601DateFormatter().string(from: Date())
        let cells = [outcome.key, outcome.zip, outcome.sha256, outcome.status.rawValue, outcome.httpCode.map(String.init) ?? "",
                     outcome.detail, String(outcome.attempts), time]
        text += cells.map(ResultsLog.quote).joined(separator: ",") + "\r\n"
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io("cannot open \(path) for writing") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else { throw .io("cannot write \(path)") }
        if outcome.status == .accepted { accepted[outcome.zip] = outcome.sha256 }
    }

    static func quote(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func cells(of line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var quoted = false
        var chars = Array(line)[...]
        while let char = chars.popFirst() {
            if quoted {
                if char == "\"" {
                    if chars.first == "\"" { current.append("\""); chars.removeFirst() } else { quoted = false }
                } else {
                    current.append(char)
                }
            } else if char == "\"" {
                quoted = true
            } else if char == "," {
                cells.append(current)
                current = ""
            } else {
                current.append(char)
            }
        }
        cells.append(current)
        return cells
    }
}
