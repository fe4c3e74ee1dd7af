import ArgumentParser
import FileSystem
import Foundation
import RelianceKit
import RelianceUpload

struct Upload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Deliver the ZIPs of a folder to the Concedus Reliance endpoint.",
        discussion: """
        Sends the ZIPs that manifest.csv lists, each only while its SHA-256 matches the manifest; a ZIP the manifest \
        does not list is reported, never sent. Credentials come from CONCEDUS_USERNAME and CONCEDUS_PASSWORD, or from \
        --credentials FILE (mode 600), never from arguments. Results are appended to upload-results.csv in the folder; a rerun skips ZIPs already accepted \
        unchanged. The run stops early, recording the rest as not sent, at --deadline or after 5 ZIPs in a row were given up. \
        Exit codes: 0 every ZIP accepted; 1 some rejected, given up or not sent; 2 configuration or credentials; 3 local I/O \
        (or too low a limit on open files); 4 the folder is in use by another run.
        """
    )

    @Argument(help: "The folder of ZIPs written by convert.")
    var directory: String

    @Option(help: "The Concedus base URL, e.g. https://demo2.api.concedus.com (no user name or password in it).")
    var url: String

    @Flag(name: .customLong("insecure-http"), help: "Allow plain http to a host other than this machine (the password travels unencrypted).")
    var insecureHTTP = false

    @Option(help: "Stop after this long: seconds (90) or with a unit (90s, 15m, 2h); the ZIPs not sent by then are recorded as not sent.")
    var deadline: String?

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
        options.insecureHTTP = insecureHTTP
        if let deadline {
            guard let seconds = DeadlineText.seconds(deadline) else {
                throw ValidationError("--deadline \(deadline) is not a time: seconds (90) or a number with s, m or h (90s, 15m, 2h), at most 720h")
            }
            options.deadlineSeconds = seconds
        }
        if !quiet, Terminal.isInteractive(STDERR_FILENO) {
            options.progress = { done, total in Terminal.write("\r\u{1B}[K\(done) of \(total) uploaded", to: STDERR_FILENO) }
        }
        let summary: UploadSummary
        do {
            let login = dryRun ? nil : try Credentials.load(file: credentials, environment: ProcessInfo.processInfo.environment)
            summary = try await Uploader.run(options, credentials: login)
        } catch {
            throw Diagnostic(error)
        }
        if Terminal.isInteractive(STDERR_FILENO), !quiet { Terminal.write("\r\u{1B}[K", to: STDERR_FILENO) }
        for name in summary.unlisted {
            Terminal.line("\(name) is not in \(Converter.manifestName); not sent", to: STDERR_FILENO)
        }
        if dryRun {
            for line in summary.planned { Terminal.line("would send \(line)", to: STDOUT_FILENO) }
            for line in summary.unsendable { Terminal.line("would not send \(line)", to: STDERR_FILENO) }
            Terminal.line("\(summary.planned.count) to send, \(summary.skipped) already accepted"
                + (summary.unlisted.isEmpty ? "" : ", \(summary.unlisted.count) not in the manifest")
                + (summary.unsendable.isEmpty ? "" : ", \(summary.unsendable.count) missing or changed"), to: STDERR_FILENO)
            if summary.exitCode != 0 { throw Diagnostic.outcome(summary.exitCode) }
            return
        }
        if let stopped = summary.stopped {
            Terminal.line("error: upload stopped: \(stopped); \(summary.notSent) ZIPs not sent, which a rerun sends", to: STDERR_FILENO)
        }
        if !quiet, summary.exitCode != 0 || Terminal.isInteractive(STDERR_FILENO) {
            Terminal.line("\(summary.total) ZIPs: \(summary.accepted) accepted, \(summary.skipped) already accepted, "
                + "\(summary.rejected) rejected, \(summary.failed) given up"
                + (summary.notSent == 0 ? "" : ", \(summary.notSent) not sent")
                + "; see \(joinedPath(directory, Uploader.resultsName))",
                to: STDERR_FILENO)
        }
        if summary.exitCode != 0 { throw Diagnostic.outcome(summary.exitCode) }
    }
}
