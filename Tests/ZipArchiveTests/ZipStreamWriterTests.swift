import FileSystem
import Foundation
import TestSupport
import Testing
@testable import ZipArchive

#if canImport(Glibc)
import Glibc
#endif

/// The streaming writer the converter packs customers with: entries streamed from files, stored
/// or deflated by content, sizes and CRC-32 in every local header.
@Suite("ZIP stream writer")
struct ZipStreamWriterTests {
    /// A folder of attachment files, removed by the caller.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A JPEG-like scan: the JPEG signature, then bytes as incompressible as compressed image data.
    static func scan(_ size: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        var bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0]
        bytes.reserveCapacity(size)
        while bytes.count < size {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            withUnsafeBytes(of: state) { bytes.append(contentsOf: $0.prefix(size - bytes.count)) }
        }
        return bytes
    }

    /// Writes the entries into `archive` with the stream writer; returns the methods chosen.
    static func pack(_ files: [(String, URL)], main: [UInt8], to archive: URL) throws -> [UInt16] {
        let out = open(archive.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(out >= 0)
        defer { close(out) }
        let writer = ZipStreamWriter(deflater: Deflater()) { bytes in
            _ = write(out, bytes.baseAddress, bytes.count)
        }
        try writer.addEntry(named: "main.json", contents: main)
        var methods: [UInt16] = []
        for (name, url) in files {
            let file = try FileDescriptor.open(url.path, .readOnly)
            methods.append(try writer.addEntry(named: name, file: file, size: try file.status().size))
        }
        try writer.finish()
        return methods
    }

    @Test("archives written in turn through one worker's scratch and deflater are each the same as one written alone")
    func keptScratch() throws {
        let text = Array(String(repeating: "{\"surName\": \"Müller\", \"city\": \"Köln\"}\n", count: 80).utf8)
        let noise = Self.scan(3_000, seed: 5)
        let archives: [[(String, [UInt8])]] = [
            [("main.json", text), ("Ausweis Müller.jpg", noise), ("notiz.txt", Array(text.prefix(700)))],
            [("main.json", Array(text.prefix(90)))],
            [("main.json", Array(text.suffix(2_000))), ("scan.jpg", Array(noise.prefix(64)))],
        ]
        func write(_ entries: [(String, [UInt8])], deflater: Deflater, scratch: ZipStreamWriter.Scratch) throws -> [UInt8] {
            var bytes: [UInt8] = []
            let writer = ZipStreamWriter(deflater: deflater, scratch: scratch) { bytes.append(contentsOf: $0) }
            for (name, contents) in entries { try writer.addEntry(named: name, contents: contents) }
            try writer.finish()
            return bytes
        }
        let alone = try archives.map { try write($0, deflater: Deflater(), scratch: ZipStreamWriter.Scratch()) }
        let (deflater, scratch) = (Deflater(), ZipStreamWriter.Scratch())
        for round in 0..<2 {
            for (index, entries) in archives.enumerated() {
                let kept = try write(entries, deflater: deflater, scratch: scratch)
                #expect(kept == alone[index], "archive \(index + 1), round \(round + 1)")
                // The names of the archive before do not count as taken.
                #expect(try ZipReader(bytes: kept).entries.map(\.name) == entries.map(\.0))
            }
        }
    }

    @Test("an archive of one-piece entries takes at most largestSize bytes, exactly that when every entry is stored")
    func largestSize() throws {
        func size(_ entries: [(name: String, bytes: [UInt8])]) throws -> (written: Int, largest: Int) {
            var written = 0
            let writer = ZipStreamWriter(deflater: Deflater()) { written += $0.count }
            for entry in entries { try writer.addEntry(named: entry.name, contents: entry.bytes) }
            try writer.finish()
            return (written, ZipStreamWriter.largestSize(of: entries.map { ($0.name, $0.bytes.count) }))
        }
        let noise = Self.scan(40_000, seed: 3)
        let stored = try size([("main.json", Array(noise.prefix(1_500))), ("Ausweis Müller.jpg", Array(noise.suffix(30_000)))])
        #expect(stored.written == stored.largest)
        let text = Array(String(repeating: "{\"surName\": \"Müller\", \"city\": \"Köln\"}\n", count: 60).utf8)
        let deflated = try size([("main.json", text), ("note.txt", text)])
        #expect(deflated.written < deflated.largest)
    }

    @Test("scans are stored, text is deflated, every reader accepts the archive, and no entry uses a data descriptor")
    func storedAndDeflated() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scan = folder.appendingPathComponent("scan.jpg")
        try Data(Self.scan(3_000_000, seed: 7)).write(to: scan)
        let text = folder.appendingPathComponent("letter.pdf")
        let letter = (0..<4000).map { "BT /F1 12 Tf 72 \($0) Td (Kundennummer \($0 * 7) Müller) Tj ET\n" }.joined()
        try Data(("%PDF-1.4\n" + letter).utf8).write(to: text)
        let empty = folder.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        let archive = folder.appendingPathComponent("CUST_1.zip")
        let methods = try Self.pack([("scan.jpg", scan), ("letter.pdf", text), ("empty.txt", empty)], main: Array("{\"customers\":[]}".utf8), to: archive)
        #expect(methods == [0, 8, 0])
        let check = """
        import struct, sys, zipfile
        data = open(sys.argv[1], 'rb').read()
        z = zipfile.ZipFile(sys.argv[1])
        assert z.testzip() is None
        for info in z.infolist():
            at = info.header_offset
            flags, method, crc, csize, size = struct.unpack_from('<HHxxxxIII', data, at + 6)
            assert flags & 8 == 0, (info.filename, 'data descriptor')
            assert (crc, csize, size) == (info.CRC, info.compress_size, info.file_size), info.filename
        print(' '.join(f'{i.filename}:{i.compress_type}' for i in z.infolist()))
        """
        let python = try runTool("/usr/bin/env", ["python3", "-c", check, archive.path])
        #expect(python.status == 0, "\(python.output)")
        #expect(python.output.trimmingCharacters(in: .whitespacesAndNewlines) == "main.json:0 scan.jpg:0 letter.pdf:8 empty.txt:0")
        let unzip = try runTool("/usr/bin/unzip", ["-t", archive.path])
        #expect(unzip.status == 0, "\(unzip.output)")
        let sevenZip = try runTool("/usr/bin/7z", ["t", archive.path])
        #expect(sevenZip.status == 0, "\(sevenZip.output)")
    }

    @Test("the same files give the same archive, and the in-memory writer agrees on small entries")
    func deterministic() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = folder.appendingPathComponent("a.pdf")
        try Data(Array(repeating: UInt8(ascii: "A"), count: 10_000)).write(to: text)
        let first = folder.appendingPathComponent("1.zip")
        let second = folder.appendingPathComponent("2.zip")
        _ = try Self.pack([("a.pdf", text)], main: Array("{}".utf8), to: first)
        _ = try Self.pack([("a.pdf", text)], main: Array("{}".utf8), to: second)
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
        var memory = ZipWriter(deflater: Deflater())
        try memory.addEntry(named: "main.json", contents: Array("{}".utf8))
        try memory.addEntry(named: "a.pdf", contents: Array(repeating: UInt8(ascii: "A"), count: 10_000))
        #expect(try Data(contentsOf: first) == Data(memory.finish()))
    }

    @Test("compressed formats are recognised by their first bytes", arguments: [
        ([0xFF, 0xD8, 0xFF, 0xE1], UInt16(0)), ([0x89, 0x50, 0x4E, 0x47], 0), ([0x50, 0x4B, 0x03, 0x04], 0), ([0x1F, 0x8B, 0x08, 0x00], 0),
        (Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8), 0), (Array("\u{0}\u{0}\u{0}\u{18}ftypheic".utf8), 0),
    ] as [([UInt8], UInt16)])
    func magic(_ head: [UInt8], _ method: UInt16) {
        let piece = head + Array(repeating: UInt8(ascii: "a"), count: 4000)
        let chosen = piece.withUnsafeBytes { EntryCompression.method(firstPiece: $0) }
        #expect(chosen == method)
    }

    @Test("a file that changes between the two readings is an error, never a wrong archive")
    func changedWhilePacked() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("grows.txt")
        try Data(Array(repeating: UInt8(ascii: "x"), count: 1000)).write(to: file)
        let fd = try FileDescriptor.open(file.path, .readWrite)
        let writer = ZipStreamWriter(deflater: Deflater()) { _ in }
        // Told the file is shorter than it is: the extra byte is found and refused.
        #expect(throws: ZipError.sourceUnreadable(name: "grows.txt", reason: "grew while it was being packed")) {
            try writer.addEntry(named: "grows.txt", file: fd, size: 999)
        }
        #expect(throws: ZipError.sourceUnreadable(name: "shrinks.txt", reason: "shrank while it was being packed")) {
            try writer.addEntry(named: "shrinks.txt", file: fd, size: 1001)
        }
        // As long as measured: packed, from one read.
        #expect(try writer.addEntry(named: "exact.txt", file: fd, size: 1000) == 8)
    }

    @Test("a file over one piece that grows, shrinks or changes between its two readings is an error")
    func largeChangedWhilePacked() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("statement.txt")
        let text = Array(String(repeating: "Kontoauszug 2024, Seite 1 von 3\n", count: 8_000).utf8)
        try Data(text).write(to: file)
        let fd = try FileDescriptor.open(file.path, .readWrite)
        let quiet = ZipStreamWriter(deflater: Deflater()) { _ in }
        #expect(throws: ZipError.sourceUnreadable(name: "grows.txt", reason: "grew while it was being packed")) {
            try quiet.addEntry(named: "grows.txt", file: fd, size: text.count - 1)
        }
        #expect(throws: ZipError.sourceUnreadable(name: "shrinks.txt", reason: "shrank while it was being packed")) {
            try quiet.addEntry(named: "shrinks.txt", file: fd, size: text.count + 1)
        }
        // Rewritten while its bytes are being written, after its CRC-32 was taken from the first reading.
        var rewritten = false
        let writer = ZipStreamWriter(deflater: Deflater()) { _ in
            guard !rewritten else { return }
            rewritten = true
            let other = Array(repeating: UInt8(ascii: "Y"), count: 100)
            _ = other.withUnsafeBytes { pwrite(fd.rawValue, $0.baseAddress, $0.count, 70_000) }
        }
        #expect(throws: ZipError.sourceUnreadable(name: "statement.txt", reason: "changed while it was being packed")) {
            try writer.addEntry(named: "statement.txt", file: fd, size: text.count)
        }
        #expect(rewritten)
    }

    @Test("a sink that cannot write stops the archive with the file-system layer's error, its path and reason kept")
    func sinkFailureKeepsItsCause() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("statement.txt")
        try Data(String(repeating: "Kontoauszug 2024, Seite 1 von 3\n", count: 8_000).utf8).write(to: file)
        let fd = try FileDescriptor.open(file.path, .readOnly)
        let full = WriteError(path: "out/.CUST_1-zip.0123456789abcdef.partial", reason: "No space left on device")
        let writer = ZipStreamWriter(deflater: Deflater()) { (_) throws(WriteError) in throw full }
        #expect(throws: ZipError.write(full)) { try writer.addEntry(named: "main.json", contents: Array("{}".utf8)) }
        // Past its local header, a file over one piece is written from inside the deflater's output:
        // the same error comes out.
        var calls = 0
        let late = ZipStreamWriter(deflater: Deflater()) { (_) throws(WriteError) in
            calls += 1
            if calls > 1 { throw full }
        }
        #expect(throws: ZipError.write(full)) { try late.addEntry(named: "statement.txt", file: fd, size: try fd.status().size) }
        #expect(calls == 2)
        #expect(ZipError.write(full).description == "out/.CUST_1-zip.0123456789abcdef.partial: cannot write: No space left on device")
    }
}
