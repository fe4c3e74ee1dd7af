import FileSystem

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
            do {
                try forEachName(consider)
            } catch {
                throw WriteError(path, error)
            }
        }
        return stale.sorted()
    }

    /// Moves `stale` into `retired/<stamp>/` (made here; `stamp` gets `-2`, `-3` … when a folder of
    /// that name exists), after recording them in the journal.
    func retire(_ stale: [String], stamp: String) throws(WriteError) -> Retired? {
        guard !stale.isEmpty else { return nil }
        let parent = try openRetired()
        var name = stamp
        var attempt = 1
        while true {
            do {
                try parent.makeFolder(name)
                break
            } catch {
                guard error == .exists else { throw WriteError(joinedPath(joinedPath(path, OutputFolder.retiredName), name), error) }
            }
            attempt += 1
            name = stamp + "-" + String(attempt)
        }
        let folderName = OutputFolder.retiredName + "/" + name
        try AtomicFile.write(RetireJournal(folder: folderName, names: stale).bytes, named: OutputFolder.journalName, in: handle, mayExist: false)
        return (folderName, try move(stale, into: name, parent: parent))
    }

    /// Finishes the moves a killed run recorded in the journal: every ZIP it names that is still in
    /// the folder goes to the folder it names. The journal stays until `closeJournal`.
    /// - Returns: what that run retired (moved by it or now), or nil when there is no journal.
    func completeJournal() throws(WriteError) -> Retired? {
        let file: FileDescriptor
        do {
            file = try .open(OutputFolder.journalName, in: handle.descriptor, .readOnly, options: .noFollow)
        } catch {
            if error == .noEntry { return nil }
            throw WriteError(handle.shown(OutputFolder.journalName), error)
        }
        guard let bytes = try? file.readAll(), let journal = RetireJournal(bytes) else {
            throw WriteError(path: handle.shown(OutputFolder.journalName), reason: "the record of ZIPs a killed run was retiring cannot be read; "
                + "move the ZIPs it names to their retired folder by hand and remove it")
        }
        let parent = try openRetired()
        let target = String(journal.folder.dropFirst(OutputFolder.retiredName.count + 1))
        do {
            try parent.makeFolder(target)
        } catch {
            guard error == .exists else { throw WriteError(handle.shown(journal.folder), error) }
        }
        _ = try move(journal.names.filter(holdsFile), into: target, parent: parent)
        return (journal.folder, journal.names)
    }

    /// Removes the journal: the run's summary now lists what it recorded.
    func closeJournal() {
        handle.descriptor.remove(OutputFolder.journalName)
    }

    /// `retired`, made when missing and entered without following links, so a symlink planted
    /// there cannot carry customer ZIPs elsewhere.
    private func openRetired() throws(WriteError) -> FileDescriptor {
        let parentPath = handle.shown(OutputFolder.retiredName)
        do {
            try handle.descriptor.makeFolder(OutputFolder.retiredName)
        } catch {
            guard error == .exists else { throw WriteError(parentPath, error) }
        }
        do {
            return try .open(OutputFolder.retiredName, in: handle.descriptor, .readOnly, options: [.folder, .noFollow])
        } catch {
            throw WriteError(path: parentPath, reason: error == .tooManyLinks || error == .notFolder ? "it is not a folder (a link or a file); remove it" : error.description)
        }
    }

    /// Moves each of `names` from the folder into `retired/<target>`.
    /// A ZIP removed by hand between the look and its move is not there to retire: it is left out
    /// of the list, not taken for a failure to write.
    private func move(_ names: [String], into target: String, parent: FileDescriptor) throws(WriteError) -> [String] {
        let folderName = OutputFolder.retiredName + "/" + target
        let targetFolder: FileDescriptor
        do {
            targetFolder = try .open(target, in: parent, .readOnly, options: [.folder, .noFollow])
        } catch {
            throw WriteError(handle.shown(folderName), error)
        }
        var moved: [String] = []
        moved.reserveCapacity(names.count)
        for zip in names {
            do {
                try handle.descriptor.rename(zip, to: zip, in: targetFolder)
                moved.append(zip)
            } catch {
                guard error == .noEntry else { throw WriteError(joinedPath(handle.shown(folderName), zip), error) }
            }
        }
        return moved
    }
}
