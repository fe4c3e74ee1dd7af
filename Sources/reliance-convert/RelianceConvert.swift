import ArgumentParser
import Foundation
import RelianceKit
import RelianceUpload

@main
struct RelianceConvert: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reliance-convert",
        abstract: "Turns legacy customer exports into Concedus Reliance import ZIPs.",
        version: ToolVersion.current,
        subcommands: [Convert.self, Validate.self, Init.self, Inspect.self, Fields.self, Upload.self]
    )

    /// Runs the command, reporting a bad invocation with exit 2 as PRODUCT.md §7 asks
    /// (ArgumentParser's own code for it is 64).
    static func main() async {
        // A closed pipe on standard output ends the run quietly instead of killing it.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Terminal.write(fullMessage(for: error) + "\n", to: STDERR_FILENO)
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

    @Option(name: .customLong("max-rejects"), help: "Exit 0 unless more rows than this are rejected: a count (25) or a share (0.5%).")
    var maxRejects: String?

    @Option(help: "Workers that normalize, validate and pack rows in parallel (default: the number of cores).")
    var jobs: Int?

    @Flag(help: "The input is part of an export: add its ZIPs to the folder (as a fed-back rejects.csv does) instead of retiring every ZIP it does not convert.")
    var add = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Print summary.json to standard output.")
    var json = false

    func convertOptions(writePackages: Bool) throws -> ConvertOptions {
        var options = ConvertOptions(inputPath: input, mappingPath: mapping, outputDirectory: out)
        options.attachmentsDirectory = attachments
        options.writePackages = writePackages
        options.addToFolder = add
        if let jobs {
            guard (1...256).contains(jobs) else { throw ValidationError("--jobs \(jobs) must be between 1 and 256") }
            options.jobs = jobs
        }
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
        if !quiet, !json, Terminal.isInteractive(STDERR_FILENO) {
            options.progress = { Terminal.showProgress($0) }
        }
        return options
    }

    /// Runs the pipeline and maps the outcome to PRODUCT.md §7's exit codes.
    func run(writePackages: Bool) throws {
        var threshold: RejectThreshold?
        if let maxRejects {
            guard let parsed = RejectThreshold(maxRejects) else {
                throw ValidationError("--max-rejects \(maxRejects) is not a count (25) or a share (0.5%)")
            }
            threshold = parsed
        }
        let options = try convertOptions(writePackages: writePackages)
        let summary: Summary
        do {
            summary = try Converter.run(options)
        } catch {
            Terminal.clearProgress()
            Terminal.write(error.description + "\n", to: STDERR_FILENO)
            throw ExitCode(error.exitCode)
        }
        Terminal.clearProgress()
        let failed = summary.rejected > 0 && (threshold?.isExceeded(rejected: summary.rejected, read: summary.read) ?? true)
        if json {
            Terminal.write(summary.json(), to: STDOUT_FILENO)
        }
        if !quiet, !json, failed || Terminal.isInteractive(STDERR_FILENO) || summary.rejected > 0 {
            let verb = writePackages ? "converted" : "valid"
            var line = "\(summary.read) rows: \(summary.converted) \(verb), \(summary.rejected) rejected"
            if summary.warned > 0 { line += ", \(summary.warned) with warnings" }
            if summary.rejected > 0 { line += "; see \(Converter.path(out, Converter.rejectsName))" }
            if summary.rejected > 0, !failed { line += " (within --max-rejects \(maxRejects ?? ""))" }
            if !summary.retired.isEmpty { line += "; \(summary.retired.count) earlier ZIPs retired to \(Converter.path(out, summary.retiredFolder ?? ""))" }
            Terminal.write(line + "\n", to: STDERR_FILENO)
        }
        if failed { throw ExitCode(1) }
    }
}

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert an export: one ZIP per valid row, rejects.csv and summary.json.",
        discussion: "Exit codes: 0 every row converted (or rejects within --max-rejects); 1 rows rejected; 2 unusable invocation, mapping or input (nothing written); 3 writing failed; 4 the output folder is in use by another run."
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

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
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

    func run() throws {
        if out != "-", FileManager.default.fileExists(atPath: out), !force {
            Terminal.write("error: \(out) exists; pass --force to overwrite it or --out to choose another file\n", to: STDERR_FILENO)
            throw ExitCode(2)
        }
        let scaffold: MappingScaffold
        do {
            scaffold = try MappingScaffold.make(inputPath: input, sheet: sheet)
        } catch {
            Terminal.write(error.description + "\n", to: STDERR_FILENO)
            throw ExitCode(error.exitCode)
        }
        if out == "-" {
            Terminal.write(scaffold.yaml, to: STDOUT_FILENO)
        } else {
            do {
                try AtomicFile.write(Array(scaffold.yaml.utf8), to: out)
            } catch {
                Terminal.write("error: \(error)\n", to: STDERR_FILENO)
                throw ExitCode(3)
            }
        }
        if scaffold.sheets.count > 1 {
            Terminal.write("the workbook has \(scaffold.sheets.count) sheets: " + scaffold.sheets.map { "\"\($0)\"" }.joined(separator: ", ")
                + "; read \"\(scaffold.sheet ?? "")\" (--sheet chooses another)\n", to: STDERR_FILENO)
        }
        if scaffold.headerRow > 1 {
            Terminal.write("the header is on row \(scaffold.headerRow); the rows above it are skipped (input.header_row)\n", to: STDERR_FILENO)
        }
        let matched = Set(scaffold.decisions.compactMap(\.column))
        var report = "wrote \(out == "-" ? "the mapping" : out): \(matched.count) columns matched"
        if !scaffold.todos.isEmpty { report += "; TODO (required, no column found): " + scaffold.todos.joined(separator: ", ") }
        Terminal.write(report + "\n", to: STDERR_FILENO)
    }
}

