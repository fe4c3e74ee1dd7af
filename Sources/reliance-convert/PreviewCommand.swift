import ArgumentParser
import Foundation
import RelianceKit

struct Preview: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one row as convert would make it: its main.json, or its errors. Writes nothing.",
        discussion: """
        Standard output carries only the indented main.json (so it pipes into jq) or, for a rejected row, its \
        errors; warnings and the row's place go to standard error. Exit codes: 0 the row converts; 1 it is \
        rejected; 2 unusable invocation, mapping or input.
        """
    )

    @Argument(help: "The export: CSV text or an Excel workbook (.xlsx).")
    var input: String

    @Option(help: "The mapping file (YAML).")
    var mapping: String

    @Option(help: "The row to show, numbered as _row in rejects.csv (the header of a bare export is row 1).")
    var row: Int

    @Option(help: "The attachments folder (overrides settings.attachments).")
    var attachments: String?

    @Option(name: .customLong("as-of"), help: "The date rules are checked against, YYYY-MM-DD (default: today).")
    var asOf: String?

    @Option(help: "The run's time for default `modified` values, YYYY-MM-DDTHH:mm:ss (default: now).")
    var now: String?

    func run() throws {
        var options = ConvertOptions(inputPath: input, mappingPath: mapping, outputDirectory: "")
        options.attachmentsDirectory = attachments
        if let asOf {
            guard let date = ConvertOptions.parseDate(asOf) else { throw ValidationError("--as-of \(asOf) is not a date in the form YYYY-MM-DD") }
            options.asOf = date
        }
        if let now {
            guard let stamp = ConvertOptions.parseDateTime(now) else { throw ValidationError("--now \(now) is not a time in the form YYYY-MM-DDTHH:mm:ss") }
            options.now = stamp
        }
        let preview: RelianceKit.Preview
        do {
            preview = try RelianceKit.Preview.make(options, row: row)
        } catch {
            Terminal.write(error.description + "\n", to: STDERR_FILENO)
            throw ExitCode(error.exitCode)
        }
        if let json = preview.mainJSON {
            Terminal.write(json, to: STDOUT_FILENO)
            for finding in preview.findings { Terminal.write("row \(preview.row) (line \(preview.line)): \(finding)\n", to: STDERR_FILENO) }
            return
        }
        for finding in preview.findings { Terminal.write(finding + "\n", to: STDOUT_FILENO) }
        Terminal.write("row \(preview.row) (line \(preview.line)) is rejected\n", to: STDERR_FILENO)
        throw ExitCode(1)
    }
}
