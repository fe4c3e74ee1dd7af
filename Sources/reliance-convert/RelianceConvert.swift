import ArgumentParser
import Foundation
import RelianceKit

@main
struct RelianceConvert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reliance-convert",
        abstract: "Turns legacy customer exports into Concedus Reliance import ZIPs.",
        version: ToolVersion.current,
        subcommands: [Convert.self, Validate.self]
    )

    /// Runs the command, reporting a bad invocation with exit 2 as PRODUCT.md §7 asks
    /// (ArgumentParser's own code for it is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options shared by `convert` and `validate`.
struct RunOptions: ParsableArguments {
    @Argument(help: "The export to convert: CSV text or an Excel workbook (.xlsx).")
    var input: String

    @Option(help: "The mapping file (YAML).")
    var mapping: String

    @Option(help: "The output folder; created when missing.")
    var out: String

    @Option(help: "The attachments folder (overrides settings.attachments).")
    var attachments: String?

    @Option(name: .customLong("as-of"), help: "The date rules are checked against, YYYY-MM-DD (default: today).")
    var asOf: String?

    @Option(help: "The run's time for default `modified` values, YYYY-MM-DDTHH:mm:ss (default: now).")
    var now: String?

    func convertOptions(writePackages: Bool) throws -> ConvertOptions {
        var options = ConvertOptions(inputPath: input, mappingPath: mapping, outputDirectory: out)
        options.attachmentsDirectory = attachments
        options.writePackages = writePackages
        if let asOf {
            guard let date = ConvertOptions.parseDate(asOf) else {
                throw ValidationError("--as-of \(asOf) is not a date in the form YYYY-MM-DD")
            }
            options.asOf = date
        }
        if let now {
            guard let stamp = ConvertOptions.parseDateTime(now) else {
                throw ValidationError("--now \(now) is not a time in the form YYYY-MM-DDTHH:mm:ss")
            }
            options.now = stamp
        }
        return options
    }

    /// Runs the pipeline and maps the outcome to PRODUCT.md §7's exit codes.
    func run(writePackages: Bool) throws {
        let options = try convertOptions(writePackages: writePackages)
        let summary: Summary
        do {
            summary = try Converter.run(options)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(error.exitCode)
        }
        let interactive = isatty(STDERR_FILENO) == 1
        if interactive || summary.rejected > 0 {
            let verb = writePackages ? "converted" : "valid"
            var line = "\(summary.read) rows: \(summary.converted) \(verb), \(summary.rejected) rejected"
            if summary.warned > 0 { line += ", \(summary.warned) with warnings" }
            if summary.rejected > 0 { line += "; see \(out)/\(Converter.rejectsName)" }
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        if summary.rejected > 0 { throw ExitCode(1) }
    }
}

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert an export: one ZIP per valid row, rejects.csv and summary.json.",
        discussion: "Exit codes: 0 every row converted; 1 some rows rejected; 2 unusable invocation, mapping or input (nothing written); 3 writing failed."
    )

    @OptionGroup var options: RunOptions

    func run() throws {
        try options.run(writePackages: true)
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every check without writing ZIPs; rejects.csv and summary.json are still written."
    )

    @OptionGroup var options: RunOptions

    func run() throws {
        try options.run(writePackages: false)
    }
}
