#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks that every `events[].file` is a readable regular file inside the attachments folder.
struct AttachmentChecker: Sendable {
    /// One file to pack: its name in the ZIP and where it lies.
    struct Attachment: Sendable, Equatable {
        let entryName: String
        let path: String
        /// The size when checked, to read the file in one call.
        var size = 0
        /// Which event (from 1) attaches it.
        var event = 1
    }

    /// The attachments folder, resolved (symlinks followed), with a trailing slash.
    let root: String?
    /// The folder as configured, for messages.
    let displayFolder: String
    /// The folder, opened: a plain name is looked up relative to it, without walking the whole path again.
    private let folderDescriptor: FolderDescriptor?

    /// An open folder, closed when the last checker using it goes.
    final class FolderDescriptor: Sendable {
        let fd: Int32

        init?(_ path: String) {
            fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if fd < 0 { return nil }
        }

        deinit { close(fd) }
    }

    init(folder: String?) {
        displayFolder = folder ?? ""
        if let folder, let resolved = AttachmentChecker.realPath(folder) {
            root = resolved.hasSuffix("/") ? resolved : resolved + "/"
            folderDescriptor = FolderDescriptor(resolved)
        } else {
            root = nil
            folderDescriptor = nil
        }
    }

    /// Checks each event's file and returns the files to pack. Names are written to main.json as the
    /// base name, since the ZIP holds every file at its root.
    func check(_ customer: inout Record, findings: inout [Finding]) -> [Attachment] {
        var attachments: [Attachment] = []
        customer.modifyList("events") { events in
            for index in events.indices {
                guard let file = events[index].text("file") else { continue }
                // The field's path is built only for a message.
                let field = { "events[\(index + 1)].file" }
                let parts = AttachmentChecker.parts(of: file)
                guard let (resolved, size) = resolve(file, parts: parts, field: field, findings: &findings) else { continue }
                let entryName = parts.count == 1 ? file : parts.last.map(String.init) ?? file
                if let first = attachments.firstIndex(where: { $0.entryName == entryName }) {
                    findings.append(Finding(.error, .duplicateAttachment, field: field(), raw: file,
                                            "\(quoted(entryName)) is already attached by events[\(attachments[first].event)]; file names must be unique within a customer"))
                    continue
                }
                if entryName != file { events[index]["file"] = .scalar(.text(entryName)) }
                attachments.append(Attachment(entryName: entryName, path: resolved, size: size, event: index + 1))
            }
        }
        return attachments
    }

    /// The file's resolved path and size, or nil with a finding.
    private func resolve(_ file: String, parts: [Substring], field: () -> String, findings: inout [Finding]) -> (String, Int)? {
        func fail(_ code: FindingCode, _ message: String) -> (String, Int)? {
            findings.append(Finding(.error, code, field: field(), raw: file, message))
            return nil
        }
        if file.hasPrefix("/") || file.hasPrefix("\\") || file.dropFirst().first == ":" {
            return fail(.attachmentOutside, "\(quoted(file)) is an absolute path; give a name inside the attachments folder")
        }
        if parts.contains("..") {
            return fail(.attachmentOutside, "\(quoted(file)) uses \"..\" to leave the attachments folder")
        }
        guard let root else {
            return fail(.attachmentMissing, "\(quoted(file)) cannot be found: no attachments folder exists (settings.attachments or --attachments)")
        }
        var info = stat()
        // The common case, a regular file directly in the folder, needs one system call.
        if parts.count == 1, let folderDescriptor, fstatat(folderDescriptor.fd, file, &info, AT_SYMLINK_NOFOLLOW) == 0,
           (info.st_mode & S_IFMT) == S_IFREG {
            guard info.st_mode & 0o444 != 0 else {
                return fail(.attachmentUnreadable, "\(quoted(file)) cannot be read (permissions)")
            }
            return (root + file, Int(info.st_size))
        }
        let joined = root + parts.joined(separator: "/")
        guard lstat(joined, &info) == 0 || stat(joined, &info) == 0 else {
            return fail(.attachmentMissing, "\(quoted(file)) does not exist in the attachments folder \(displayFolder)")
        }
        guard let resolved = AttachmentChecker.realPath(joined) else {
            return fail(.attachmentMissing, "\(quoted(file)) is a link to a file that does not exist")
        }
        guard resolved.hasPrefix(root) else {
            return fail(.attachmentOutside, "\(quoted(file)) is a link that leaves the attachments folder")
        }
        guard stat(resolved, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            return fail(.attachmentNotFile, "\(quoted(file)) is not a regular file")
        }
        guard access(resolved, R_OK) == 0 else {
            return fail(.attachmentUnreadable, "\(quoted(file)) cannot be read (permissions)")
        }
        return (resolved, Int(info.st_size))
    }

    /// The folders and name of `file`, split at `/` or `\\`; most names are plain and need no splitting.
    static func parts(of file: String) -> [Substring] {
        guard file.anyByte({ $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") }) else { return [Substring(file)] }
        return file.split(whereSeparator: { $0 == "/" || $0 == "\\" })
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
