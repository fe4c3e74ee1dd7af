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

    /// Runs the command, reporting a bad invocation with exit 2 as PRODUCT.md §7 asks
    /// (ArgumentParser's own code for it is 64).
    static func main() async {
        // A closed pipe on standard output ends the run quietly instead of killing it.
        signal(SIGPIPE, SIG_IGN)
        // Nothing to do is a failure, never a success: a nightly job whose arguments the runtime
        // could not read (no /proc in a chroot or a minimal container) must not "succeed" doing nothing.
        guard CommandLine.arguments.count > 1 else {
            let why = CommandLine.arguments.isEmpty
                ? "error: no arguments could be read (on Linux they come from /proc/self/cmdline; is /proc mounted?)\n"
                : "error: no command given\n"
            Terminal.write(why + helpMessage() + "\n", to: STDERR_FILENO)
            Foundation.exit(2)
        }
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            // The parser knows which subcommand failed and shows its usage.
            if exitCode(for: error) == .validationFailure {
                Terminal.message(fullMessage(for: error), to: STDERR_FILENO)
                Foundation.exit(2)
            }
            exit(withError: error)
        }
        do {
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            // A value checked while running (`--as-of 2026-13-01`): the subcommand's own usage, not the root's.
            if exitCode(for: error) == .validationFailure {
                Terminal.message(type(of: command).fullMessage(for: error), to: STDERR_FILENO)
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
