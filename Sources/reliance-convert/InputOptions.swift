import ArgumentParser
import Foundation
import RelianceKit

/// What every command that reads an export with a mapping takes: `convert`, `validate`, `preview`.
struct InputOptions: ParsableArguments {
    @Argument(help: "The export: CSV text or an Excel workbook (.xlsx).")
    var input: String

    @Option(help: "The mapping file (YAML).")
    var mapping: String

    @Option(help: "The attachments folder (overrides settings.attachments).")
    var attachments: String?

    @Option(name: .customLong("as-of"), help: "The date rules are checked against, YYYY-MM-DD (default: today).")
    var asOf: String?

    @Option(help: "The run's time for default `modified` values, YYYY-MM-DDTHH:mm:ss (default: now).")
    var now: String?

    /// The options for the library, with the dates checked.
    func convertOptions(outputDirectory: String) throws -> ConvertOptions {
        var options = ConvertOptions(inputPath: input, mappingPath: mapping, outputDirectory: outputDirectory)
        options.attachmentsDirectory = attachments
        if let asOf {
            guard let date = CivilDate(iso: asOf) else {
                throw ValidationError("--as-of \(asOf) is not a date in the form YYYY-MM-DD")
            }
            options.asOf = date
        }
        if let now {
            guard let stamp = CivilDateTime(iso: now) else {
                throw ValidationError("--now \(now) is not a time in the form YYYY-MM-DDTHH:mm:ss")
            }
            options.now = stamp
        }
        return options
    }
}
