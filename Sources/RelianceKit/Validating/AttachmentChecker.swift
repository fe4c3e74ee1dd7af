#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FileSystem
import Foundation

/// Checks that every `events[].file` is a readable regular file inside the attachments folder,
/// and opens it: the descriptor that was checked is the one the ZIP is packed from.
///
/// A file is opened once, relative to a descriptor of the attachments folder, with openat2's
/// `RESOLVE_BENEATH` (every component, links included, must stay beneath the folder), then
/// checked with `fstat` on that descriptor. A file swapped for a link to somewhere else after the
/// check cannot reach a ZIP: the open already pinned what is read. Where the kernel lacks openat2,
/// the path is walked one component at a time with `O_NOFOLLOW`, so links are refused there.
///
/// `validate` packs nothing, so it need not hold the file open: a plain name (no folder) is looked
/// up with one `fstatat` that follows no link, and accepted when it is a regular file this user
/// owns and may read. Anything else (a link, another owner, no read permission, a missing name
/// that may exist in its other Unicode form) is opened as `convert` opens it, so both report the
/// same findings.
struct AttachmentChecker: Sendable {
    /// A file that could not be opened or looked at because of the moment, not because of the
    /// file: a lease held by another process (`EAGAIN`), no descriptors left (`EMFILE`, `ENFILE`),
    /// no memory, an I/O error. Such a fault is the run's, never the row's: a row rejected for it
    /// would have its customer's ZIP retired by a full run. The run stops with exit 3 instead.
    struct Fault: Error, Sendable, Equatable, CustomStringConvertible {
        /// The file as the row names it, beneath the attachments folder as configured.
        let path: String
        let reason: String

        var description: String {
            "\(path): \(reason); the run stopped and retired nothing: run it again once the file can be read"
        }
    }

    /// Whether `error` (an `errno` from opening or looking at a file) says something about the file
    /// itself (missing, a link, not permitted, a name too long), which rejects the row; anything
    /// else is a fault of the moment (`Fault`).
    static func isFileState(_ error: Errno) -> Bool {
        switch error.code {
        case ENOENT, ENOTDIR, EXDEV, ELOOP, EACCES, EPERM, ENAMETOOLONG, EISDIR, ENXIO, ENODEV, EOVERFLOW, EFBIG: true
        default: false
        }
    }

    /// One file to pack: its name in the ZIP and the open file it is read from.
    struct Attachment: Sendable, Equatable {
        let entryName: String
        /// The file as the row names it (its path beneath the attachments folder), for a message:
        /// the row's own string, so nothing is built for a row that packs without a fault.
        var source = ""
        /// The file as opened and checked; nil when it was checked without opening (`validate`).
        let file: FileDescriptor?
        /// The size when checked.
        var size = 0
        /// Which event (from 1) attaches it.
        var event = 1

        static func == (lhs: Attachment, rhs: Attachment) -> Bool {
            lhs.entryName == rhs.entryName && lhs.size == rhs.size && lhs.event == rhs.event
        }
    }

    /// The attachments folder, resolved (symlinks followed), with a trailing slash.
    let root: String?
    /// The folder as configured, for messages.
    let displayFolder: String
    /// The folder, opened (closed when the last checker using it goes): a plain name is looked up
    /// relative to it, without walking the whole path again.
    private let folderDescriptor: FileDescriptor?
    /// Whether every accepted file is held open for packing; false for `validate`, which only looks.
    let opensFiles: Bool
    /// This process's effective user, asked once: `geteuid` is a system call.
    private let user = geteuid()

    init(folder: String?, opensFiles: Bool = true) {
        self.opensFiles = opensFiles
        displayFolder = folder ?? ""
        if let folder, let resolved = FileDescriptor.realPath(folder) {
            root = resolved.hasSuffix("/") ? resolved : resolved + "/"
            folderDescriptor = try? FileDescriptor.open(resolved, .readOnly, options: .folder)
        } else {
            root = nil
            folderDescriptor = nil
        }
    }

    /// Checks each event's file and returns the files to pack. Names are written to main.json as the
    /// base name, since the ZIP holds every file at its root.
    /// - Parameter fault: set, and the check stopped, when a file could not be looked at for a reason of the moment.
    func check(_ customer: inout Record, findings: inout [Finding], fault: inout Fault?) -> [Attachment] {
        var attachments: [Attachment] = []
        customer.modifyList("events") { events in
            for index in events.indices where fault == nil {
                guard let file = events[index].text("file") else { continue }
                // The field's path is built only for a message.
                let field = { "events[\(index + 1)].file" }
                let parts = AttachmentChecker.parts(of: file)
                let checked: (FileDescriptor?, Int)?
                do throws(Fault) {
                    checked = try openChecked(file, parts: parts, field: field, findings: &findings)
                } catch {
                    fault = error
                    return
                }
                guard let (opened, size) = checked else { continue }
                let entryName = parts.count == 1 ? file : parts.last.map(String.init) ?? file
                if let first = attachments.firstIndex(where: { $0.entryName == entryName }) {
                    findings.append(Finding(.error, .duplicateAttachment, field: field(), raw: file,
                                            "\(quoted(entryName)) is already attached by events[\(attachments[first].event)]; file names must be unique within a customer"))
                    continue
                }
                if entryName != file { events[index]["file"] = .scalar(.text(entryName)) }
                attachments.append(Attachment(entryName: entryName, source: file, file: opened, size: size, event: index + 1))
            }
        }
        return attachments
    }

