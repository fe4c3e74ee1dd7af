/// A folder opened once. Files are created, renamed, compared and removed relative to this
/// descriptor, so they land in the folder that was opened, whatever its path names later: a
/// neighbour who renames the output folder away and puts a link to their own folder in its place
/// mid-run receives nothing. `path` is for messages only.
package final class FolderHandle: Sendable {
    package let path: String
    package let descriptor: FileDescriptor

    /// Opens the folder at `path` (a link to a folder is followed here, once: the path is the one
    /// the user gave).
    package init(path: String) throws(WriteError) {
        self.path = path
        do {
            descriptor = try .open(path.isEmpty ? "." : path, .readOnly, options: .folder)
        } catch {
            throw WriteError(path, error)
        }
    }

    /// `name` in this folder, as messages show it.
    package func shown(_ name: String) -> String {
        path.isEmpty ? name : joinedPath(path, name)
    }

    /// Opens the file `name` of this folder for reading, never through a symbolic link (`ELOOP`).
    package func openFile(_ name: String) throws(Errno) -> FileDescriptor {
        try .open(name, in: descriptor, .readOnly, options: [.noFollow, .nonBlocking])
    }

    /// The names of this folder's entries, `.` and `..` left out.
    package func names() throws(Errno) -> [String] {
        var names: [String] = []
        try descriptor.forEachName { name in
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// The folder holding `path`, and the file's name in it.
    package static func parent(of path: String) throws(WriteError) -> (FolderHandle, String) {
        guard let slash = path.lastIndex(of: "/") else { return (try FolderHandle(path: ""), path) }
        let folder = String(path[...slash])
        return (try FolderHandle(path: folder == "/" ? "/" : String(folder.dropLast())), String(path[path.index(after: slash)...]))
    }
}
