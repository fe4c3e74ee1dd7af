#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(CLinux)
import CLinux
#endif

/// What is done to the names of an open folder: every name is taken relative to the folder's
/// descriptor, so it lands in the folder that was opened, whatever its path names later.
extension FileDescriptor {
    /// Calls `body` with the name of every entry of this folder (`.` and `..` included).
    package func forEachName(_ body: (String) -> Void) throws(Errno) {
        // A duplicate, since `closedir` closes what it lists; it shares the folder's position,
        // which an earlier listing left at the end.
        let listing = dup(rawValue)
        guard listing >= 0 else { throw .current }
        guard let directory = fdopendir(listing) else {
            let failure = Errno.current
            Glibc.close(listing)
            throw failure
        }
        defer { closedir(directory) }
        rewinddir(directory)
        while let entry = readdir(directory) { body(FileDescriptor.name(of: entry)) }
    }

    /// The name in a directory entry, read up to its NUL in place: a record can be shorter than
    /// `dirent`'s full 256-byte name field, so copying the field would read past the buffer.
    static func name(of entry: UnsafeMutablePointer<dirent>) -> String {
        guard let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name) else { return "" }
        return String(cString: UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self))
    }

    /// Removes the file `name` from this folder; a name already gone is no failure.
    package func remove(_ name: String) {
        _ = name.withCString { unlinkat(rawValue, $0, 0) }
    }

    /// Makes the folder `name` in this folder.
    package func makeFolder(_ name: String, permissions: mode_t = 0o755) throws(Errno) {
        guard name.withCString({ mkdirat(rawValue, $0, permissions) }) == 0 else { throw .current }
    }

    /// Makes the folder at `path` (the path the user gave).
    package static func makeFolder(atPath path: String, permissions: mode_t = 0o755) throws(Errno) {
        guard mkdir(path, permissions) == 0 else { throw .current }
    }

    /// Renames `name` of this folder to `newName` of `folder`, replacing what that name held
    /// (a symbolic link there is replaced, never followed).
    package func rename(_ name: String, to newName: String, in folder: FileDescriptor) throws(Errno) {
        let renamed = name.withCString { from in newName.withCString { to in renameat(rawValue, from, folder.rawValue, to) } }
        guard renamed == 0 else { throw .current }
    }

    /// Renames `name` to `newName` in this folder only while no file of that name exists, checked
    /// in the same step: renameat2 with `RENAME_NOREPLACE`, or where the file system lacks it, a
    /// hard link, which fails on a taken name too (`name` then stays; the caller removes it).
    package func renameWithoutReplacing(_ name: String, to newName: String) throws(Errno) {
        #if canImport(CLinux)
        let renamed = name.withCString { from in newName.withCString { to in reliance_rename_noreplace(rawValue, from, rawValue, to) } }
        if renamed == 0 { return }
        let failure = Errno.current
        guard failure == .invalid || failure == .notSupported else { throw failure }
        #endif
        let linked = name.withCString { from in newName.withCString { to in linkat(rawValue, from, rawValue, to, 0) } }
        guard linked == 0 else { throw .current }
    }

    /// `path` with every link followed and every `..` resolved, or nil when it does not lead anywhere.
    package static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
