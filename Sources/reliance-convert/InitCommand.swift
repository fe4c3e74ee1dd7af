import ArgumentParser
import FileSystem
import Foundation
import RelianceKit

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a mapping scaffold for an export: every field, matched to a column where one fits.",
        discussion: "Required fields without a column are written as TODO, which `convert` refuses until they are mapped."
    )

    @Argument(help: "The export (CSV or .xlsx) whose header and first rows to read.")
    var input: String

    @Option(help: "Where to write the mapping; - for standard output.")
    var out = "mapping.yaml"

    @Flag(help: "Overwrite an existing mapping file.")
    var force = false

    @Option(help: "The sheet of a workbook to read, by name or 1-based position (default: the first).")
    var sheet: String?

    @Option(name: .customLong("header-row"), help: "The header's row (1-based; a CSV's line), when a title block or metadata line sits above it (default: found as convert finds it).")
    var headerRow: Int?

    func validate() throws {
        if let headerRow, headerRow < 1 { throw ValidationError("--header-row \(headerRow): rows are numbered from 1") }
    }

    func run() throws {
        let exists = Diagnostic.error("\(out) exists; pass --force to overwrite it or --out to choose another file", exitCode: 2)
        if out != "-", FileManager.default.fileExists(atPath: out), !force { throw exists }
        let scaffold: MappingScaffold
        do {
            scaffold = try MappingScaffold.make(inputPath: input, sheet: sheet, headerRow: headerRow)
        } catch {
            throw Diagnostic(error)
        }
        if out == "-" {
            // The scaffold escapes what it copies from the export; a terminal is shown nothing raw all the same.
            Terminal.document(scaffold.yaml)
        } else {
            do {
                // Without --force, a file that appears under that name meanwhile is not replaced either.
                try AtomicFile.write(Array(scaffold.yaml.utf8), to: out, replacing: force)
            } catch {
                if !force, FileManager.default.fileExists(atPath: out) { throw exists }
                throw Diagnostic.error("\(error)", exitCode: 3)
            }
        }
        if scaffold.sheets.count > 1 {
            Terminal.line("the workbook has \(scaffold.sheets.count) sheets: " + scaffold.sheets.map { "\"\($0)\"" }.joined(separator: ", ")
                + "; read \"\(scaffold.sheet ?? "")\" (--sheet chooses another)", to: STDERR_FILENO)
        }
        if scaffold.headerRow > 1 {
            Terminal.write("the header is on row \(scaffold.headerRow); the rows above it are skipped (input.header_row; --header-row chooses another)\n", to: STDERR_FILENO)
        }
        let matched = Set(scaffold.decisions.compactMap(\.column))
        var report = "wrote \(out == "-" ? "the mapping" : out): \(matched.count) columns matched"
        if !scaffold.todos.isEmpty { report += "; TODO (required, no column found): " + scaffold.todos.joined(separator: ", ") }
        Terminal.line(report, to: STDERR_FILENO)
    }
}
