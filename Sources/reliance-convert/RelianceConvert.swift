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
        subcommands: [Convert.self, Validate.self, Preview.self, Init.self, Inspect.self, Fields.self, Studio.self, Upload.self]
    )

    /// Runs the command: the one place that reports what ends it (`Diagnostic.exit()`), a bad
    /// invocation with exit 2 as PRODUCT.md §7 asks (ArgumentParser's own code for it is 64).
    static func main() async {
        // A closed pipe on standard output ends the run quietly instead of killing it.
        signal(SIGPIPE, SIG_IGN)
        // Nothing to do is a failure, never a success: a nightly job whose arguments the runtime
        // could not read (no /proc in a chroot or a minimal container) must not "succeed" doing nothing.
        guard CommandLine.arguments.count > 1 else {
            let why = CommandLine.arguments.isEmpty
                ? "error: no arguments could be read (on Linux they come from /proc/self/cmdline; is /proc mounted?)"
                : "error: no command given"
            Diagnostic.message(why + "\n" + helpMessage(), exitCode: 2).exit()
        }
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            // The parser knows which subcommand failed and shows its usage.
            end(error, usage: fullMessage(for: error))
        }
        do {
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            // A value checked while running (`--as-of 2026-13-01`): the subcommand's own usage, not the root's.
            end(error, usage: type(of: command).fullMessage(for: error))
        }
    }

    /// Ends the process for an error a command threw: a `Diagnostic` as it says, a value the
    /// parser or a command refused with its usage and exit 2, anything else (help, --version) as
    /// ArgumentParser ends it.
    private static func end(_ error: any Error, usage: @autoclosure () -> String) -> Never {
        if let diagnostic = error as? Diagnostic { diagnostic.exit() }
        if exitCode(for: error) == .validationFailure { Diagnostic.message(usage(), exitCode: 2).exit() }
        exit(withError: error)
    }
}
