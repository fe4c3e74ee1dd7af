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
        /// The child's user and system CPU time, shown beside a failure; never judged, since a
        /// test never asserts a duration.
        let cpuSeconds: Double
        let output: String

        /// Whether the peak stayed under `limit` MiB. Under a sanitizer (`RELIANCE_SANITIZER` set by
        /// the CI step that runs one) the shadow memory is most of the peak, so it is not judged there.
        func peakBelow(_ limit: Int) -> Bool {
            ProcessInfo.processInfo.environment["RELIANCE_SANITIZER"] != nil || peakMiB < limit
        }
    }

    /// Runs the binary through Python, whose `wait4` reports the child's own peak resident memory
    /// and CPU time. Wall-clock time only guards against a hang: after 120 s the child is killed
    /// (status -9), however busy the machine.
    static func measure(_ arguments: [String]) throws -> Outcome {
        let script = """
        import os, subprocess, sys, tempfile, time
        with tempfile.TemporaryFile() as output:
            child = subprocess.Popen(sys.argv[1:], stdout=output, stderr=subprocess.STDOUT)
            started = time.monotonic()
            while True:
                pid, status, usage = os.wait4(child.pid, os.WNOHANG)
                if pid or time.monotonic() - started > 120:
                    break
                time.sleep(0.01)
            if not pid:
                child.kill()
                _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
            print(child.returncode, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime)
            output.seek(0)
            sys.stdout.write(output.read().decode(errors='replace'))
        """
        let run = try runTool("/usr/bin/env", ["python3", "-c", script, E2E.binary.path] + arguments)
        let first = run.output.prefix { $0 != "\n" }.split(separator: " ")
        try #require(first.count == 3, "\(run.output.prefix(500))")
        let status = try #require(Int32(first[0])), peak = try #require(Int(first[1])), cpu = try #require(Double(first[2]))
        return Outcome(status: status, peakMiB: peak, cpuSeconds: cpu, output: String(run.output.drop { $0 != "\n" }))
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
            _ = FileManager.default.createFile(atPath: done.path, contents: nil)
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
        #expect(outcome.peakBelow(64), "\(name): \(outcome.peakMiB) MiB, \(outcome.cpuSeconds) s of CPU time")
        if status == 1 {
            let rejects = try String(contentsOf: out.appendingPathComponent("rejects.csv"), encoding: .utf8)
            #expect(rejects.contains(name == "far-columns.xlsx" ? "right of the header's last column" : "holds more than 1 MiB of text"))
        }
    }

    @Test("inspect never trusts the size a ZIP header claims, nor reads a directory of more entries than a package holds", arguments: [
        ("zip-claims-4gb.zip", "refused as a likely ZIP bomb"), ("zip-many-entries.zip", "more than the 10000 it may hold here"),
    ])
    func inspectBomb(_ name: String, _ message: String) throws {
        let outcome = try Self.measure(["inspect", Self.bombs.appendingPathComponent(name).path])
        #expect(outcome.status == 1)
        #expect(outcome.output.contains(message), "\(outcome.output.prefix(2000))")
        #expect(outcome.peakBelow(64), "\(outcome.peakMiB) MiB")
    }
}

/// Attachments as large as real ID scans and larger: memory stays flat whatever their size.
@Suite("Large attachments", .serialized)
struct LargeAttachmentTests {
    typealias E2E = SampleConversionTests

