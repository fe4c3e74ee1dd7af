import FileSystem
import Foundation
import Testing
@testable import RelianceKit

@Suite("Output folder")
struct OutputFolderTests {
    static func folder(with names: [String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for name in names { try Data("x".utf8).write(to: url.appendingPathComponent(name)) }
        return url
    }

    @Test("names present when the run began may be replaced, others are new; leftovers are removed")
    func remembersNames() throws {
        let url = try Self.folder(with: ["CUST_1.zip", "CUST_2.zip", ".CUST_3-zip.99.partial"])
        defer { try? FileManager.default.removeItem(at: url) }
        let folder = try OutputFolder(path: url.path, startedAt: "2026-01-15T08:00:00")
        #expect(folder.mayHold("CUST_1.zip") && folder.mayHold("CUST_2.zip"))
        #expect(!folder.mayHold("CUST_3.zip") && !folder.mayHold("CUST_4.zip"))
        #expect(!FileManager.default.fileExists(atPath: url.appendingPathComponent(".CUST_3-zip.99.partial").path))
    }

    @Test("a folder with more names than the limit is not remembered: every name is compared")
    func manyNames() throws {
        let url = try Self.folder(with: (1...5).map { "CUST_\($0).zip" })
        defer { try? FileManager.default.removeItem(at: url) }
        let folder = try OutputFolder(path: url.path, startedAt: "2026-01-15T08:00:00", rememberedNamesLimit: 3)
        #expect(folder.mayHold("CUST_1.zip") && folder.mayHold("CUST_9.zip"))
    }

    @Test("the ZIPs retired are those the folder held when the run took it and the run did not claim")
    func retiresRememberedZIPs() throws {
        let url = try Self.folder(with: ["CUST_1.zip", "CUST_2.zip", "CUST_3.zip", "CUST_4.zip", "notes.txt"])
        defer { try? FileManager.default.removeItem(at: url) }
        let folder = try OutputFolder(path: url.path, startedAt: "2026-01-15T08:00:00")
        // Put in by another program while the run holds the folder: the next full run retires it.
        try Data("x".utf8).write(to: url.appendingPathComponent("CUST_9.zip"))
        // Removed by hand meanwhile: there is nothing to move.
        try FileManager.default.removeItem(at: url.appendingPathComponent("CUST_4.zip"))
        let retired = try #require(try folder.retire(folder.staleZIPs(keeping: { $0 == "CUST_1.zip" }), stamp: "20260115-080000"))
        #expect(retired.folder == "retired/20260115-080000")
        #expect(retired.names == ["CUST_2.zip", "CUST_3.zip"])
        // The journal records the moves until the run's summary lists them.
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
            == [".reliance-convert.lock", ".reliance-convert.retiring", "CUST_1.zip", "CUST_9.zip", "notes.txt", "retired"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.appendingPathComponent(retired.folder).path).sorted()
            == ["CUST_2.zip", "CUST_3.zip"])
        folder.closeJournal()
        #expect(!FileManager.default.fileExists(atPath: url.appendingPathComponent(".reliance-convert.retiring").path))
    }

    @Test("a run killed while retiring leaves a journal: the next run moves what is left and reports every ZIP it names")
    func journalOfKilledRunIsCompleted() throws {
        let url = try Self.folder(with: ["CUST_1.zip", "CUST_3.zip", "CUST_4.zip"])
        defer { try? FileManager.default.removeItem(at: url) }
        // The killed run had recorded CUST_2 and CUST_3, and moved CUST_2 before it died.
        let target = url.appendingPathComponent("retired/20260115-080000")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: target.appendingPathComponent("CUST_2.zip"))
        try Data("retired/20260115-080000\nCUST_2.zip\nCUST_3.zip\n".utf8).write(to: url.appendingPathComponent(".reliance-convert.retiring"))

