import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Nightly-job behaviour of the built binary: crash safety, reruns, the lock, exit thresholds,
/// quiet and JSON output.
@Suite("Unattended operation", .serialized)
struct UnattendedTests {
    typealias E2E = SampleConversionTests

    static func process(_ arguments: [String], stdout: Pipe = Pipe(), stderr: Pipe = Pipe()) throws -> Process {
        let process = Process()
        process.executableURL = E2E.binary
        process.currentDirectoryURL = E2E.packageRoot
        process.arguments = arguments
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        return process
    }

    static func sampleArguments(out: URL, extra: [String] = [], input: String = "samples/kunden-export.csv") -> [String] {
        ["convert", input, "--mapping", "mappings/kunden-export.yaml", "--out", out.path,
         "--as-of", "2026-01-15", "--now", "2026-01-15T08:00:00"] + extra
    }

    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("unattended-\(UUID().uuidString)")
    }

    /// Files of a finished run that must match another run's byte for byte.
    static func comparableFiles(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where !name.hasPrefix(".") && name != "summary.json" {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    /// A new folder (the caller removes it) holding the big input, and the input's path.
    static func workWithBigInput() throws -> (URL, String) {
        let work = temporaryFolder()
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        return (work, try bigInput(in: work))
    }

    /// The sample's 60 rows repeated 100 times with fresh customer numbers (6,000 rows, 11 % rejected).
    static func bigInput(in work: URL) throws -> String {
        let big = work.appendingPathComponent("big.csv").path
        let script = """
        import sys
        lines = open(sys.argv[1], encoding='utf-8', newline='').read().split('\\r\\n')
        rows = [l for l in lines[1:61] if l]
        out = [lines[0]] + [str(int(r.split(';', 1)[0]) + 1000 * k + 100000) + ';' + r.split(';', 1)[1] for k in range(100) for r in rows]
        open(sys.argv[2], 'w', encoding='utf-8', newline='').write('\\r\\n'.join(out) + '\\r\\n')
        """
        let made = try runTool("/usr/bin/env", ["python3", "-c", script, E2E.packageRoot.appendingPathComponent("samples/kunden-export.csv").path, big])
        try #require(made.status == 0, "\(made.output)")
        return big
    }

    @Test("one worker or three: the same ZIPs, the same rejects.csv in row order, the same manifest and counts")
    func jobsDoNotChangeOutput() throws {
        let (work, big) = try Self.workWithBigInput()
        defer { try? FileManager.default.removeItem(at: work) }
        var outputs: [[String: Data]] = []
        var summaries: [String] = []
        for jobs in ["1", "3"] {
            let out = work.appendingPathComponent("jobs-\(jobs)")
            let run = try Self.process(Self.sampleArguments(out: out, extra: ["--jobs", jobs], input: big))
            run.waitUntilExit()
            #expect(run.terminationStatus == 1)
            outputs.append(try Self.comparableFiles(out))
            summaries.append(String(decoding: E2E.stableSummary(try Data(contentsOf: out.appendingPathComponent("summary.json"))), as: UTF8.self))
        }
        #expect(outputs[0].keys.filter { $0.hasSuffix(".zip") }.count == 5000)
        #expect(outputs[0] == outputs[1])
        #expect(summaries[0] == summaries[1])
        // Rejected rows keep input order.
        let check = """
        import csv, sys
        rows = [int(r['_row']) for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';')]
        print(len(rows), rows == sorted(rows))
        """
        let order = try runTool("/usr/bin/env", ["python3", "-c", check, work.appendingPathComponent("jobs-3/rejects.csv").path])
        #expect(order.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1000 True", "\(order.output)")
    }

    @Test("kill -9 mid-run leaves only complete ZIPs, and a rerun equals a clean run")
    func killAndRerun() throws {
        // 6,000 rows: long enough to be killed mid-run.
        let (work, big) = try Self.workWithBigInput()
        defer { try? FileManager.default.removeItem(at: work) }
        let killedOut = work.appendingPathComponent("killed")
        let running = try Self.process(Self.sampleArguments(out: killedOut, input: big))
        var zipsSeen = 0
        for _ in 0..<200 where zipsSeen < 200 {
            usleep(20_000)
            zipsSeen = ((try? FileManager.default.contentsOfDirectory(atPath: killedOut.path)) ?? []).filter { $0.hasSuffix(".zip") }.count
        }
        kill(running.processIdentifier, SIGKILL)
        running.waitUntilExit()
        #expect(running.terminationReason == .uncaughtSignal, "the run finished before it could be killed")

        let names = try FileManager.default.contentsOfDirectory(atPath: killedOut.path)
        #expect(!names.contains("summary.json") && !names.contains("rejects.csv"), "reports appear only when complete")
        #expect(names.filter { $0.hasSuffix(".zip") }.allSatisfy { !$0.hasPrefix(".") })
        let check = """
        import pathlib, sys, zipfile
        for path in pathlib.Path(sys.argv[1]).glob('*.zip'):
            assert zipfile.ZipFile(path).testzip() is None, path
        print('ok')
        """
        let verified = try runTool("/usr/bin/env", ["python3", "-c", check, killedOut.path])
        #expect(verified.status == 0 && verified.output.contains("ok"), "\(verified.output)")

        let rerun = try Self.process(Self.sampleArguments(out: killedOut, input: big))
        rerun.waitUntilExit()
        #expect(rerun.terminationStatus == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: killedOut.path).filter { $0.hasSuffix(".partial") }.isEmpty)

        let cleanOut = work.appendingPathComponent("clean")
        let clean = try Self.process(Self.sampleArguments(out: cleanOut, input: big))
        clean.waitUntilExit()
        let rerunFiles = try Self.comparableFiles(killedOut)
        let cleanFiles = try Self.comparableFiles(cleanOut)
        #expect(rerunFiles.keys.sorted() == cleanFiles.keys.sorted())
        #expect(rerunFiles == cleanFiles)
        #expect(cleanFiles.keys.filter { $0.hasSuffix(".zip") }.count == 5000)
    }

    @Test("a rerun rewrites nothing identical and clears temporary files a killed run left")
    func idempotentRerun() throws {
        let out = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let first = try Self.process(Self.sampleArguments(out: out))
        first.waitUntilExit()
        let zip = out.appendingPathComponent("CUST_10000.zip").path
        let before = try FileManager.default.attributesOfItem(atPath: zip)[.modificationDate] as? Date
        let leftover = out.appendingPathComponent(".CUST_10000-zip.99999.partial")
        try Data("half".utf8).write(to: leftover)
        usleep(1_100_000)
        let second = try Self.process(Self.sampleArguments(out: out))
        second.waitUntilExit()
        #expect(second.terminationStatus == 1)
        let after = try FileManager.default.attributesOfItem(atPath: zip)[.modificationDate] as? Date
        #expect(before == after, "an identical ZIP must not be rewritten")
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
    }

    @Test("a second run into a folder a live run holds is refused with exit 4 naming the holder")
    func lock() throws {
        let out = Self.temporaryFolder()
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        let lockPath = out.appendingPathComponent(".reliance-convert.lock").path
        try Data("pid 4242, started 2026-01-15T08:00:00\n".utf8).write(to: URL(fileURLWithPath: lockPath))
        let fd = open(lockPath, O_RDWR)
        try #require(fd >= 0)
        try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let stderr = Pipe()
        let refused = try Self.process(Self.sampleArguments(out: out), stderr: stderr)
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        refused.waitUntilExit()
        #expect(refused.terminationStatus == 4)
        #expect(message.contains("is in use by another reliance-convert run (pid 4242, started 2026-01-15T08:00:00)"), "\(message)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".zip") }.isEmpty)

        // The holder dies: its lock is released by the kernel and the next run takes over.
        close(fd)
        let taken = try Self.process(Self.sampleArguments(out: out))
        taken.waitUntilExit()
        #expect(taken.terminationStatus == 1)
        let holder = try String(contentsOfFile: lockPath, encoding: .utf8)
        #expect(holder.hasPrefix("pid \(taken.processIdentifier), started "))
    }

    @Test("--max-rejects sets the exit code by count or share", arguments: [
        ("20", Int32(0)), ("11", 0), ("10", 1), ("20%", 0), ("18%", 1), ("0", 1),
    ])
    func maxRejects(_ limit: String, _ expected: Int32) throws {
        let out = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try Self.process(Self.sampleArguments(out: out, extra: ["--max-rejects", limit]))
        run.waitUntilExit()
        #expect(run.terminationStatus == expected)
    }

    @Test("--quiet prints nothing; --json prints the summary to standard output")
    func quietAndJSON() throws {
        let out = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let stdout = Pipe()
        let stderr = Pipe()
        let quiet = try Self.process(Self.sampleArguments(out: out, extra: ["--quiet"]), stdout: stdout, stderr: stderr)
        let printed = stdout.fileHandleForReading.readDataToEndOfFile() + stderr.fileHandleForReading.readDataToEndOfFile()
        quiet.waitUntilExit()
        #expect(quiet.terminationStatus == 1)
        #expect(printed.isEmpty)

        let jsonOut = Pipe()
        let json = try Self.process(Self.sampleArguments(out: out, extra: ["--json"]), stdout: jsonOut)
        let data = jsonOut.fileHandleForReading.readDataToEndOfFile()
        json.waitUntilExit()
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let counts = object?["counts"] as? [String: Int]
        #expect(counts?["read"] == 61 && counts?["converted"] == 50 && counts?["rejected"] == 11)
    }

    @Test("a closed pipe on standard output ends the run quietly")
    func brokenPipe() throws {
        let out = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let stdout = Pipe()
        let stderr = Pipe()
        try stdout.fileHandleForReading.close()
        let run = try Self.process(Self.sampleArguments(out: out, extra: ["--json"]), stdout: stdout, stderr: stderr)
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        run.waitUntilExit()
        #expect(run.terminationReason == .exit)
        #expect(run.terminationStatus == 1)
        #expect(!message.lowercased().contains("pipe"), "\(message)")
    }

    @Test("manifest.csv ties every ZIP to its row with its SHA-256")
    func manifest() throws {
        let out = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try Self.process(Self.sampleArguments(out: out))
        run.waitUntilExit()
        let check = """
        import csv, hashlib, pathlib, sys
        folder = pathlib.Path(sys.argv[1])
        rows = list(csv.DictReader(open(folder / 'manifest.csv', encoding='utf-8-sig', newline='')))
        assert len(rows) == 50, len(rows)
        for row in rows:
            assert hashlib.sha256((folder / row['zip']).read_bytes()).hexdigest() == row['sha256'], row
            assert row['zip'] == row['key'] + '.zip'
        assert rows[0]['row'] == '2' and rows[0]['attachments'] == '10000-ausweis.pdf', rows[0]
        print('ok')
        """
        let verified = try runTool("/usr/bin/env", ["python3", "-c", check, out.path])
        #expect(verified.status == 0 && verified.output.contains("ok"), "\(verified.output)")
    }
}
