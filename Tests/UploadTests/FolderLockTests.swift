import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `upload` holds the folder's lock, the one `convert` holds: two runs never work on one folder.
@Suite("upload holds the folder's lock", .serialized)
struct FolderLockTests {
    @Test("two uploads of one folder at once: exactly one sends every ZIP once, the other exits 4 naming the holder")
    func twoUploadsAtOnce() throws {
        let server = FakeConcedus()
        server.uploadDelay = 0.3
        let url = try server.start()
        defer { server.stop() }
        let keys = (1...6).map { "CUST_\($0)" }
        let folder = try makeFolder(keys)
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try UploadCommandTests.start([folder.path, "--url", url, "--concurrency", "1"], password: server.password)
        // The second starts once the first is sending, whatever the machine's load.
        for _ in 0..<3000 where !server.requestsSoFar.contains(where: { $0.hasSuffix("/contacts") }) {
            usleep(10_000)
        }
        let (status, message) = try UploadCommandTests.finish(try UploadCommandTests.start([folder.path, "--url", url], password: server.password))
        let (firstStatus, firstOutput) = try UploadCommandTests.finish(first)
        #expect(status == 4, "\(message)")
        #expect(message.contains("is in use by another reliance-convert run (pid \(first.0.processIdentifier), upload started "), "\(message)")
        #expect(firstStatus == 0, "\(firstOutput)")
        #expect(server.accepted == Dictionary(uniqueKeysWithValues: keys.map { ($0, 1) }))
        #expect(try results(folder).count == keys.count)
    }

    @Test("a folder a convert run holds is refused with exit 4 before anything is sent; once released, the upload runs")
    func folderHeldByConvert() throws {
        let server = FakeConcedus()
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let lockPath = folder.appendingPathComponent(".reliance-convert.lock").path
        try Data("pid 4242, started 2026-01-15T08:00:00\n".utf8).write(to: URL(fileURLWithPath: lockPath))
        let fd = open(lockPath, O_RDWR)
        try #require(fd >= 0)
        try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let (status, message) = try UploadCommandTests.finish(try UploadCommandTests.start([folder.path, "--url", url], password: server.password))
        #expect(status == 4, "\(message)")
        #expect(message.contains("error: \(folder.path) is in use by another reliance-convert run (pid 4242, started 2026-01-15T08:00:00); wait for it to finish"), "\(message)")
        #expect(server.requestsSoFar.isEmpty, "nothing may be sent from a folder another run holds")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("upload-results.csv").path))

        close(fd)
        let (after, output) = try UploadCommandTests.finish(try UploadCommandTests.start([folder.path, "--url", url], password: server.password))
        #expect(after == 0, "\(output)")
        #expect(server.accepted == ["CUST_1": 1])
    }
}
