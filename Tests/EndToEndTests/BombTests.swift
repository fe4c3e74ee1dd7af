import Foundation
import RelianceKit
import TestSupport
import Testing

/// Small files built to make a reader use unbounded memory or time (`scripts/make-bombs.py`):
/// each ends with a clear outcome, its peak memory under 64 MiB.
@Suite("Bombs", .serialized)
struct BombTests {
    typealias E2E = SampleConversionTests

    struct Outcome {
        let status: Int32
        let peakMiB: Int
        let output: String
    }

    /// Runs the binary through Python, which reports the child's peak resident memory.
    static func measure(_ arguments: [String]) throws -> Outcome {
        let script = """
        import resource, subprocess, sys
        run = subprocess.run(sys.argv[1:], capture_output=True, timeout=120)
        print(run.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
        sys.stdout.write((run.stdout + run.stderr).decode(errors='replace'))
        """
        let run = try runTool("/usr/bin/env", ["python3", "-c", script, E2E.binary.path] + arguments)
        let first = run.output.prefix { $0 != "\n" }.split(separator: " ").compactMap { Int($0) }
        try #require(first.count == 2, "\(run.output.prefix(500))")
        return Outcome(status: Int32(first[0]), peakMiB: first[1], output: String(run.output.drop { $0 != "\n" }))
    }

    /// Made once per machine (one folder, written again when the script changes), since making them takes seconds.
    static let bombs: URL = {
        let script = E2E.packageRoot.appendingPathComponent("scripts/make-bombs.py")
        let stamp = SHA.sha256Hex([UInt8]((try? Data(contentsOf: script)) ?? Data())).prefix(16)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reliance-convert-bombs")
        let done = folder.appendingPathComponent(".made-\(stamp)")
        if !FileManager.default.fileExists(atPath: done.path) {
            try? FileManager.default.removeItem(at: folder)
            _ = try? runTool("/usr/bin/env", ["python3", script.path, folder.path])
            FileManager.default.createFile(atPath: done.path, contents: nil)
        }
        return folder
    }()

    @Test("each workbook bomb stops or rejects its row, in flat memory", arguments: [
        ("forename-bomb.xlsx", Int32(2), "refused as a likely ZIP bomb"),
        ("forename-lying.xlsx", 2, "inflates to more than the 1048576 bytes its header declares"),
        ("huge-shared-string.xlsx", 2, "refused as a likely ZIP bomb"),
        ("empty-strings.xlsx", 2, "refused as a likely ZIP bomb"),
        ("long-cell.xlsx", 1, "1 rows: 0 valid, 1 rejected"),
        ("long-shared-string.xlsx", 1, "1 rows: 0 valid, 1 rejected"),
        ("far-columns.xlsx", 1, "40000 rows: 0 valid, 40000 rejected"),
    ])
    func workbookBomb(_ name: String, _ status: Int32, _ message: String) throws {
        let out = Self.bombs.appendingPathComponent("out-\(name)")
        let outcome = try Self.measure(["validate", Self.bombs.appendingPathComponent(name).path, "--mapping", "mappings/kunden-export.yaml",
                                        "--out", out.path, "--as-of", "2026-01-15"])
        #expect(outcome.status == status, "\(outcome.output)")
        #expect(outcome.output.contains(message), "\(outcome.output)")
        #expect(outcome.peakMiB < 64, "\(name): \(outcome.peakMiB) MiB")
        if status == 1 {
            let rejects = try String(contentsOf: out.appendingPathComponent("rejects.csv"), encoding: .utf8)
            #expect(rejects.contains(name == "far-columns.xlsx" ? "right of the header's last column" : "holds more than 1 MiB of text"))
        }
    }

    @Test("inspect never trusts the size a ZIP header claims")
    func inspectBomb() throws {
        let outcome = try Self.measure(["inspect", Self.bombs.appendingPathComponent("zip-claims-4gb.zip").path])
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("refused as a likely ZIP bomb"), "\(outcome.output)")
        #expect(outcome.peakMiB < 64, "\(outcome.peakMiB) MiB")
    }
}