    /// `file` beneath the attachments folder as configured, for messages.
    func displayPath(_ file: String) -> String {
        displayFolder.isEmpty || displayFolder == "." ? file : joinedPath(displayFolder, file)
    }

    /// The file opened beneath the folder (nil when only looked at) and its size, or nil with a finding.
    private func openChecked(_ file: String, parts: [Substring], field: () -> String, findings: inout [Finding]) throws(Fault) -> (FileDescriptor?, Int)? {
        func fail(_ code: FindingCode, _ message: String) -> (FileDescriptor?, Int)? {
            findings.append(Finding(.error, code, field: field(), raw: file, message))
            return nil
        }
        if file.hasPrefix("/") || file.hasPrefix("\\") || file.dropFirst().first == ":" {
            return fail(.attachmentOutside, "\(quoted(file)) is an absolute path; give a name inside the attachments folder")
        }
        if parts.contains("..") {
            return fail(.attachmentOutside, "\(quoted(file)) uses \"..\" to leave the attachments folder")
        }
        guard root != nil, let folderDescriptor else {
            return fail(.attachmentMissing, "\(quoted(file)) cannot be found: no attachments folder exists (settings.attachments or --attachments)")
        }
        if !opensFiles, parts.count == 1, let size = AttachmentChecker.ownReadableFileSize(folderDescriptor, file, user: user) {
            return (nil, size)
        }
        let relative = parts.count == 1 ? file : parts.joined(separator: "/")
        var opened: Result<FileDescriptor, Errno> = Result { () throws(Errno) in try FileDescriptor.openBeneath(relative, in: folderDescriptor) }
        // The name exactly as given first; then its other Unicode form, since a file system may
        // hold "Müller.pdf" decomposed while the export holds it composed, or the other way round.
        if case .failure(.noEntry) = opened, !relative.utf8.allSatisfy({ $0 < 0x80 }) {
            for other in [relative.precomposedStringWithCanonicalMapping, relative.decomposedStringWithCanonicalMapping] where other.utf8.elementsEqual(relative.utf8) == false {
                opened = Result { () throws(Errno) in try FileDescriptor.openBeneath(other, in: folderDescriptor) }
                guard case .failure(.noEntry) = opened else { break }
            }
        }
        let fd: FileDescriptor
        switch opened {
        case let .success(file): fd = file
        case let .failure(openError):
            switch openError.code {
            case ENOENT, ENOTDIR:
                return fail(.attachmentMissing, "\(quoted(file)) does not exist in the attachments folder \(displayFolder)")
            case EXDEV:
                return fail(.attachmentOutside, "\(quoted(file)) is a link that leaves the attachments folder")
            case ELOOP:
                return fail(.attachmentOutside, "\(quoted(file)) is a symbolic link that cannot be followed safely here")
            case EACCES, EPERM:
                return fail(.attachmentUnreadable, "\(quoted(file)) cannot be read (permissions)")
            case _ where AttachmentChecker.isFileState(openError):
                return fail(.attachmentUnreadable, "\(quoted(file)) cannot be opened: \(openError)")
            default:
                throw Fault(path: displayPath(file), reason: "cannot be opened now: \(openError)")
            }
        }
        let info: FileStatus
        do {
            info = try fd.status()
        } catch {
            throw Fault(path: displayPath(file), reason: "cannot be looked at now: \(error)")
        }
        guard info.isRegularFile else {
            return fail(.attachmentNotFile, "\(quoted(file)) is not a regular file")
        }
        return (fd, info.size)
    }

    /// The size of `name` in `folder` when it is, without following a link, a regular file owned by
    /// `user` (this process's effective user) with the owner's read permission: what opening it for reading finds on
    /// a local file system, in one system call instead of three (a security module or a network
    /// file system may still refuse the open `convert` makes). Nil for anything else, which is
    /// then opened.
    static func ownReadableFileSize(_ folder: FileDescriptor, _ name: String, user: uid_t) -> Int? {
        guard let info = try? folder.status(of: name), info.isRegularFile, info.owner == user,
              info.permissions & UInt32(S_IRUSR) != 0 else { return nil }
        return info.size
    }

    /// The folders and name of `file`, split at `/` or `\\`; most names are plain and need no splitting.
    static func parts(of file: String) -> [Substring] {
        guard file.anyByte({ $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") }) else { return [Substring(file)] }
        return file.split(whereSeparator: { $0 == "/" || $0 == "\\" })
    }
}
