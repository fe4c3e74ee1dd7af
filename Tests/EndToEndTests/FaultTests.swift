import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Faults a nightly job meets (a file held by another process, too few descriptors, an export
/// rewritten while it is read) stop the run with exit 3 and never cost a customer: nothing is
/// retired, the previous reports stay.
@Suite("Faults of the moment", .serialized)
struct FaultTests {
    typealias E2E = SampleConversionTests
    typealias Run = UnattendedTests

    struct Finished {
        let status: Int32
        let stderr: String
    }

    /// Runs the binary, optionally under `prlimit` (a descriptor limit), and waits for it.
    static func run(_ arguments: [String], nofile: Int? = nil) throws -> Finished {
        let process = Process()
        let errors = try CapturedOutput()
        if let nofile {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
            process.arguments = ["--nofile=\(nofile):\(nofile)", E2E.binary.path] + arguments
        } else {
            process.executableURL = E2E.binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = E2E.packageRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors.handle
        try process.run()
        process.waitUntilExit()
        return Finished(status: process.terminationStatus, stderr: String(decoding: try errors.data(), as: UTF8.self))
    }

    /// A folder holding a finished run of the sample (50 ZIPs), and a copy of the sample's
    /// attachments the test may hold or change.
    static func folderWithFullRun() throws -> (work: URL, out: URL, attachments: URL) {
        let work = Run.temporaryFolder()
        let attachments = work.appendingPathComponent("attachments")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: E2E.packageRoot.appendingPathComponent("samples/attachments"), to: attachments)
        let out = work.appendingPathComponent("out")
        let first = try run(Run.sampleArguments(out: out, extra: ["--attachments", attachments.path]))
        try #require(first.status == 1, "\(first.stderr)")
        return (work, out, attachments)
    }

    static func zips(_ folder: URL) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".zip") })
    }

    /// The folder's files other than the lock, byte for byte.
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where !name.hasPrefix(".") && name != "retired" {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    @Test("an attachment under another process's write lease stops the run with exit 3, naming it, and retires nothing")
    func leasedAttachmentStopsTheRun() throws {
        let (work, out, attachments) = try Self.folderWithFullRun()
        defer { try? FileManager.default.removeItem(at: work) }
        let before = try Self.snapshot(out)
        // A lease as Samba's oplocks take one: the holder keeps the file open for writing, and
        // another process's open fails with EAGAIN (O_NONBLOCK) until the holder lets go.
        let leased = attachments.appendingPathComponent("10003-ausweis.pdf").path
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import fcntl, os, signal, sys
            signal.signal(signal.SIGIO, signal.SIG_IGN)
            fd = os.open(sys.argv[1], os.O_RDWR)
            fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_WRLCK)
            print("held", flush=True)
            sys.stdin.read()
            """, leased]
        // The holder lets go when its standard input closes (a signal may be blocked in a child of the test runner).
        let ready = Pipe()
        let release = Pipe()
        holder.standardOutput = ready
        holder.standardInput = release
        try holder.run()
        defer {
            try? release.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        let said = String(decoding: ready.fileHandleForReading.availableData, as: UTF8.self)
        try #require(said.hasPrefix("held"), "the lease could not be taken")

        let run = try Self.run(Run.sampleArguments(out: out, extra: ["--attachments", attachments.path]))
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.contains("10003-ausweis.pdf"))
        #expect(run.stderr.contains("retired nothing"))
        #expect(try Self.snapshot(out) == before)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("retired").path))
    }

    @Test("a descriptor limit too low for the run is refused at start with exit 3, nothing touched")
    func tooFewDescriptorsAreRefused() throws {
        let (work, out, attachments) = try Self.folderWithFullRun()
        defer { try? FileManager.default.removeItem(at: work) }
        let before = try Self.snapshot(out)
        for limit in [12, 15, 20] {
            let run = try Self.run(Run.sampleArguments(out: out, extra: ["--attachments", attachments.path]), nofile: limit)
            #expect(run.status == 3, "limit \(limit): \(run.stderr)")
            #expect(run.stderr.contains("ulimit -n"), "limit \(limit): \(run.stderr)")
            #expect(try Self.snapshot(out) == before)
        }
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("retired").path))
    }

    @Test("a low descriptor limit that fits the run gives the output of an unlimited run")
    func lowDescriptorLimitGivesTheSameOutput() throws {
        let (work, out, attachments) = try Self.folderWithFullRun()
        defer { try? FileManager.default.removeItem(at: work) }
        let limited = work.appendingPathComponent("limited")
        let run = try Self.run(Run.sampleArguments(out: limited, extra: ["--attachments", attachments.path]), nofile: 48)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(try Run.comparableFiles(limited) == Run.comparableFiles(out))
    }

    @Test("a bare invocation prints the usage and exits 2, never 0")
    func bareInvocationFails() throws {
        let run = try Self.run([])
        #expect(run.status == 2)
        #expect(run.stderr.contains("USAGE"))
    }

    // Not under a sanitizer: AddressSanitizer's runtime reads /proc itself and ends such a process
    // with its own exit code after the tool's message; the plain build is what this pins.
    @Test("without /proc the arguments cannot be read: exit 2 saying so, never the root help with exit 0",
          .disabled(if: ProcessInfo.processInfo.environment["RELIANCE_SANITIZER"] != nil, "the sanitizer's runtime needs /proc"))
    func noProcFails() throws {
        // A mount namespace of its own with /proc unmounted, as in a chroot or a minimal container.
        let probe = try runTool("/usr/bin/unshare", ["-m", "sh", "-c", "umount -l /proc && echo ok"])
        guard probe.status == 0, probe.output.contains("ok") else { return }  // needs root; CI runs as root
        let run = try runTool("/usr/bin/unshare", ["-m", "sh", "-c", "umount -l /proc && exec \"$0\" convert x.csv --mapping m.yaml --out /nonexistent",
                                                   E2E.binary.path])
        #expect(run.status == 2, "\(run.output)")
        #expect(run.output.contains("/proc"))
    }

    // Not under a sanitizer: ThreadSanitizer's runtime itself dies with SIGBUS when TMPDIR is a full
    // 16 KiB file system, before the tool can say anything; the plain build is what this pins.
    @Test("a TMPDIR too full for the decoded copy of a Windows-1252 export is exit 3 (writing), not exit 2",
          .disabled(if: ProcessInfo.processInfo.environment["RELIANCE_SANITIZER"] != nil, "the sanitizer's runtime needs TMPDIR"))
    func fullTemporaryFolder() throws {
        let work = Run.temporaryFolder()
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        // The sample in Windows-1252, which is decoded to a copy in TMPDIR before it is read.
        let latin = work.appendingPathComponent("latin.csv")
        let text = try String(contentsOf: E2E.packageRoot.appendingPathComponent("samples/kunden-export.csv"), encoding: .utf8)
        try #require(text.data(using: .windowsCP1252)).write(to: latin)
        let small = work.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: small, withIntermediateDirectories: true)
        // A 16 KiB file system of its own, in a mount namespace of its own (needs root; CI runs as root).
        let probe = try runTool("/usr/bin/unshare", ["-m", "sh", "-c", "mount -t tmpfs -o size=16k none \"$0\" && echo ok", small.path])
        guard probe.status == 0, probe.output.contains("ok") else { return }
        let run = try runTool("/usr/bin/unshare", ["-m", "sh", "-c", "mount -t tmpfs -o size=16k none \"$1\" && TMPDIR=\"$1\" exec \"$0\" convert \"$2\" --mapping \"$4\" --out \"$3\" --as-of 2026-01-15",
                                                   E2E.binary.path, small.path, latin.path, work.appendingPathComponent("out").path,
                                                   E2E.packageRoot.appendingPathComponent("mappings/kunden-export.yaml").path])
        #expect(run.status == 3, "\(run.output)")
        #expect(run.output.contains("TMPDIR"), "\(run.output)")
    }

    @Test("an output folder too full for a customer's ZIP stops the run with exit 3 naming the ZIP being written, no partial file left")
    func fullOutputFolder() throws {
        let work = Run.temporaryFolder()
        let small = work.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: small, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        // A 16 KiB file system of its own, in a mount namespace of its own (needs root; CI runs as root):
        // a few ZIPs fit, the next cannot be written.
        let probe = try runTool("/usr/bin/unshare", ["-m", "sh", "-c", "mount -t tmpfs -o size=16k none \"$0\" && echo ok", small.path])
        guard probe.status == 0, probe.output.contains("ok") else { return }
        let arguments = Run.sampleArguments(out: small.appendingPathComponent("out"), extra: ["--attachments", "samples/attachments"])
        let run = try runTool("/usr/bin/unshare", ["-m", "sh", "-c", "mount -t tmpfs -o size=16k none \"$1\" && cd \"$2\" && shift 2 && \"$0\" \"$@\"; "
                                                   + "status=$?; ls -a \"$1/out\"; exit $status",
                                                   E2E.binary.path, small.path, E2E.packageRoot.path] + arguments)
        #expect(run.status == 3, "\(run.output)")
        let message = try #require(run.output.split(separator: "\n").first.map(String.init))
        #expect(message.hasPrefix("error: \(small.path)/out/.CUST_") && message.hasSuffix(".partial: cannot write: No space left on device"), "\(run.output)")
        #expect(!run.output.contains(".partial\n"), "a partial file was left: \(run.output)")
    }
}
