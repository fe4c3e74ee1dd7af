import FileSystem
import Foundation
import RelianceKit

/// What the command line shows: a progress line on a terminal, nothing under cron. Text that may
/// hold values from the data (cells, header names, ZIP entry names, paths) leaves through `line`
/// or `json` (an error that ends a command, through `Diagnostic`), which escape what a terminal would obey (`TerminalText`); `write` is for
/// the tool's own text and control sequences only.
enum Terminal {
    static func isInteractive(_ fd: Int32) -> Bool {
        isatty(fd) == 1
    }

    /// Writes text unbuffered; a closed pipe or full disk on the terminal streams is ignored.
    static func write(_ text: String, to fd: Int32) {
        StandardStream.write(Array(text.utf8), to: fd)
    }

    /// Writes `text` and a line feed, `text` escaped: whatever a value holds, it cannot steer the
    /// terminal or start a line of its own.
    static func line(_ text: String, to fd: Int32) {
        write(TerminalText.escaped(text) + "\n", to: fd)
    }

    /// Writes JSON to standard output. When it is not a terminal (jq, a file, a comparison with
    /// main.json) the bytes are the JSON writer's, unchanged; on a terminal each line is escaped,
    /// which leaves JSON with the same values, since the escapes are JSON's own and the writer has
    /// already escaped every line feed inside a string.
    static func json(_ text: String) {
        document(text)
    }

    /// Writes a document the tool made from data (JSON, a mapping scaffold) to standard output:
    /// unchanged when it is not a terminal, each line escaped on one.
    static func document(_ text: String) {
        write(isInteractive(STDOUT_FILENO) ? TerminalText.escapedLines(text) : text, to: STDOUT_FILENO)
    }

    nonisolated(unsafe) private static var lastDraw = 0.0
    nonisolated(unsafe) private static var drawn = false

    /// `12,500 rows · 4,100 rows/s · 42% · ETA 0:04`, redrawn at most five times a second.
    static func showProgress(_ progress: ConvertProgress) {
        guard progress.elapsedSeconds - lastDraw >= 0.2 else { return }
        lastDraw = progress.elapsedSeconds
        var line = "\(progress.rows) rows · \(Int(progress.rate)) rows/s · \(Int(progress.fractionRead * 100))%"
        if let remaining = progress.remainingSeconds {
            let seconds = Int(remaining.rounded())
            line += " · ETA \(seconds / 60):" + (seconds % 60 < 10 ? "0" : "") + "\(seconds % 60)"
        }
        write("\r\u{1B}[K" + line, to: STDERR_FILENO)
        drawn = true
    }

    static func clearProgress() {
        if drawn { write("\r\u{1B}[K", to: STDERR_FILENO) }
        drawn = false
    }
}
