import Foundation
import TestSupport
import Testing

/// The commands a person uses while writing a mapping: what they print where, and what they say
/// when something is wrong.
@Suite("Command line", .serialized)
struct CommandLineTests {
    typealias E2E = SampleConversionTests

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = E2E.binary
        process.currentDirectoryURL = E2E.packageRoot
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = try CapturedOutput()
        process.standardOutput = stdout
        process.standardError = stderr.handle
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: try stderr.data(), as: UTF8.self))
    }

    static let sample = ["samples/kunden-export.csv", "--mapping", "mappings/kunden-export.yaml", "--as-of", "2026-01-15", "--now", "2026-01-15T08:00:00"]

    @Test("preview prints one row's main.json on standard output and nothing else; a rejected row prints its errors and exits 1")
    func preview() throws {
        let valid = try Self.run(["preview"] + Self.sample + ["--row", "2"])
        #expect(valid.status == 0, "\(valid.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(valid.stdout.utf8)) as? [String: Any]
        let customer = (object?["customers"] as? [[String: Any]])?.first
        #expect(customer?["key"] as? String == "CUST_10000")
        let golden = try JSONSerialization.jsonObject(with: Data(contentsOf: E2E.golden.appendingPathComponent("CUST_10000.main.json"))) as? NSDictionary
        #expect(golden == object.map(NSDictionary.init(dictionary:)), "the preview is the ZIP's main.json")
        #expect(valid.stderr.contains("postal-code-restored"))

        let rejected = try Self.run(["preview"] + Self.sample + ["--row", "7"])
        #expect(rejected.status == 1)
        #expect(rejected.stdout.contains("person.birthDate [invalid-date] \"31.02.1990\" is not a date in the calendar"))
        let missing = try Self.run(["preview"] + Self.sample + ["--row", "999"])
        #expect(missing.status == 2 && missing.stderr.contains("row 999 is not a data row: data rows are 2 to 62"), "\(missing.stderr)")
    }

    @Test("inspect --show prints only JSON on standard output, so it pipes into a JSON reader")
    func inspectShow() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("show-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = try E2E.convert(out: out)
        let shown = try Self.run(["inspect", "--show", "--as-of", "2026-01-15", out.appendingPathComponent("CUST_10000.zip").path])
        #expect(shown.status == 0)
        #expect((try? JSONSerialization.jsonObject(with: Data(shown.stdout.utf8))) != nil, "\(shown.stdout.prefix(300))")
        #expect(shown.stderr.contains("CUST_10000.zip: ok"))
    }

    @Test("fields takes a path filter and --json")
    func fields() throws {
        let listed = try Self.run(["fields", "idDocument", "--json"])
        let rows = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: String]]
        #expect(rows?.count == 6 && rows?.allSatisfy { $0["path"]?.contains("idDocument") == true } == true, "\(listed.stdout)")
        let none = try Self.run(["fields", "nosuchfield"])
        #expect(none.status == 2 && none.stderr.contains("no field path contains \"nosuchfield\""))
    }

    @Test("what a person reads when something is wrong: the OS reason, the limit and count, the subcommand's usage")
    func messages() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("messages-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let missing = try Self.run(["validate", "samples/kunden-export.csv", "--mapping", "no-such-mapping.yaml", "--out", out.path])
        #expect(missing.status == 2 && missing.stderr.contains("cannot read the mapping file: No such file or directory"), "\(missing.stderr)")
        let limited = try Self.run(["validate"] + Self.sample + ["--out", out.path, "--max-rejects", "5"])
        #expect(limited.status == 1 && limited.stderr.contains("more than --max-rejects 5 allows: 11 of 61 rows"), "\(limited.stderr)")
        let badDate = try Self.run(["validate", "samples/kunden-export.csv", "--mapping", "mappings/kunden-export.yaml", "--out", out.path, "--as-of", "2026-13-01"])
        #expect(badDate.status == 2)
        #expect(badDate.stderr.contains("--as-of 2026-13-01 is not a date") && badDate.stderr.contains("Usage: validate <input> --mapping"), "\(badDate.stderr)")
    }
}
