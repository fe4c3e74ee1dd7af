import FileSystem
import ZipArchive

/// Builds one customer's ZIP file: main.json, then each attachment streamed from the descriptor
/// it was checked through, into a temporary file beside its final name.
enum PackageBuilder {
    /// A customer's ZIP, complete under a temporary name in the output folder.
    struct Package: Sendable {
        let file: StagedFile
        let sha256: String
        let attachments: [String]
    }

    /// Why a customer's ZIP was not built.
    enum Failure: Error {
        /// The row's own problem (an attachment named main.json, one too large for a ZIP): the row
        /// is rejected, the run goes on.
        case rejected(Finding)
        /// The ZIP could not be written (disk full, permissions): the run stops (exit 3).
        case write(WriteError)
        /// An attachment could not be read, or changed while it was read: the moment's fault, never
        /// the row's (see `AttachmentChecker.Fault`); the run stops (exit 3).
        case fault(AttachmentChecker.Fault)
    }

    /// Builds one customer's ZIP, `name` in `folder`, under a temporary name beside it: main.json, then each
    /// attachment streamed from the descriptor it was checked through. Memory holds main.json and
    /// one 64 KiB piece, whatever the attachments' size; the SHA-256 is taken as the bytes are written.
    /// - Parameters:
    ///   - deflater: the worker's deflate stream.
    ///   - scratch: the worker's buffer that attachments are read into.
    static func build(_ customer: Record, files: [AttachmentChecker.Attachment], deflater: Deflater, scratch: ZipStreamWriter.Scratch,
                      named name: String, in folder: FolderHandle) throws(Failure) -> Package {
        if let clash = files.first(where: { $0.entryName == "main.json" }) {
            throw .rejected(Finding(.error, .duplicateAttachment, field: "events", raw: clash.entryName,
                                    "an attachment may not be named main.json"))
        }
        if let large = files.first(where: { $0.size > ZipStreamWriter.maxSize }) {
            throw .rejected(Finding(.error, .attachmentTooLarge, field: "events[\(large.event)].file", raw: large.entryName,
                                    "\(quoted(large.entryName)) holds \(large.size) bytes; a ZIP without ZIP64 holds at most 4 GiB per file"))
        }
        let json = JSONWriter.mainJSON(customer)
        // The buffer is allocated once, for the most the archive can take; it is written out every
        // 64 KiB whatever the total.
        var entries: [(name: String, size: Int)] = []
        entries.reserveCapacity(1 + files.count)
        entries.append(("main.json", json.count))
        for attachment in files { entries.append((attachment.entryName, attachment.size)) }
        let file: AtomicFile
        do throws(WriteError) {
            file = try AtomicFile(name: name, in: folder, expectedSize: ZipStreamWriter.largestSize(of: entries))
        } catch {
            throw .write(error)
        }
        let hasher = SHA.SHA256Hasher()
        let zip = ZipStreamWriter(deflater: deflater, scratch: scratch) { (bytes: UnsafeRawBufferPointer) throws(WriteError) in
            hasher.update(buffer: bytes)
            try file.write(bytes)
        }
        // The attachment being packed, so a failure names its event without reading the message.
        var packing: AttachmentChecker.Attachment?
        do throws(ZipError) {
            try zip.addEntry(named: "main.json", contents: json)
            for attachment in files {
                packing = attachment
                // Checked for packing, so opened: only `validate` checks without opening, and it packs nothing.
                guard let opened = attachment.file else { preconditionFailure("\(attachment.entryName) was checked without being opened") }
                try zip.addEntry(named: attachment.entryName, file: opened, size: attachment.size)
            }
            packing = nil
            try zip.finish()
        } catch {
            throw Failure(error, packing: packing)
        }
        do throws(WriteError) {
            let staged = try file.stage()
            return Package(file: staged, sha256: hasher.finalizeHex(), attachments: files.map(\.entryName))
        } catch {
            throw .write(error)
        }
    }
}

extension PackageBuilder.Failure {
    /// What the ZIP writer's `error` means for the row, met while packing `packing` (nil: main.json
    /// or the archive's end).
    init(_ error: ZipError, packing: AttachmentChecker.Attachment?) {
        if case let .write(failure) = error {
            self = .write(failure)
        } else if case let .sourceUnreadable(_, reason) = error, let packing {
            self = .fault(AttachmentChecker.Fault(path: packing.source, reason: reason))
        } else {
            self = .rejected(Finding(.error, .attachmentUnreadable, field: packing.map { "events[\($0.event)].file" } ?? "events",
                                     raw: packing?.entryName, "the ZIP could not be built: \(error)"))
        }
    }
}
