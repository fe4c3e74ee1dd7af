import ArgumentParser
import Foundation
import RelianceKit

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
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
            guard let parsed = CivilDate(iso: asOf) else { throw ValidationError("--as-of \(asOf) is not a date in the form YYYY-MM-DD") }
            date = parsed
        }
        let reports = zips.map { PackageInspector.inspect(path: $0, asOf: date, vendors: vendors.map { $0.uppercased() }) }
        if json {
            Terminal.json(InspectionOutput.json(reports))
        } else {
            // With --show, standard output carries only the payloads (JSON a tool like jq can read);
            // the status of each ZIP goes to standard error.
            let status = show ? STDERR_FILENO : STDOUT_FILENO
            for report in reports {
                if report.findings.isEmpty {
                    Terminal.line("\(report.path): ok", to: status)
                } else {
                    Terminal.line("\(report.path): \(report.passed ? "ok with warnings" : "FAILED")", to: status)
                    for finding in report.findings {
                        Terminal.line("  \(finding.severity.rawValue): \(finding)", to: status)
                    }
                }
                if show, let payload = report.payload { Terminal.json(payload) }
            }
            let failed = reports.filter { !$0.passed }.count
            Terminal.line("\(reports.count - failed) of \(reports.count) ZIPs pass", to: STDERR_FILENO)
        }
        if reports.contains(where: { !$0.passed }) { throw Diagnostic.outcome(1) }
    }
}
