import Foundation
import Testing

/// What the command line prints when a command ends unsuccessfully, byte for byte, and that only
/// the command line prints: every error leaves through one place (`Diagnostic`), each of its lines
/// escaped, so a path holding a line feed cannot start a line of its own in any command's error.
@Suite("Errors on the command line", .serialized)
struct DiagnosticTests {
    typealias CLI = CommandLineTests
    typealias E2E = SampleConversionTests

    @Test("init refuses to overwrite a mapping: exactly one line, exit 2")
    func initRefusesToOverwrite() throws {
        let folder = try ConverterInProcessTests.work()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mapping = folder.appendingPathComponent("mapping.yaml")
        try Data("kept\n".utf8).write(to: mapping)
        let run = try CLI.run(["init", "samples/kunden-export.csv", "--out", mapping.path])
        #expect(run.status == 2)
        #expect(run.stderr == "error: \(mapping.path) exists; pass --force to overwrite it or --out to choose another file\n")
        #expect(try String(contentsOf: mapping, encoding: .utf8) == "kept\n")
    }

    /// A line feed in a file name is the name's, not the message's: shown as `\n`, the error stays one line.
    @Test("an error naming a path with a line feed stays on one line, in every command", arguments: ["init", "upload", "validate"])
    func pathWithALineFeed(command: String) throws {
        let folder = try ConverterInProcessTests.work()
        defer { try? FileManager.default.removeItem(at: folder) }
        let odd = folder.appendingPathComponent("no\nsuch").path
        let shown = folder.appendingPathComponent(#"no\nsuch"#).path
        let (arguments, expected): ([String], String) = switch command {
        case "init": (["init", odd, "--out", "-"], "error: \(shown): cannot open: No such file or directory\n")
        case "upload": (["upload", folder.path, "--url", "http://127.0.0.1:1", "--credentials", odd],
                        "error: cannot read the credentials file \(shown): No such file or directory\n")
        default: (["validate", "samples/kunden-export.csv", "--mapping", odd, "--out", folder.appendingPathComponent("out").path],
                  "\(shown): error: cannot read the mapping file: No such file or directory\n")
        }
        let run = try CLI.run(arguments)
        #expect(run.status == 2)
        #expect(run.stderr == expected)
    }

    @Test("a rejected row in preview: its errors on standard output, one line on standard error, exit 1")
    func previewOfARejectedRow() throws {
        let run = try CLI.run(["preview"] + CLI.sample + ["--row", "7"])
        #expect(run.status == 1)
        #expect(run.stderr == "row 7 (line 7) is rejected\n")
    }

    @Test("a ZIP failing inspection: its findings, the count, exit 1")
    func inspectionFails() throws {
        let folder = try ConverterInProcessTests.work()
        defer { try? FileManager.default.removeItem(at: folder) }
        let zip = folder.appendingPathComponent("broken.zip")
        try Data("not a zip".utf8).write(to: zip)
        let run = try CLI.run(["inspect", "--as-of", "2026-01-15", zip.path])
        #expect(run.status == 1)
        #expect(run.stdout == "\(zip.path): FAILED\n  error: zip [damaged-archive] damaged archive: no end-of-central-directory record\n")
        #expect(run.stderr == "0 of 1 ZIPs pass\n")
    }

    @Test("no command: the reason, then the root help as --help prints it, exit 2")
    func noCommand() throws {
        let bare = try CLI.run([])
        let help = try CLI.run(["--help"])
        #expect(bare.status == 2 && help.status == 0)
        #expect(bare.stderr == "error: no command given\n" + help.stdout)
        #expect(bare.stdout.isEmpty)
    }

    @Test("an option's bad value: the subcommand's usage after the message, exit 2")
    func badOptionValue() throws {
        let run = try CLI.run(["preview"] + CLI.sample + ["--row", "2", "--as-of", "2026-02-30"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("Error: --as-of 2026-02-30 is not a date in the form YYYY-MM-DD\nUsage: preview <input> --mapping"), "\(run.stderr)")
        #expect(run.stderr.hasSuffix(" for more information.\n"), "\(run.stderr)")
    }

    /// The library returns what went wrong (a `ConvertError`, an `UploadError`, a summary's findings);
    /// writing it to a terminal is the command line's alone, so a program using the library chooses.
    @Test("no library module writes to standard output or standard error",
          arguments: ["RelianceKit", "OutputFiles", "RelianceUpload", "RelianceStudio", "CSVCore", "XLSXCore", "ZipArchive"])
    func libraryPrintsNothing(module: String) throws {
        let folder = E2E.packageRoot.appendingPathComponent("Sources/\(module)")
        let pattern = try Regex(#"\bprint\(|\bdebugPrint\(|\bdump\(|\bNSLog\(|FileHandle\.standard(Output|Error)|STD(OUT|ERR)_FILENO|\bfputs\(|\bputs\(|\bperror\("#)
        var offenders: [String] = []
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if !code.hasPrefix("//"), code.contains(pattern) { offenders.append("\(module)/\(file):\(number + 1): \(code)") }
            }
        }
        #expect(files.contains { $0.hasSuffix(".swift") }, "no sources under \(folder.path)")
        #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
    }
}
