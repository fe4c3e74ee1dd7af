import Synchronization

/// The 64 random bits of each temporary name: SipHash (the standard library's `Hasher`) of a
/// counter and a key drawn from the system once per process. Names are distinct within a run and
/// cannot be guessed from outside without the key, like a draw from the system per name, which
/// cost a system call for every ZIP (1.4 % of `convert` on the realistic benchmark).
enum TemporaryNames {
    private static let key = (UInt64.random(in: .min ... .max), UInt64.random(in: .min ... .max))
    private static let counter = Atomic<UInt64>(0)

    static func next() -> UInt64 {
        var hasher = Hasher()
        hasher.combine(key.0)
        hasher.combine(key.1)
        hasher.combine(counter.add(1, ordering: .relaxed).newValue)
        return UInt64(truncatingIfNeeded: hasher.finalize())
    }
}

/// A file written under a temporary name in its final folder and renamed into place when
/// complete, so readers see the old file or the whole new one, never a part.
///
/// Temporary names start with `.`, end in `.partial` (never in the final extension) and carry 64
/// random bits, and are created with `O_CREAT | O_EXCL | O_NOFOLLOW`: a file or symlink planted
/// under a guessed name makes the open fail instead of being written through. The final name is
/// replaced by `rename`, which replaces a symlink there rather than following it. Everything
/// happens relative to the folder's descriptor (`FolderHandle`), never through its path again.
package final class AtomicFile {
    package static let temporarySuffix = ".partial"
    /// Bytes gathered before they are written.
    package static let bufferSize = 1 << 16

    package let folder: FolderHandle
    package let name: String
    package let temporaryName: String
    /// The temporary file, open until it is staged.
    private var file: FileDescriptor?
    private var buffer: [UInt8] = []

    /// A file at `path`, in the folder that holds it (opened once, here).
    package convenience init(path: String) throws(WriteError) {
        let (folder, name) = try FolderHandle.parent(of: path)
        try self.init(name: name, in: folder)
    }

    /// A file named `name` in `folder`.
    /// - Parameter expectedSize: how many bytes it will likely hold, to size its buffer once (at most 64 KiB).
    package init(name: String, in folder: FolderHandle, expectedSize: Int = 0) throws(WriteError) {
        buffer.reserveCapacity(min(max(expectedSize, 0), AtomicFile.bufferSize))
        self.folder = folder
        self.name = name
        var temporaryName = ""
        var failure = Errno.exists
        for _ in 0..<8 where failure == .exists {
            temporaryName = AtomicFile.temporaryName(for: name, random: TemporaryNames.next())
            do {
                file = try .open(temporaryName, in: folder.descriptor, .writeOnly, options: [.create, .exclusive, .noFollow])
                break
            } catch {
                failure = error
            }
        }
        self.temporaryName = temporaryName
        guard file != nil else { throw WriteError(folder.shown(temporaryName), failure) }
    }

    /// "CUST_1.zip" is written as ".CUST_1-zip.<64 random bits in hex>.partial": a temporary name
    /// never ends in the final extension. Built in one piece, since one is made for every ZIP:
    /// joining its parts made four strings and an array each time.
    package static func temporaryName(for name: String, random: UInt64) -> String {
        let suffix = AtomicFile.temporarySuffix.utf8
        return String(unsafeUninitializedCapacity: name.utf8.count + 18 + suffix.count) { buffer in
            var at = 0
            func put(_ byte: UInt8) {
                buffer[at] = byte
                at += 1
            }
            put(UInt8(ascii: "."))
            for byte in name.utf8 { put(byte == UInt8(ascii: ".") ? UInt8(ascii: "-") : byte) }
            put(UInt8(ascii: "."))
            for shift in stride(from: 60, through: 0, by: -4) { put(hexDigit(UInt8(truncatingIfNeeded: random >> UInt64(shift)) & 0x0F)) }
            for byte in suffix { put(byte) }
            return at
        }
    }

    /// The final path, as messages show it.
    package var path: String { folder.shown(name) }

    /// The lower-case hex digit of `value` (0–15).
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    deinit {
        if file != nil {
            file = nil
            folder.descriptor.remove(temporaryName)
        }
    }

    package func write(_ bytes: some Collection<UInt8>) throws(WriteError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= AtomicFile.bufferSize { try flush() }
    }

    private func flush() throws(WriteError) {
        guard let file else { return }
        do {
            try file.write(buffer)
        } catch {
            throw WriteError(folder.shown(temporaryName), error)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, closes and renames the file to its final name. A file that already holds the
    /// same bytes is left as it is, so a rerun rewrites nothing identical.
    package func commit() throws(WriteError) {
        try commit(compare: true)
    }

    /// Flushes and closes the file, still under its temporary name, and hands over the decision:
    /// the returned file is renamed into place or removed later, on whichever thread decides.
    package func stage() throws(WriteError) -> StagedFile {
        try flush()
        do {
            try file?.close()
            file = nil
        } catch {
            file = nil
            folder.descriptor.remove(temporaryName)
            throw WriteError(folder.shown(temporaryName), error)
        }
        return StagedFile(folder: folder, name: name, temporaryName: temporaryName)
    }

    /// - Parameter compare: whether to leave an identical existing file alone (the caller may know already).
    package func commit(compare: Bool) throws(WriteError) {
        try stage().commit(mayExist: compare)
    }

    /// Whether the files `first` and `second` of `folder` hold the same bytes (both regular files).
    package static func sameContents(_ first: String, _ second: String, in folder: FolderHandle) -> Bool {
        // Only two regular files compare: a link or a device under the final name is replaced.
        guard let a = try? folder.openFile(first), let b = try? folder.openFile(second),
              let infoA = try? a.status(), let infoB = try? b.status(), infoA.isRegularFile, infoB.isRegularFile,
              infoA.size == infoB.size else { return false }
        var bufferA = [UInt8](repeating: 0, count: 1 << 16)
        var bufferB = [UInt8](repeating: 0, count: 1 << 16)
        var position = 0
        while true {
            guard let gotA = try? a.read(filling: &bufferA, at: position),
                  let gotB = try? b.read(filling: &bufferB, at: position),
                  gotA == gotB else { return false }
            if gotA == 0 { return true }
            if bufferA[0..<gotA] != bufferB[0..<gotB] { return false }
            position += gotA
        }
    }

    /// Writes `bytes` to `path` atomically in one go, unless the file already holds exactly
    /// these bytes: a rerun then leaves it (and its modification time) alone.
    /// - Parameters:
    ///   - mayExist: false when the caller knows no file of that name exists, which saves looking.
    ///   - replacing: false to never replace a file of that name, even one that appears while
    ///     this one is written (the name is taken in the same step as the rename).
    /// - Returns: whether the file was written.
    @discardableResult
    package static func write(_ bytes: [UInt8], to path: String, mayExist: Bool = true, replacing: Bool = true) throws(WriteError) -> Bool {
        let (folder, name) = try FolderHandle.parent(of: path)
        if !replacing {
            let file = try AtomicFile(name: name, in: folder)
            try file.write(bytes)
            try file.stage().commitWithoutReplacing()
            return true
        }
        return try write(bytes, named: name, in: folder, mayExist: mayExist)
    }

    /// `write(_:to:mayExist:)` for the file `name` of `folder`.
    @discardableResult
    package static func write(_ bytes: [UInt8], named name: String, in folder: FolderHandle, mayExist: Bool = true) throws(WriteError) -> Bool {
        if mayExist, AtomicFile.holds(bytes, name, in: folder) { return false }
        let file = try AtomicFile(name: name, in: folder)
        try file.write(bytes)
        try file.commit(compare: false)
        return true
    }

    /// Whether the regular file `name` of `folder` holds exactly `bytes` (never through a symlink).
    package static func holds(_ bytes: [UInt8], _ name: String, in folder: FolderHandle) -> Bool {
        guard let file = try? folder.openFile(name), let info = try? file.status(), info.isRegularFile,
              info.size == bytes.count else { return false }
        return (try? file.readAll(sizeHint: bytes.count)) == bytes
    }
}

/// A complete file under its temporary name, waiting to be renamed into place (`commit`) or
/// dropped, which removes it. Workers build ZIPs this way in parallel; the writer thread decides,
/// in input order, which ones become files. Immutable but for the one-time settling, so it can
/// cross threads.
package final class StagedFile: Sendable {
    package let folder: FolderHandle
    package let name: String
    package let temporaryName: String
    private let settled = Atomic<Bool>(false)

    init(folder: FolderHandle, name: String, temporaryName: String) {
        self.folder = folder
        self.name = name
        self.temporaryName = temporaryName
    }

    /// The final path, as messages show it.
    package var path: String { folder.shown(name) }

    deinit {
        if !settled.load(ordering: .relaxed) { folder.descriptor.remove(temporaryName) }
    }

    /// Renames the file into place, unless a file of the same name already holds the same bytes
    /// (then the staged copy is removed and the existing file, with its time, stays).
    /// - Parameter mayExist: false when the caller knows no file of that name exists.
    /// - Returns: whether the file was renamed into place.
    @discardableResult
    package func commit(mayExist: Bool) throws(WriteError) -> Bool {
        settled.store(true, ordering: .relaxed)
        if mayExist, AtomicFile.sameContents(temporaryName, name, in: folder) {
            folder.descriptor.remove(temporaryName)
            return false
        }
        do {
            try folder.descriptor.rename(temporaryName, to: name, in: folder.descriptor)
        } catch {
            folder.descriptor.remove(temporaryName)
            throw WriteError(path, error)
        }
        return true
    }

    /// Renames the file into place only while no file of its name exists, checked in the same
    /// step (renameat2 with RENAME_NOREPLACE; where the file system lacks it, a hard link, which
    /// fails on a taken name too). A taken name is an error, and the staged copy is removed.
    package func commitWithoutReplacing() throws(WriteError) {
        settled.store(true, ordering: .relaxed)
        // Either way the staged name goes (after a link, the file has both names).
        defer { folder.descriptor.remove(temporaryName) }
        do {
            try folder.descriptor.renameWithoutReplacing(temporaryName, to: name)
        } catch {
            throw WriteError(path, error)
        }
    }
}
