/// The lock every command that changes or sends a folder holds while it works: an advisory
/// `flock` on `.reliance-convert.lock` in the folder, so a `convert` writing ZIPs and an `upload`
/// sending them, or two of either, never run on one folder at once.
///
/// The kernel releases the lock when its holder dies, so a lock left by a killed run is taken
/// over without guessing from timestamps. The file names the holder (pid, what it does, when it
/// started) for the message a refused run prints.
package final class FolderLock {
    package static let name = ".reliance-convert.lock"

    /// Why the lock was not taken.
    package enum Failure: Error {
        /// The lock file is a symbolic link or not a regular file (a usage problem: remove it).
        case unusable(String)
        /// The lock file could not be opened.
        case io(WriteError)
        /// Another live run holds it; `holder` is what that run wrote there.
        case held(holder: String)
    }

    /// Why a command is refused while another run holds `folder`'s lock, word for word the same
    /// whichever command is refused (`convert`, `upload`) and whichever holds it.
    package static func heldMessage(folder: String, holder: String) -> String {
        "\(folder) is in use by another reliance-convert run (\(holder)); wait for it to finish"
    }

    private let file: FileDescriptor

    /// Takes the lock of `folder` without waiting, and writes `holder` into the file.
    package init(_ folder: FolderHandle, holder: String) throws(Failure) {
        let lockPath = folder.shown(FolderLock.name)
        // Never through a link: a symlink planted as the lock would have its target truncated.
        do {
            file = try .open(FolderLock.name, in: folder.descriptor, .readWrite, options: [.create, .noFollow, .nonBlocking])
        } catch {
            if error == .tooManyLinks { throw .unusable("\(lockPath) is a symbolic link; remove it (the tool never writes through links)") }
            throw .io(WriteError(lockPath, error))
        }
        guard (try? file.status())?.isRegularFile == true else {
            throw .unusable("\(lockPath) is not a regular file; remove it")
        }
        do {
            try file.lockExclusively()
        } catch {
            // Only "another holds it" is a held lock; anything else (no locks on this file system) is I/O.
            guard error == .wouldBlock else { throw .io(WriteError(path: lockPath, reason: "cannot be locked: \(error)")) }
            throw .held(holder: FolderLock.readHolder(file))
        }
        try? file.replaceContents(with: Array("\(holder)\n".utf8))
    }

    deinit {
        file.unlock()
    }

    private static func readHolder(_ file: FileDescriptor) -> String {
        let text = String(decoding: (try? file.read(count: 256, at: 0)) ?? [], as: UTF8.self)
        let trimmed = text.split(separator: "\n").first.map(String.init) ?? ""
        return trimmed.isEmpty ? "another run" : trimmed
    }
}
