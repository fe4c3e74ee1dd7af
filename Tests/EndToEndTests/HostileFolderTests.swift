import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// An output or attachments folder that someone else can write to: links planted before and
/// during a run, files swapped while they are read. No file outside the folders is written, and
/// no file outside the attachments folder reaches a ZIP.
@Suite("Hostile folders", .serialized)
struct HostileFolderTests {
    typealias E2E = SampleConversionTests
    typealias Unattended = UnattendedTests

    /// A file outside every folder the tool works in, with known content.
    static func victim(in work: URL, _ name: String) throws -> URL {
        let url = work.appendingPathComponent("outside").appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("precious \(name)\n".utf8).write(to: url)
        return url
    }

    /// A new work folder and an empty output folder in it, where a test plants what it needs.
    static func workWithOutputFolder() throws -> (work: URL, out: URL) {
        let (work, _) = try Unattended.workWithBigInput()
        let out = work.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        return (work, out)
    }

    @Test("links planted at every name a run writes are replaced, never written through; a linked lock stops the run")
    func plantedLinks() throws {
        let (work, out) = try Self.workWithOutputFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let names = ["CUST_10000.zip", "rejects.csv", "manifest.csv", "warnings.csv", "summary.json", "report.html"]
        var victims: [URL] = []
        for name in names {
            let victim = try Self.victim(in: work, name)
            victims.append(victim)
            try FileManager.default.createSymbolicLink(at: out.appendingPathComponent(name), withDestinationURL: victim)
        }
        let run = try E2E.convert(out: out)
        #expect(run.status == 1, "\(run.stderr)")
        for (name, victim) in zip(names, victims) {
            #expect(try String(contentsOf: victim, encoding: .utf8) == "precious \(name)\n", "\(name) was written through its link")
            let kind = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(name).path)[.type] as? FileAttributeType
            #expect(kind == .typeRegular, "\(name) is now the run's own file")
        }