        let folder = try OutputFolder(path: url.path, startedAt: "2026-01-16T08:00:00")
        let earlier = try #require(try folder.completeJournal())
        #expect(earlier.folder == "retired/20260115-080000")
        #expect(earlier.names == ["CUST_2.zip", "CUST_3.zip"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).sorted() == ["CUST_2.zip", "CUST_3.zip"])
        #expect(!folder.holdsFile("CUST_3.zip") && folder.holdsFile("CUST_4.zip"))
    }

    @Test("a journal naming anything but ZIPs in one folder under retired/ is not followed", arguments: [
        "retired/../elsewhere\nCUST_2.zip\n", "/etc\nCUST_2.zip\n", "retired/x\n../CUST_2.zip\n", "retired/x/y\nCUST_2.zip\n", "retired/x\nnotes.txt\n", "",
    ])
    func journalIsChecked(text: String) {
        #expect(RetireJournal(Array(text.utf8)) == nil)
    }

    @Test("names a person put in the folder by hand survive the journal, line breaks and all")
    func journalNamesRoundTrip() {
        let journal = RetireJournal(folder: "retired/20260115-080000", names: ["A%0A.zip", "B\nC.zip", "D\r.zip"])
        #expect(RetireJournal(journal.bytes) == journal)
    }

    @Test("a folder with more names than the limit is listed again when ZIPs are retired")
    func retiresFromListing() throws {
        let url = try Self.folder(with: ["CUST_1.zip", "CUST_2.zip", "notes.txt"])
        defer { try? FileManager.default.removeItem(at: url) }
        let folder = try OutputFolder(path: url.path, startedAt: "2026-01-15T08:00:00", rememberedNamesLimit: 1)
        try Data("x".utf8).write(to: url.appendingPathComponent("CUST_9.zip"))
        let retired = try #require(try folder.retire(folder.staleZIPs(keeping: { $0 == "CUST_1.zip" }), stamp: "20260115-080000"))
        #expect(retired.names == ["CUST_2.zip", "CUST_9.zip"])
    }

    @Test("a folder that held no ZIP has nothing to retire")
    func nothingToRetire() throws {
        let url = try Self.folder(with: ["notes.txt"])
        defer { try? FileManager.default.removeItem(at: url) }
        let folder = try OutputFolder(path: url.path, startedAt: "2026-01-15T08:00:00")
        try Data("x".utf8).write(to: url.appendingPathComponent("CUST_1.zip"))
        #expect(try folder.retire(folder.staleZIPs(keeping: { $0 == "CUST_1.zip" }), stamp: "20260115-080000") == nil)
        #expect(!FileManager.default.fileExists(atPath: url.appendingPathComponent("retired").path))
    }

    @Test("a temporary name hides the file, never ends in its extension, and carries 64 random bits")
    func temporaryNames() {
        #expect(AtomicFile.temporaryName(for: "CUST_1.zip", random: 0x0123_4567_89AB_CDEF) == ".CUST_1-zip.0123456789abcdef.partial")
        #expect(AtomicFile.temporaryName(for: "report.html", random: 0xA) == ".report-html.000000000000000a.partial")
        #expect(AtomicFile.temporaryName(for: "Müller.tar.zip", random: .max) == ".Müller-tar-zip.ffffffffffffffff.partial")
    }

    @Test("a file written without replacing takes a free name, and never one that is taken, even by a link")
    func writeWithoutReplacing() throws {
        let url = try Self.folder(with: ["mapping.yaml"])
        defer { try? FileManager.default.removeItem(at: url) }
        let taken = url.appendingPathComponent("mapping.yaml")
        #expect(throws: WriteError.self) { try AtomicFile.write(Array("new".utf8), to: taken.path, replacing: false) }
        #expect(try String(contentsOf: taken, encoding: .utf8) == "x")
        let link = url.appendingPathComponent("linked.yaml")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/nonexistent/target")
        #expect(throws: WriteError.self) { try AtomicFile.write(Array("new".utf8), to: link.path, replacing: false) }
        let free = url.appendingPathComponent("other.yaml")
        #expect(try AtomicFile.write(Array("new".utf8), to: free.path, replacing: false))
        #expect(try String(contentsOf: free, encoding: .utf8) == "new")
        // No staged copy is left behind either way.
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() == ["linked.yaml", "mapping.yaml", "other.yaml"])
    }
}
