import ArgumentParser
import Foundation
import RelianceKit

struct Preview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Show one row as convert would make it: its main.json, or its errors. Writes nothing.",
        discussion: """
        Standard output carries only the indented main.json (so it pipes into jq) or, for a rejected row, its \
        errors; warnings and the row's place go to standard error. Exit codes: 0 the row converts; 1 it is \
        rejected; 2 unusable invocation, mapping or input.
        """
    )

    @OptionGroup var source: InputOptions

    @Option(help: "The data row to show, numbered as _row in rejects.csv: records, not lines (the header of a bare export is row 1, its first data row 2).")
    var row: Int

    func run() throws {
        let options = try source.convertOptions(outputDirectory: "")
        let preview: RelianceKit.Preview
        do {
            preview = try RelianceKit.Preview.make(options, row: row)
        } catch {
            throw Diagnostic(error)
        }
        if let json = preview.mainJSON {
            Terminal.json(json)
            for finding in preview.findings { Terminal.line("row \(preview.row) (line \(preview.line)): \(finding)", to: STDERR_FILENO) }
            return
        }
        for finding in preview.findings { Terminal.line(finding, to: STDOUT_FILENO) }
        throw Diagnostic(lines: ["row \(preview.row) (line \(preview.line)) is rejected"], exitCode: 1)
    }
}
