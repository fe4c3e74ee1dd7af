import FileSystem
import Foundation

/// What an input file is, read once before anything else: its size, SHA-256, first bytes and
/// encoding, and the row source that reads it (a workbook, a CSV text, or a refusal that names
/// the format).
enum InputDetection {
    /// An opened input and how it was read.
    struct OpenedInput {
        let source: any RowSource
        let encoding: String
        let delimiter: UInt8?
        let sheet: String?
    }

    /// Opens the input by its content: a workbook when it begins like a ZIP, a refusal naming the
    /// format for a compound file (`.xls`, encrypted `.xlsx`), CSV text otherwise.
    /// Every read goes through the descriptor `inspect` holds, so the rows come from the file that
    /// was hashed and detected even if `path` is renamed over in between.
    static func openInput(_ path: String, settings: InputSettings, inspection: Inspection, chunkSize: Int = 1 << 16) throws(ConvertError) -> OpenedInput {
        let source = inspection.file
        if inspection.head.starts(with: CompoundFile.signature) {
            throw .input(CompoundFile.refusal(path, readingFrom: source))
        }
        if inspection.head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let workbook = try XLSXRowSource(path: path, readingFrom: source, input: settings,
                                             recordingLimit: XLSXRowSource.recordingLimit(fileSize: inspection.size))
            return OpenedInput(source: workbook, encoding: "xlsx", delimiter: nil, sheet: workbook.sheetName)
        }
        // A fed-back rejects.csv is read by its own header: an office program that re-saved it may
        // have changed the delimiter, the encoding or dropped the byte order mark, and the header is
        // on its first line whatever the export's header row was. An export that only looks like
        // one is read again with the mapping's settings.
        if RejectsColumns.mayBeReport(firstLine(of: inspection)) {
            let own = InputSettings(headerRow: 1)
            let (encoding, encodingName) = try chooseEncoding(own.encoding, inspection, path: path)
            let csv = try CSVRowSource(path: path, readingFrom: source, input: own, encoding: encoding, chunkSize: chunkSize)
            if csv.isRejectsReport || own == settings {
                return OpenedInput(source: csv, encoding: encodingName, delimiter: csv.delimiter, sheet: nil)
            }
        }
        let (encoding, encodingName) = try chooseEncoding(settings.encoding, inspection, path: path)
        let csv = try CSVRowSource(path: path, readingFrom: source, input: settings, encoding: encoding, chunkSize: chunkSize)
        return OpenedInput(source: csv, encoding: encodingName, delimiter: csv.delimiter, sheet: nil)
    }

    /// What one pass over the input learns: size, SHA-256, the first 4 KiB, and whether it is all UTF-8.
    struct Inspection {
        /// The file inspected, still open: what is read later is this file.
        let file: FileDescriptor
        /// The file as it was hashed (`FileStatus.stamp`): a file whose stamp differs at the end of
        /// the run was changed while it was read, and its rows are not the bytes the hash covers.
        var stamp: [Int]
        var size = 0
        var sha256 = ""
        var head: [UInt8] = []
        var isUTF8 = true
        /// Well-formed multi-byte UTF-8 sequences, and places that are not UTF-8.
        var validUTF8Sequences = 0
        var invalidUTF8Sequences = 0
    }

    /// Reads the input once and keeps it open. Only a regular file is read: a FIFO or a device
    /// (`/dev/zero`) would block or never end, so it stops the run before anything is written.
    static func inspect(_ path: String) throws(ConvertError) -> Inspection {
        let file: FileDescriptor
        do {
            file = try .open(path, .readOnly, options: .nonBlocking)
        } catch {
            throw openFailure(path, error)
        }
        let info: FileStatus
        do {
            info = try file.status()
        } catch {
            throw .fault("\(path): cannot be looked at now: \(error)")
        }
        switch info.kind {
        case .regular: break
        case .folder: throw .input("\(path): cannot open: it is a folder, not a file")
        case .pipe: throw .input("\(path): cannot read: it is a named pipe; reliance-convert reads regular files only (save the export to a file first)")
        case .symbolicLink, .other: throw .input("\(path): cannot read: it is a device or socket, not a regular file")
        }
        let hasher = SHA.SHA256Hasher()
        var validator = UTF8Validator()
        var inspection = Inspection(file: file, stamp: info.stamp)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let got: Int
            do {
                got = try file.read(into: &chunk, at: inspection.size)
            } catch {
                throw .inputFault(path, cannotBe: "read", error)
            }
            if got == 0 { break }
            if inspection.head.count < 4096 { inspection.head += chunk[0..<min(got, 4096 - inspection.head.count)] }
            inspection.size += got
            chunk.withUnsafeBytes { raw in
                let part = UnsafeRawBufferPointer(rebasing: raw[0..<got])
                hasher.update(buffer: part)
                validator.feed(part)
            }
        }
        guard (try? file.status())?.stamp == inspection.stamp, inspection.size == info.size else { throw changedWhileRead(path) }
        inspection.sha256 = hasher.finalizeHex()
        inspection.isUTF8 = validator.finish()
        inspection.validUTF8Sequences = validator.validSequences
        inspection.invalidUTF8Sequences = validator.invalidSequences
        return inspection
    }

    /// The input's first line (at most 1 MiB, the longest record the reader takes), read through
    /// the descriptor the inspection holds: a report's own columns end the line, which in a wide
    /// export lies far beyond the first 4 KiB.
    static func firstLine(of inspection: Inspection) -> [UInt8] {
        if let end = inspection.head.firstIndex(of: 0x0A) { return Array(inspection.head[..<end]) }
        var line: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while line.count < 1 << 20 {
            let got = (try? inspection.file.read(into: &chunk, at: line.count)) ?? 0
            guard got > 0 else { break }
            if let end = chunk[..<got].firstIndex(of: 0x0A) { return line + chunk[..<end] }
            line += chunk[..<got]
        }
        return line
    }

    /// Stops a run whose input is not the file that was hashed any more: rewritten, truncated or
    /// appended to since (exit 3, before anything is committed or retired). A run over an export
    /// half rewritten would otherwise retire every customer it did not reach.
    static func checkUnchanged(_ inspection: Inspection, path: String) throws(ConvertError) {
        guard (try? inspection.file.status())?.stamp == inspection.stamp else { throw changedWhileRead(path) }
    }

    private static func changedWhileRead(_ path: String) -> ConvertError {
        .fault("\(path) changed while it was read (rewritten, truncated or appended to); the run stopped and retired nothing, "
            + "and the reports are the previous ones: run it again once the export is complete")
    }

    /// A missing or forbidden input is unusable (exit 2); anything else (a lease held by another
    /// process, no descriptors left, an I/O error) is the moment's fault (exit 3).
    static func openFailure(_ path: String, _ failure: Errno) -> ConvertError {
        switch failure.code {
        case ENOENT, ENOTDIR, EACCES, EPERM, ELOOP, ENAMETOOLONG, EISDIR, ENXIO, ENODEV:
            return .input("\(path): cannot open: \(failure)")
        default:
            return .inputFault(path, cannotBe: "opened", failure)
        }
    }

    /// The encoding to read with, and how `summary.json` names it: a byte order mark decides,
    /// then the mapping's `input.encoding`. `auto` takes UTF-8 when every byte is valid UTF-8, and
    /// also when the valid multi-byte sequences are at least as many as the places that are not
    /// UTF-8 (a UTF-8 export with damaged bytes: the damaged rows are rejected, no other name is
    /// garbled); Windows-1252 when sequences that look like UTF-8 are fewer than one in twenty of
    /// the bytes that are not (accidents of Windows-1252 text); and in between it stops, because
    /// either choice would garble one part of the file.
    static func chooseEncoding(_ setting: String, _ inspection: Inspection, path: String) throws(ConvertError) -> (TextEncoding, String) {
        let mark = TextEncoding.byteOrderMark(inspection.head)
        switch setting {
        case "auto":
            if let (encoding, _) = mark { return (encoding, encoding.rawValue + " (byte order mark)") }
            if let guess = TextEncoding.utf16WithoutMark(inspection.head) {
                throw .input("\(path): the file looks like \(guess.rawValue) text without a byte order mark (every other byte is 0); "
                    + "set input.encoding: \(guess.rawValue) in the mapping, or save it as UTF-8")
            }
            if inspection.isUTF8 { return (.utf8, "utf-8") }
            let (valid, invalid) = (inspection.validUTF8Sequences, inspection.invalidUTF8Sequences)
            if valid >= invalid {
                return (.utf8, "utf-8 (detected: \(valid) UTF-8 sequences and \(invalid) damaged bytes; rows with damaged bytes are rejected)")
            }
            if valid == 0 { return (.windows1252, "windows-1252 (detected: the input is not valid UTF-8)") }
            if valid * 20 < invalid {
                return (.windows1252, "windows-1252 (detected: \(invalid) bytes are not UTF-8; \(valid) sequences that look like UTF-8 are read as Windows-1252)")
            }
            throw .input("\(path): the encoding cannot be told: \(valid) sequences are valid UTF-8 but \(invalid) bytes are not; "
                + "set input.encoding to utf-8 (rows with other bytes are rejected) or to windows-1252 in the mapping")
        case "utf-16":
            guard let (encoding, _) = mark, encoding != .utf8 else {
                throw .input("\(path): input.encoding is utf-16 but the file has no UTF-16 byte order mark; name utf-16le or utf-16be")
            }
            return (encoding, encoding.rawValue + " (byte order mark)")
        default:
            guard let encoding = TextEncoding(name: setting) else { throw .usage("unknown encoding \(setting)") }
            if let (marked, _) = mark, marked != encoding {
                throw .input("\(path): the file starts with a \(marked.rawValue) byte order mark but input.encoding is \(encoding.rawValue)")
            }
            return (encoding, encoding.rawValue)
        }
    }
}
