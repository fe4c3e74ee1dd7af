import FileSystem
import Foundation
import Testing

/// The layer every file goes through: what it opens, refuses, reads and says.
@Suite("File descriptors")
struct FileDescriptorTests {
    /// A fresh folder holding `files` (name → bytes), removed by the caller.
    static func folder(_ files: [String: [UInt8]] = [:]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, bytes) in files { try Data(bytes).write(to: url.appendingPathComponent(name)) }
        return url
    }

    @Test("a whole file is read up to its limit, and one byte more is refused, not cut")
    func readAllHonoursTheLimit() throws {
        let folder = try Self.folder(["ten": Array(repeating: 7, count: 10), "empty": []])
        defer { try? FileManager.default.removeItem(at: folder) }
        let ten = try FileDescriptor.open(folder.appendingPathComponent("ten").path, .readOnly)
        #expect(try ten.readAll(limit: 10) == Array(repeating: 7, count: 10))
        #expect(try ten.readAll(limit: 9) == nil)
        #expect(try ten.read(count: 4, at: 8) == [7, 7])
        let empty = try FileDescriptor.open(folder.appendingPathComponent("empty").path, .readOnly)
        #expect(try empty.readAll() == [])
    }

    @Test("a name opened in a folder never follows a link, and its status tells a link from a file")
    func linksAreNotFollowed() throws {
        let folder = try Self.folder(["plain.txt": Array("x".utf8)])
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link.txt").path, withDestinationPath: "plain.txt")
        let handle = try FolderHandle(path: folder.path)
        #expect(throws: Errno.tooManyLinks) { try handle.openFile("link.txt") }
        #expect(try handle.descriptor.status(of: "link.txt").kind == .symbolicLink)
        #expect(try handle.openFile("plain.txt").status().isRegularFile)
        #expect(try handle.descriptor.status(of: ".").kind == .folder)
        #expect(try handle.names().sorted() == ["link.txt", "plain.txt"])
    }

    @Test("a path opened beneath a folder cannot leave it, by .. or by a link", arguments: ["../outside.txt", "away/outside.txt", "up.txt"])
    func beneathStaysInside(_ relative: String) throws {
        let parent = try Self.folder(["outside.txt": Array("secret".utf8)])
        defer { try? FileManager.default.removeItem(at: parent) }
        let inside = parent.appendingPathComponent("inside")
        try FileManager.default.createDirectory(at: inside, withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: inside.appendingPathComponent("away").path, withDestinationPath: parent.path)
        try FileManager.default.createSymbolicLink(atPath: inside.appendingPathComponent("up.txt").path, withDestinationPath: "../outside.txt")
        let folder = try FileDescriptor.open(inside.path, .readOnly, options: .folder)
        #expect(throws: Errno.self) { try FileDescriptor.openBeneath(relative, in: folder) }
    }

    @Test("a failure carries its errno and the system's words for it")
    func errnoSpeaksOnce() throws {
        do {
            _ = try FileDescriptor.open("/nonexistent/file.csv", .readOnly)
            Issue.record("a missing file was opened")
        } catch {
            #expect(error == .noEntry)
            #expect(error.description == "No such file or directory")
            #expect(WriteError("out/x.zip", error).description == "out/x.zip: cannot write: No such file or directory")
        }
    }

    @Test("the SHA-256 of an open file is that of its bytes; a file shorter than told gives none")
    func hashesAnOpenFile() throws {
        let bytes = Array("abc".utf8)
        let folder = try Self.folder(["abc": bytes])
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try FileDescriptor.open(folder.appendingPathComponent("abc").path, .readOnly)
        #expect(file.sha256Hex(size: 3) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(file.sha256Hex(size: 4) == nil)
    }
}
