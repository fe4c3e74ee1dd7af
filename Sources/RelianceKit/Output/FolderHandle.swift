#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A folder opened once. Files are created, renamed, compared and removed relative to this
/// descriptor, so they land in the folder that was opened, whatever its path names later: a
/// neighbour who renames the output folder away and puts a link to their own folder in its place
/// mid-run receives nothing. `path` is for messages only.
package final class FolderHandle: Sendable {
    package let path: String
    let fd: Int32

    /// Opens the folder at `path` (a link to a folder is followed here, once: the path is the one
    /// the user gave).
    package init(path: String) throws(WriteError) {
        self.path = path
        fd = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .fromErrno(path) }
    }

    deinit { close(fd) }

    /// `name` in this folder, as messages show it.
    func shown(_ name: String) -> String {
        path.isEmpty ? name : joinedPath(path, name)
    }

    /// A path that reaches `name` in this very folder through the descriptor (Linux's
    /// `/proc/self/fd`), for readers that take a path.
    package func pinnedPath(_ name: String) -> String {
        descriptorPath(fd) + "/" + name
    }

    /// The folder holding `path`, and the file's name in it.
    static func parent(of path: String) throws(WriteError) -> (FolderHandle, String) {
        guard let slash = path.lastIndex(of: "/") else { return (try FolderHandle(path: ""), path) }
        let folder = String(path[...slash])
        return (try FolderHandle(path: folder == "/" ? "/" : String(folder.dropLast())), String(path[path.index(after: slash)...]))
    }
}
