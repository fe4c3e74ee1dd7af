import Foundation
import Synchronization
import RelianceKit
import Testing

/// An export rewritten, truncated or appended to while a full run reads it: the run stops with
/// exit 3 before committing or retiring anything, so a half-read export never retires the
/// customers it did not reach. In process, so the change happens at a known moment: when the
/// writer reports its first batch.
@Suite("An export that changes during a run", .serialized)
struct ChangedExportTests {
    typealias E2E = SampleConversionTests

    enum Change: String, CaseIterable, CustomTestStringConvertible {
        case truncated, appended, rewrittenInPlace
        var testDescription: String { rawValue }
    }

    static func options(input: String, out: URL) -> ConvertOptions {
        var options = ConvertOptions(inputPath: input, mappingPath: E2E.packageRoot.appendingPathComponent("mappings/kunden-export.yaml").path,
                                     outputDirectory: out.path)
        options.attachmentsDirectory = E2E.packageRoot.appendingPathComponent("samples/attachments").path
        options.asOf = CivilDate(iso: "2026-01-15")
        options.now = CivilDateTime(iso: "2026-01-15T08:00:00")
        return options
    }

    @Test("the run stops with a fault, and the folder keeps every earlier ZIP and report", arguments: Change.allCases)
    func changedExportStopsTheRun(change: Change) throws {
        let work = UnattendedTests.temporaryFolder()
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let input = try UnattendedTests.bigInput(in: work)
        let out = work.appendingPathComponent("out")
        _ = try Converter.run(Self.options(input: input, out: out))
        let before = try FaultTests.snapshot(out)
        #expect(before.keys.filter { $0.hasSuffix(".zip") }.count == 5000)

        let original = try Data(contentsOf: URL(fileURLWithPath: input))
        let lines = original.split(separator: 0x0A, omittingEmptySubsequences: false)
        var options = Self.options(input: input, out: out)
        let changed = Mutex(false)
        options.progress = { _ in
            guard changed.withLock({ done in defer { done = true }; return !done }) else { return }
            // The file the run holds open is changed in place, as an export job rewriting it would.
            guard let handle = FileHandle(forUpdatingAtPath: input) else { return }
            defer { try? handle.close() }
            switch change {
            case .truncated:
                try? handle.truncate(atOffset: UInt64(lines.prefix(1000).reduce(0) { $0 + $1.count + 1 }))
            case .appended:
                _ = try? handle.seekToEnd()
                try? handle.write(contentsOf: Data(lines[1]) + Data([0x0A]))
            case .rewrittenInPlace:
                try? handle.write(contentsOf: original)
            }
        }
        #expect {
            _ = try Converter.run(options)
        } throws: { error in
            guard let error = error as? ConvertError, error.exitCode == 3 else { return false }
            return error.description.contains("changed while it was read")
        }
        let after = try FaultTests.snapshot(out)
        #expect(after.keys.sorted() == before.keys.sorted())
        for name in ["manifest.csv", "rejects.csv", "summary.json", "warnings.csv"] {
            #expect(after[name] == before[name], "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("retired").path))
    }
}
