import Foundation
import RelianceKit

/// What the command line shows: a progress line on a terminal, nothing under cron.
enum Terminal {
    static func isInteractive(_ fd: Int32) -> Bool {
        isatty(fd) == 1
    }

    /// Writes text unbuffered; a closed pipe or full disk on the terminal streams is ignored.
    static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
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
