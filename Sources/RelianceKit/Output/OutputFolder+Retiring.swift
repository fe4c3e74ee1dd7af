#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Retiring: the ZIPs of earlier runs that a full run no longer vouches for are moved to
/// `retired/<stamp>/`, never deleted, and every move is recorded before it is made.
///
/// The journal (`.reliance-convert.retiring`) names the retired folder and every ZIP to move. It is
/// written, complete, before the first move and removed once the run's `summary.json` lists the
/// ZIPs. A run killed in between leaves it: the next run (of any kind) finishes the moves when it
/// takes the folder and lists them in its own summary, so no retired ZIP goes unrecorded.
extension OutputFolder {
    static let retiredName = "retired"
    static let journalName = ".reliance-convert.retiring"

    /// What a run retired: the folder (relative to the output folder) and the ZIPs' names, sorted.
    typealias Retired = (folder: String, names: [String])

    static func isZIP(_ name: String) -> Bool {
        !name.hasPrefix(".") && name.hasSuffix(".zip")
    }

    /// Every `*.zip` the folder held when the run took it that `isCurrent` does not claim, sorted.
    ///
    /// The lock keeps other runs out, so every other ZIP in the folder is one this run wrote, and
    /// the names remembered when the run took the folder are enough (docs/runs-over-time.md says
    /// what a second listing cost). A folder whose names were too many to remember is listed again here. A ZIP another program
    /// puts into the folder while a run holds it is retired by the next full run.
    func staleZIPs(keeping isCurrent: (String) -> Bool) throws(WriteError) -> [String] {
        var stale: [String] = []
        func consider(_ name: String) {
            if OutputFolder.isZIP(name), !isCurrent(name) { stale.append(name) }
        }
        if let existingNames {
            for name in existingNames { consider(name) }
            // A remembered ZIP removed by hand since is not there to move.
            stale.removeAll { !holdsFile($0) }
        } else {
            guard forEachName(consider) else { throw .fromErrno(path) }
        }
        return stale.sorted()
    }

    /// Moves `stale` into `retired/<stamp>/` (made here; `stamp` gets `-2`, `-3` … when a folder of
    /// that name exists), after recording them in the journal.
    func retire(_ stale: [String], stamp: String) throws(WriteError) -> Retired? {
        guard !stale.isEmpty else { return nil }
        let parentFD = try openRetired()
        defer { close(parentFD) }
        var name = stamp
        var attempt = 1
        while mkdirat(parentFD, name, 0o755) != 0 {
            guard errno == EEXIST else { throw .fromErrno(joinedPath(joinedPath(path, OutputFolder.retiredName), name)) }
            attempt += 1
            name = stamp + "-" + String(attempt)
        }
        let folderName = OutputFolder.retiredName + "/" + name
        try AtomicFile.write(RetireJournal(folder: folderName, names: stale).bytes, named: OutputFolder.journalName, in: handle, mayExist: false)
        return (folderName, try move(stale, into: name, parentFD: parentFD))
    }

    /// Finishes the moves a killed run recorded in the journal: every ZIP it names that is still in
    /// the folder goes to the folder it names. The journal stays until `closeJournal`.
    /// - Returns: what that run retired (moved by it or now), or nil when there is no journal.
    func completeJournal() throws(WriteError) -> Retired? {
        let fd = openat(handle.fd, OutputFolder.journalName, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw .fromErrno(handle.shown(OutputFolder.journalName))
        }
        defer { close(fd) }
        guard let bytes = FileBytes.read(fd).bytes, let journal = RetireJournal(bytes) else {
            throw WriteError(path: handle.shown(OutputFolder.journalName), reason: "the record of ZIPs a killed run was retiring cannot be read; "
                + "move the ZIPs it names to their retired folder by hand and remove it")
        }
        let parentFD = try openRetired()
        defer { close(parentFD) }
        let target = String(journal.folder.dropFirst(OutputFolder.retiredName.count + 1))
        if mkdirat(parentFD, target, 0o755) != 0, errno != EEXIST { throw .fromErrno(handle.shown(journal.folder)) }
        _ = try move(journal.names.filter(holdsFile), into: target, parentFD: parentFD)
        return (journal.folder, journal.names)
    }

    /// Removes the journal: the run's summary now lists what it recorded.
    func closeJournal() {
        unlinkat(handle.fd, OutputFolder.journalName, 0)
    }

    /// `retired`, made when missing and entered without following links, so a symlink planted
    /// there cannot carry customer ZIPs elsewhere.
    private func openRetired() throws(WriteError) -> Int32 {
        let parentPath = handle.shown(OutputFolder.retiredName)
        if mkdirat(handle.fd, OutputFolder.retiredName, 0o755) != 0, errno != EEXIST { throw .fromErrno(parentPath) }
        let parentFD = openat(handle.fd, OutputFolder.retiredName, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard parentFD >= 0 else {
            throw WriteError(path: parentPath, reason: errno == ELOOP || errno == ENOTDIR ? "it is not a folder (a link or a file); remove it" : String(cString: strerror(errno)))
        }
        return parentFD
    }

    /// Moves each of `names` from the folder into `retired/<target>`.
    /// A ZIP removed by hand between the look and its move is not there to retire: it is left out
    /// of the list, not taken for a failure to write.
    private func move(_ names: [String], into target: String, parentFD: Int32) throws(WriteError) -> [String] {
        let targetFD = openat(parentFD, target, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        let folderName = OutputFolder.retiredName + "/" + target
        guard targetFD >= 0 else { throw .fromErrno(handle.shown(folderName)) }
        defer { close(targetFD) }
        var moved: [String] = []
        moved.reserveCapacity(names.count)
        for zip in names {
            if renameat(handle.fd, zip, targetFD, zip) == 0 {
                moved.append(zip)
            } else if errno != ENOENT {
                throw .fromErrno(joinedPath(handle.shown(folderName), zip))
            }
        }
        return moved
    }
}