struct Fields: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every payload field: path, type, rule, allowed values."
    )

    @Flag(help: "Print a Markdown table (as in the README).")
    var markdown = false

    func run() throws {
        Terminal.write(markdown ? FieldReference.markdown() : FieldReference.text(), to: STDOUT_FILENO)
    }
}

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check Reliance ZIPs against every rule the converter enforces.",
        discussion: "Exit codes: 0 every ZIP passes; 1 a ZIP has errors; 2 unusable invocation."
    )

    @Argument(help: "The ZIPs to check.")
    var zips: [String]

    @Option(name: .customLong("as-of"), help: "The date the rules are checked against, YYYY-MM-DD (default: today).")
    var asOf: String?

    @Option(name: .customLong("vendor"), help: "A vendor to accept besides SUMSUB, IDNOW and WEBID (repeatable).")
    var vendors: [String] = []

    @Flag(help: "Print the findings as JSON.")
    var json = false

    @Flag(help: "Print each ZIP's payload as read back, indented (main.json itself is compact).")
    var show = false

    func run() throws {
        guard !zips.isEmpty else { throw ValidationError("name at least one ZIP") }
        var date = Converter.wallClock(in: TimeZone(identifier: "Europe/Berlin") ?? .current).date
        if let asOf {
            guard let parsed = ConvertOptions.parseDate(asOf) else { throw ValidationError("--as-of \(asOf) is not a date in the form YYYY-MM-DD") }
            date = parsed
        }
        let reports = zips.map { PackageInspector.inspect(path: $0, asOf: date, vendors: vendors.map { $0.uppercased() }) }
        if json {
            Terminal.write(InspectionOutput.json(reports), to: STDOUT_FILENO)
        } else {
            for report in reports {
                if report.findings.isEmpty {
                    Terminal.write("\(report.path): ok\n", to: STDOUT_FILENO)
                } else {
                    Terminal.write("\(report.path): \(report.passed ? "ok with warnings" : "FAILED")\n", to: STDOUT_FILENO)
                    for finding in report.findings {
                        Terminal.write("  \(finding.severity.rawValue): \(finding)\n", to: STDOUT_FILENO)
                    }
                }
                if show, let payload = report.payload { Terminal.write(payload, to: STDOUT_FILENO) }
            }
            let failed = reports.filter { !$0.passed }.count
            Terminal.write("\(reports.count - failed) of \(reports.count) ZIPs pass\n", to: STDERR_FILENO)
        }
        if reports.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }
}

