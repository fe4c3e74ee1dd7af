import ArgumentParser
import FileSystem
import Foundation
import RelianceKit

/// Options shared by `convert` and `validate`.
struct RunOptions: ParsableArguments {
    @OptionGroup var source: InputOptions

    @Option(help: "The output folder; created when missing.")
    var out: String

    @Option(name: .customLong("max-rejects"), help: "Exit 0 unless more rows than this are rejected: a count (25) or a share (0.5%).")
    var maxRejects: String?

    @Option(help: "Workers that normalize, validate and pack rows in parallel (default: one per CPU it may run on).")
    var jobs: Int?

    @Flag(help: "The input is part of an export: add its ZIPs to the folder (as a fed-back rejects.csv does) instead of retiring every ZIP it does not convert.")
    var add = false

    @Option(name: .customLong("retire-limit"), help: "A full run retires none of the folder's ZIPs when it would retire more than this: a count (500), a share of the ZIPs the folder held (10%), or none (default: 10% and at least 5).")
    var retireLimit: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Print summary.json to standard output.")
    var json = false

    func convertOptions(writePackages: Bool) throws -> ConvertOptions {
        var options = try source.convertOptions(outputDirectory: out)
        options.writePackages = writePackages
        options.addToFolder = add
        if let retireLimit {
            guard let limit = RetireLimit(retireLimit) else {
                throw ValidationError("--retire-limit \(retireLimit) is not a count (500), a share (10%) or none")
            }
            options.retireLimit = limit
        }
        if let jobs {
            guard (1...256).contains(jobs) else { throw ValidationError("--jobs \(jobs) must be between 1 and 256") }
            options.jobs = jobs
        }
        if !quiet, !json, Terminal.isInteractive(STDERR_FILENO) {
            options.progress = { Terminal.showProgress($0) }
        }
        return options
    }

    /// Runs the pipeline; what ends it unsuccessfully is thrown as a `Diagnostic` (`verdict`).
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
            throw Diagnostic(error)
        }
        Terminal.clearProgress()
        let failed = Self.rejectsFail(summary, threshold: threshold)
        if json {
            Terminal.json(summary.json())
        }
        if !quiet, !json, failed || Terminal.isInteractive(STDERR_FILENO) || summary.rejected > 0 {
            let verb = writePackages ? "converted" : "valid"
            var line = "\(summary.read) rows: \(summary.converted) \(verb), \(summary.rejected) rejected"
            if summary.warned > 0 { line += ", \(summary.warned) with warnings" }
            if summary.rejected > 0 { line += "; see \(joinedPath(out, Converter.rejectsName))" }
            if summary.rejected > 0, !failed { line += " (within --max-rejects \(maxRejects ?? ""))" }
            if summary.rejected > 0, failed, let maxRejects { line += " (more than --max-rejects \(maxRejects) allows: \(summary.rejected) of \(summary.read) rows)" }
            if !summary.retired.isEmpty { line += "; \(summary.retired.count) earlier ZIPs retired to \(joinedPath(out, summary.retiredFolder ?? ""))" }
            Terminal.line(line, to: STDERR_FILENO)
        }
        if let verdict = Self.verdict(summary, threshold: threshold) { throw verdict }
    }

    /// Whether the run's rejected rows fail it: any, or more than `--max-rejects` allows.
    static func rejectsFail(_ summary: Summary, threshold: RejectThreshold?) -> Bool {
        summary.rejected > 0 && (threshold?.isExceeded(rejected: summary.rejected, read: summary.read) ?? true)
    }

    /// PRODUCT.md §7's exit code for a run that finished: 5 when it withheld retiring (with the
    /// message saying what to do), 1 when its rejects fail it; nil for exit 0.
    static func verdict(_ summary: Summary, threshold: RejectThreshold?) -> Diagnostic? {
        if let reason = summary.retireWithheldReason {
            return Diagnostic.error("\(reason). If the export really no longer holds these customers, run again with a higher "
                + "--retire-limit (or none); if it was cut short, run again once it is complete", exitCode: 5)
        }
        return rejectsFail(summary, threshold: threshold) ? .outcome(1) : nil
    }
}
