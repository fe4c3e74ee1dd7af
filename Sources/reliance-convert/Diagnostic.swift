import ArgumentParser
import Foundation
import RelianceKit
import RelianceUpload

/// Why a command stops, as the person running it reads it: the lines for standard error and the
/// exit code of PRODUCT.md §7. The library prints nothing: it throws its own errors
/// (`ConvertError`, `UploadError`) or returns a summary, a command turns what ends it into a
/// `Diagnostic` and throws it, and `RelianceConvert.main` alone writes it and exits (`exit()`).
struct Diagnostic: Error, Equatable {
    /// Written to standard error one by one, each escaped onto a line of its own: a path or a
    /// value from the data cannot start a line or steer the terminal. None for an outcome the
    /// command has already shown (rows rejected, a ZIP that fails inspection).
    var lines: [String]
    var exitCode: Int32

    init(lines: [String], exitCode: Int32) {
        self.lines = lines
        self.exitCode = exitCode
    }

    init(_ error: ConvertError) {
        self.init(lines: error.lines, exitCode: error.exitCode)
    }

    init(_ error: UploadError) {
        self.init(lines: [error.description], exitCode: error.exitCode)
    }

    /// `error: <message>`, on one line.
    static func error(_ message: String, exitCode: Int32) -> Diagnostic {
        Diagnostic(lines: ["error: \(message)"], exitCode: exitCode)
    }

    /// Text the tool made whose line feeds are its own (a usage message, the help), kept as lines.
    static func message(_ text: String, exitCode: Int32) -> Diagnostic {
        Diagnostic(lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), exitCode: exitCode)
    }

    /// The exit code alone, for an outcome the command has printed in its own words.
    static func outcome(_ exitCode: Int32) -> Diagnostic {
        Diagnostic(lines: [], exitCode: exitCode)
    }

    /// Clears a progress line, writes the lines to standard error and ends the process with the code.
    func exit() -> Never {
        Terminal.clearProgress()
        for line in lines { Terminal.line(line, to: STDERR_FILENO) }
        Foundation.exit(exitCode)
    }
}
