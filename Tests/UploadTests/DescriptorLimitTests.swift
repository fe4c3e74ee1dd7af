import Foundation
import NIOCore
import TestSupport
import Testing

/// The limit on open files (`ulimit -n`): too low to run is refused at the start with exit 3,
/// never a crash inside the network library; running out while running is exit 3 naming the file.
@Suite("upload under a low limit on open files", .serialized)
struct DescriptorLimitTests {
    @Test("a limit too low to run is refused at the start with exit 3, saying the limit and what is needed", arguments: [8, 12, 13, 14, 16])
    func refusedAtStart(_ limit: Int) throws {
        let server = FakeConcedus()
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1", "CUST_2"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try UploadCommandTests.start([folder.path, "--url", url], password: server.password, launcher: ["/usr/bin/prlimit", "--nofile=\(limit)"])
        let (status, message) = try UploadCommandTests.finish(run)
        #expect(run.0.terminationReason == .exit, "killed by signal \(status): \(message)")
        #expect(status == 3, "\(message)")
        #expect(message.contains("the limit on open files (ulimit -n) is \(limit)") && message.contains("needs at least"), "\(message)")
        #expect(server.accepted.isEmpty)
    }

    @Test("running out of descriptors while sending is exit 3 naming what could not be opened, not a ZIP given up")
    func runningOut() throws {
        let server = FakeConcedus()
        server.uploadDelay = 1
        server.closeConnections = true  // every request needs a new connection, as through some proxies
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder((1...6).map { "CUST_\($0)" })
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try UploadCommandTests.start([folder.path, "--url", url, "--concurrency", "1"], password: server.password)
        let pid = run.0.processIdentifier
        for _ in 0..<3000 where !(server.requestsSoFar.contains { $0.hasSuffix("/contacts") } && server.requestsInFlight > 0) {
            usleep(5_000)
        }
        usleep(300_000)  // the token request's connection is closed by now
        let limit = try Self.limitLeavingOneDescriptor(pid)
        let lowered = try runTool("/usr/bin/prlimit", ["--pid", "\(pid)", "--nofile=\(limit):\(limit)"])
        try #require(lowered.status == 0, "\(lowered.output)")
        let (status, message) = try UploadCommandTests.finish(run)
        #expect(run.0.terminationReason == .exit, "killed by signal \(status): \(message)")
        #expect(status == 3, "\(message)")
        #expect(message.hasPrefix("error: cannot ") && message.contains("Too many open files"), "\(message)")
        let rows = (try? results(folder)) ?? []
        #expect(!rows.contains { $0[5].contains("Too many open files") }, "recorded as one ZIP's failure: \(rows)")
        #expect(rows.allSatisfy { $0[3] == "accepted" }, "\(rows)")
    }

    /// A limit on open files for the process `pid`, now sending one ZIP, under which closing that
    /// ZIP and its connection frees one usable descriptor, not two: enough to write the result and
    /// open the next ZIP, and none left for its connection. A new descriptor takes the lowest free
    /// number, and numbers at or above the limit cannot be taken: the limit is the higher of the
    /// two numbers.
    static func limitLeavingOneDescriptor(_ pid: Int32) throws -> Int {
        let folder = "/proc/\(pid)/fd"
        var open: Set<Int> = []
        var sending: [Int] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            guard let fd = Int(name) else { continue }
            open.insert(fd)
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + name)) ?? ""
            if target.hasSuffix(".zip") || target.hasPrefix("socket:") { sending.append(fd) }
        }
        // Descriptors above the first free number (one the test process let the child inherit) take no part.
        let lowestFree = (0...).first { !open.contains($0) } ?? 0
        return sending.filter { $0 < lowestFree }.max() ?? lowestFree
    }

    @Test("a limit that leaves room runs to the end")
    func enoughRoom() throws {
        let server = FakeConcedus()
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1", "CUST_2", "CUST_3"])
        defer { try? FileManager.default.removeItem(at: folder) }
        // The network threads take three descriptors each; 2 per upload in flight; the rest is room.
        let limit = 3 * NIOSingletons.groupLoopCountSuggestion + 2 * 2 + 24
        let run = try UploadCommandTests.start([folder.path, "--url", url, "--concurrency", "2"], password: server.password,
                                               launcher: ["/usr/bin/prlimit", "--nofile=\(limit)"])
        let (status, message) = try UploadCommandTests.finish(run)
        #expect(status == 0, "\(message)")
        #expect(server.accepted.count == 3)
    }
}