    /// A new work folder holding a copy of the sample's attachments, which a test may change.
    static func folderWithSampleAttachments(_ prefix: String) throws -> (work: URL, attachments: URL) {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        let attachments = work.appendingPathComponent("attachments")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: E2E.packageRoot.appendingPathComponent("samples/attachments"), to: attachments)
        return (work, attachments)
    }

    @Test("a 512 MiB scan is streamed into its ZIP and stored, inspected, and checked for upload, with peak memory under 64 MiB")
    func halfGigabyteScan() throws {
        let (work, attachments) = try Self.folderWithSampleAttachments("large")
        defer { try? FileManager.default.removeItem(at: work) }
        // A JPEG signature, then 512 MiB (a sparse file: the bytes cost no disk until read).
        let scan = attachments.appendingPathComponent("10000-ausweis.pdf")
        try Data([0xFF, 0xD8, 0xFF, 0xE0]).write(to: scan)
        let handle = try FileHandle(forWritingTo: scan)
        try handle.truncate(atOffset: 512 << 20)
        try handle.close()
        let out = work.appendingPathComponent("out")
        let outcome = try BombTests.measure(["convert", "samples/kunden-export.csv", "--mapping", "mappings/kunden-export.yaml", "--out", out.path,
                                             "--attachments", attachments.path, "--as-of", "2026-01-15", "--now", "2026-01-15T08:00:00"])
        #expect(outcome.status == 1, "\(outcome.output)")
        #expect(outcome.peakBelow(64), "\(outcome.peakMiB) MiB")
        let check = """
        import sys, zipfile
        z = zipfile.ZipFile(sys.argv[1])
        info = z.getinfo('10000-ausweis.pdf')
        with z.open(info) as f:
            while f.read(1 << 20): pass
        print(info.compress_type, info.file_size)
        """
        let read = try runTool("/usr/bin/env", ["python3", "-c", check, out.appendingPathComponent("CUST_10000.zip").path])
        #expect(read.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0 \(512 << 20)", "\(read.output)")
        // inspect checks the same ZIP (every entry's CRC-32 included) in flat memory.
        let inspected = try BombTests.measure(["inspect", "--as-of", "2026-01-15", out.appendingPathComponent("CUST_10000.zip").path])
        #expect(inspected.status == 0, "\(inspected.output)")
        #expect(inspected.peakBelow(64), "inspect: \(inspected.peakMiB) MiB")
        // upload hashes each ZIP through its descriptor (and would send it in pieces) instead of loading it.
        let planned = try BombTests.measure(["upload", out.path, "--url", "http://127.0.0.1:9", "--dry-run"])
        #expect(planned.status == 0, "\(planned.output)")
        #expect(planned.output.contains("CUST_10000.zip"), "\(planned.output)")
        #expect(planned.peakBelow(64), "upload --dry-run: \(planned.peakMiB) MiB")
    }
}

/// The receiving side may well be a JVM: every ZIP the converter writes reads through
/// `java.util.zip.ZipInputStream` (`scripts/test.sh` installs a JDK).
@Suite("ZIPs through Java", .serialized)
struct JavaReaderTests {
    typealias E2E = SampleConversionTests

    @Test("every ZIP of the sample, a stored 2 MB scan among them, reads through java.util.zip.ZipInputStream")
    func zipInputStream() throws {
        let (work, attachments) = try LargeAttachmentTests.folderWithSampleAttachments("java")
        defer { try? FileManager.default.removeItem(at: work) }
        var scan: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0]
        var state: UInt64 = 42
        while scan.count < 2_000_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            withUnsafeBytes(of: state) { scan.append(contentsOf: $0) }
        }
        try Data(scan).write(to: attachments.appendingPathComponent("10001-ausweis.pdf"))
        let run = try E2E.convert(out: work.appendingPathComponent("out"), extra: ["--attachments", attachments.path])
        #expect(run.status == 1)
        let zips = try FileManager.default.contentsOfDirectory(atPath: run.out.path).filter { $0.hasSuffix(".zip") }.sorted()
            .map { run.out.appendingPathComponent($0).path }
        #expect(zips.count == 50)
        let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/ZipInputStreamCheck.java").path
        let java = try runTool("/usr/bin/env", ["java", checker] + zips)
        #expect(java.status == 0, "java is needed (apt-get install default-jdk-headless, or run scripts/test.sh): \(java.output.suffix(400))")
        #expect(java.output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok 100", "\(java.output)")
    }
}