        let lockVictim = try Self.victim(in: work, "lock")
        let locked = work.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: locked.appendingPathComponent(".reliance-convert.lock"), withDestinationURL: lockVictim)
        let refused = try E2E.convert(out: locked)
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains(".reliance-convert.lock is a symbolic link"), "\(refused.stderr)")
        #expect(try String(contentsOf: lockVictim, encoding: .utf8) == "precious lock\n")
    }

    @Test("a `retired` link planted in the output folder never carries stale ZIPs out of it")
    func retiredLink() throws {
        let (work, out) = try Self.workWithOutputFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        try Data("stale".utf8).write(to: out.appendingPathComponent("CUST_77.zip"))
        let elsewhere = work.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("retired"), withDestinationURL: elsewhere)
        let run = try E2E.convert(out: out)
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.contains("retired: cannot write: it is not a folder"), "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("CUST_77.zip").path))
    }

    @Test("an output folder renamed away mid-run and replaced by a link to another folder receives the whole run; the other folder nothing")
    func outputFolderSwappedDuringRun() throws {
        let (work, big) = try Unattended.workWithBigInput()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        let moved = work.appendingPathComponent("out-moved")
        let elsewhere = work.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let running = try Unattended.process(Unattended.sampleArguments(out: out, input: big))
        // As soon as the first ZIP is there, the folder is renamed away and a link to another
        // folder takes its name, while the run goes on writing.
        var swapped = false
        for _ in 0..<3000 where running.isRunning && !swapped {
            if let names = try? FileManager.default.contentsOfDirectory(atPath: out.path), names.contains(where: { $0.hasSuffix(".zip") }) {
                try FileManager.default.moveItem(at: out, to: moved)
                try FileManager.default.createSymbolicLink(at: out, withDestinationURL: elsewhere)
                swapped = true
            } else {
                usleep(2_000)
            }
        }
        running.waitUntilExit()
        try #require(swapped, "the run ended before its first ZIP could be seen")
        #expect(running.terminationStatus == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty, "files went to the linked folder")
        let written = try FileManager.default.contentsOfDirectory(atPath: moved.path)
        let missing = ["rejects.csv", "manifest.csv", "warnings.csv", "summary.json", "report.html"].filter { !written.contains($0) }
        #expect(missing.isEmpty, "missing from the folder the run opened: \(missing)")
        let zips = written.filter { $0.hasSuffix(".zip") }.count
        let listed = try String(contentsOf: moved.appendingPathComponent("manifest.csv"), encoding: .utf8)
            .components(separatedBy: "\r\n").filter { !$0.isEmpty }.count - 1
        #expect(zips == listed && zips > 0, "\(zips) ZIPs, \(listed) in the manifest")
    }

    @Test("links planted during a run under the temporary names an attacker can predict catch nothing")
    func linksPlantedDuringRun() throws {
        let (work, big) = try Unattended.workWithBigInput()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        let victims = work.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: victims, withIntermediateDirectories: true)
        let running = try Unattended.process(Unattended.sampleArguments(out: out, input: big))
        // As the attacker did: read the pid from the lock file, then plant a link at every
        // temporary name built from it, each pointing at a file of its own outside.
        let plant = """
        import os, sys, time
        out, victims, pid = sys.argv[1], sys.argv[2], sys.argv[3]
        planted = 0
        for number in range(100000, 200000):
            if number % 1000 > 60: continue
            target = os.path.join(victims, f'{number}')
            open(target, 'w').write('precious\\n')
            for name in (f'.CUST_{number}-zip.{pid}.partial', f'.rejects-csv.{pid}.partial', f'.manifest-csv.{pid}.partial'):
                try:
                    os.symlink(target, os.path.join(out, name)); planted += 1
                except FileExistsError:
                    pass
        print(planted)
        """
        for _ in 0..<500 where !FileManager.default.fileExists(atPath: out.appendingPathComponent(".reliance-convert.lock").path) { usleep(10_000) }
        let planted = try runTool("/usr/bin/env", ["python3", "-c", plant, out.path, victims.path, String(running.processIdentifier)])
        running.waitUntilExit()
        #expect(running.terminationStatus == 1)
        #expect((Int(planted.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 1000, "\(planted.output)")
        let check = """
        import os, sys
        changed = [n for n in os.listdir(sys.argv[1]) if open(os.path.join(sys.argv[1], n)).read() != 'precious\\n']
        print(len(changed))
        """
        let changed = try runTool("/usr/bin/env", ["python3", "-c", check, victims.path])
        #expect(changed.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "files outside were overwritten: \(changed.output)")
    }

    @Test("an attachment swapped for a link to an outside file while converting never puts that file in a ZIP")
    func attachmentSwappedDuringRun() throws {
        let (work, big) = try Unattended.workWithBigInput()
        defer { try? FileManager.default.removeItem(at: work) }
        let attachments = work.appendingPathComponent("attachments")
        try FileManager.default.copyItem(at: E2E.packageRoot.appendingPathComponent("samples/attachments"), to: attachments)
        let secret = try Self.victim(in: work, "secret.pdf")
        try Data("OUTSIDE-SECRET-MARKER\n".utf8).write(to: secret)
        let stop = work.appendingPathComponent("stop")
        // Swaps every attachment for a link to the secret and back, about every millisecond, until told to stop.
        let swapper = Process()
        swapper.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        swapper.arguments = ["python3", "-c", """
        import os, sys, time
        folder, secret, stop = sys.argv[1], sys.argv[2], sys.argv[3]
        names = [n for n in os.listdir(folder) if n.endswith('.pdf')]
        for n in names: os.link(os.path.join(folder, n), os.path.join(folder, '.keep-' + n))
        swaps = 0
        while not os.path.exists(stop):
            for n in names:
                path = os.path.join(folder, n)
                os.symlink(secret, path + '.lnk'); os.rename(path + '.lnk', path)
            time.sleep(0.001)
            for n in names:
                path = os.path.join(folder, n)
                os.link(os.path.join(folder, '.keep-' + n), path + '.new'); os.rename(path + '.new', path)
            time.sleep(0.001)
            swaps += 1
        print(swaps)
        """, attachments.path, secret.path, stop.path]
        swapper.standardOutput = Pipe()
        try swapper.run()
        let out = work.appendingPathComponent("out")
        let run = try Unattended.process(Unattended.sampleArguments(out: out, extra: ["--attachments", attachments.path], input: big))
        run.waitUntilExit()
        _ = FileManager.default.createFile(atPath: stop.path, contents: nil)
        swapper.waitUntilExit()
        #expect([0, 1].contains(run.terminationStatus))
        let check = """
        import pathlib, sys, zipfile
        leaked = sum(1 for p in pathlib.Path(sys.argv[1]).glob('*.zip') for n in zipfile.ZipFile(p).namelist()
                     if b'OUTSIDE-SECRET-MARKER' in zipfile.ZipFile(p).read(n))
        print(len(list(pathlib.Path(sys.argv[1]).glob('*.zip'))), leaked)
        """
        let scanned = try runTool("/usr/bin/env", ["python3", "-c", check, out.path])
        let counts = scanned.output.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try #require(counts.count == 2, "\(scanned.output)")
        #expect(counts[0] > 0, "some rows converted between swaps")
        #expect(counts[1] == 0, "\(counts[1]) ZIPs hold the file from outside the attachments folder")
    }
}
