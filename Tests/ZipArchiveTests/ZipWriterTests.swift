import Foundation
import TestSupport
import Testing
@testable import ZipArchive

@Suite("ZIP writer")
struct ZipWriterTests {
    func sampleArchive() throws -> [UInt8] {
        var writer = ZipWriter()
        try writer.addEntry(named: "main.json", contents: Array("{\"customers\": [\"Müller\"]}\n".utf8))
        try writer.addEntry(named: "ausweis.pdf", contents: Array(repeating: UInt8(ascii: "A"), count: 10_000))
        try writer.addEntry(named: "empty.txt", contents: [])
        return try writer.finish()
    }

    @Test("round-trips entries through the project's reader with CRCs checked")
    func roundTrip() throws {
        let reader = try ZipReader(bytes: sampleArchive())
        #expect(reader.entries.map(\.name) == ["main.json", "ausweis.pdf", "empty.txt"])
        #expect(try reader.contents(named: "main.json") == Array("{\"customers\": [\"Müller\"]}\n".utf8))
        #expect(try reader.contents(named: "ausweis.pdf")?.count == 10_000)
        #expect(try reader.contents(named: "empty.txt") == [])
        #expect(reader.entries[1].method == 8)
        #expect(reader.entries[1].compressedSize < 200)
    }

    @Test("the same entries give the same bytes")
    func deterministic() throws {
        #expect(try sampleArchive() == sampleArchive())
    }

    @Test("incompressible data is stored, not deflated")
    func storesIncompressible() throws {
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var writer = ZipWriter()
        try writer.addEntry(named: "noise.bin", contents: noise)
        let reader = try ZipReader(bytes: writer.finish())
        #expect(reader.entries[0].method == 0)
        #expect(try reader.contents(named: "noise.bin") == noise)
    }

    @Test("duplicate and empty names are refused")
    func refusesBadNames() throws {
        var writer = ZipWriter()
        try writer.addEntry(named: "a.pdf", contents: [1])
        #expect(throws: ZipError.duplicateEntry("a.pdf")) { try writer.addEntry(named: "a.pdf", contents: [2]) }
        #expect(throws: ZipError.invalidEntryName("")) { try writer.addEntry(named: "", contents: [2]) }
    }

    @Test("a damaged archive is reported, not trusted")
    func detectsDamage() throws {
        var bytes = try sampleArchive()
        // Flip a byte inside the deflated data of main.json.
        bytes[40] ^= 0xFF
        let reader = try ZipReader(bytes: bytes)
        #expect(throws: ZipError.self) { _ = try reader.contents(named: "main.json") }
        #expect(throws: ZipError.self) { _ = try ZipReader(bytes: Array(bytes.prefix(30))) }
    }

    @Test("7-Zip accepts the archive")
    func sevenZip() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zip-\(UUID().uuidString).zip")
        try Data(sampleArchive()).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try runTool("/usr/bin/7z", ["t", url.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("Everything is Ok"))
    }

    @Test("unzip -t and Python's zipfile accept the archive")
    func independentReaders() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zip-\(UUID().uuidString).zip")
        try Data(sampleArchive()).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try runTool("/usr/bin/unzip", ["-t", url.path]).status == 0)
        let script = """
        import sys, zipfile
        z = zipfile.ZipFile(sys.argv[1])
        assert z.testzip() is None
        assert z.namelist() == ['main.json', 'ausweis.pdf', 'empty.txt'], z.namelist()
        assert z.read('main.json').decode('utf-8') == '{"customers": ["Müller"]}\\n'
        assert all(i.flag_bits & 0x800 for i in z.infolist())
        print('ok')
        """
        let result = try runTool("/usr/bin/env", ["python3", "-c", script, url.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("ok"))
    }
}

@Suite("ZIP file reader")
struct ZipFileTests {
    @Test("streams a large entry in chunks with its CRC checked, and reads small ones whole")
    func streams() throws {
        let big = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 * 31 / 7) }
        var writer = ZipWriter()
        try writer.addEntry(named: "big.bin", contents: big)
        try writer.addEntry(named: "small.txt", contents: Array("klein".utf8))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zipfile-\(UUID().uuidString).zip")
        try Data(writer.finish()).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try ZipFile(path: url.path)
        let stream = try file.stream(try #require(file.entry(named: "big.bin")))
        var collected: [UInt8] = []
        var chunks = 0
        while let chunk = try stream.next() {
            collected += chunk
            chunks += 1
        }
        #expect(collected == big)
        #expect(chunks > 1)
        #expect(try file.contents(of: try #require(file.entry(named: "small.txt")), limit: 100) == Array("klein".utf8))
        #expect(throws: ZipError.self) { _ = try file.contents(of: try #require(file.entry(named: "big.bin")), limit: 1000) }
    }

    @Test("a damaged entry is reported when streamed")
    func damagedEntry() throws {
        var writer = ZipWriter()
        try writer.addEntry(named: "text.txt", contents: Array(String(repeating: "Reliance ", count: 2000).utf8))
        var bytes = try writer.finish()
        bytes[60] ^= 0xFF
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zipfile-\(UUID().uuidString).zip")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try ZipFile(path: url.path)
        #expect(throws: ZipError.self) {
            let stream = try file.stream(try #require(file.entry(named: "text.txt")))
            while try stream.next() != nil {}
        }
    }
}