struct Upload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deliver the ZIPs of a folder to the Concedus Reliance endpoint.",
        discussion: """
        Sends the ZIPs that manifest.csv lists, each only while its SHA-256 matches the manifest; a ZIP the manifest \
        does not list is reported, never sent. Credentials come from CONCEDUS_USERNAME and CONCEDUS_PASSWORD, or from \
        --credentials FILE (mode 600), never from arguments. Results are appended to upload-results.csv in the folder; a rerun skips ZIPs already accepted \
        unchanged. Exit codes: 0 every ZIP accepted; 1 some rejected or given up; 2 configuration or credentials; 3 local I/O.
        """
    )

    @Argument(help: "The folder of ZIPs written by convert.")
    var directory: String

    @Option(help: "The Concedus base URL, e.g. https://demo2.api.concedus.com.")
    var url: String

    @Option(help: "The contacts endpoint.")
    var endpoint = "/v2/compliance/reliance/contacts"

    @Option(help: "Uploads in flight at most.")
    var concurrency = 4

    @Option(help: "A file with CONCEDUS_USERNAME=… and CONCEDUS_PASSWORD=… lines, readable only by its owner.")
    var credentials: String?

    @Flag(name: .customLong("dry-run"), help: "List what would be sent, send nothing.")
    var dryRun = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() async throws {
        var options = UploadOptions(directory: directory, baseURL: url)
        options.endpoint = endpoint
        options.concurrency = concurrency
        options.dryRun = dryRun
        if !quiet, Terminal.isInteractive(STDERR_FILENO) {
            options.progress = { done, total in Terminal.write("\r\u{1B}[K\(done) of \(total) uploaded", to: STDERR_FILENO) }
        }
        let summary: UploadSummary
        do {
            let login = dryRun ? nil : try Credentials.load(file: credentials, environment: ProcessInfo.processInfo.environment)
            summary = try await Uploader.run(options, credentials: login)
        } catch {
            Terminal.clearProgress()
            Terminal.write(error.description + "\n", to: STDERR_FILENO)
            throw ExitCode(error.exitCode)
        }
        if Terminal.isInteractive(STDERR_FILENO), !quiet { Terminal.write("\r\u{1B}[K", to: STDERR_FILENO) }
        for name in summary.unlisted {
            Terminal.write("\(name) is not in \(Converter.manifestName); not sent\n", to: STDERR_FILENO)
        }
        if dryRun {
            for line in summary.planned { Terminal.write("would send \(line)\n", to: STDOUT_FILENO) }
            for line in summary.unsendable { Terminal.write("would not send \(line)\n", to: STDERR_FILENO) }
            Terminal.write("\(summary.planned.count) to send, \(summary.skipped) already accepted"
                + (summary.unlisted.isEmpty ? "" : ", \(summary.unlisted.count) not in the manifest")
                + (summary.unsendable.isEmpty ? "" : ", \(summary.unsendable.count) missing or changed") + "\n", to: STDERR_FILENO)
            if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
            return
        }
        if !quiet, summary.exitCode != 0 || Terminal.isInteractive(STDERR_FILENO) {
            Terminal.write("\(summary.total) ZIPs: \(summary.accepted) accepted, \(summary.skipped) already accepted, "
                + "\(summary.rejected) rejected, \(summary.failed) given up; see \(Converter.path(directory, Uploader.resultsName))\n",
                to: STDERR_FILENO)
        }
        if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
    }
}
