import FileSystem

/// What a `convert` run needs of the limit on open files (`DescriptorLimit`).
///
/// A run holds a few descriptors whatever its size (standard streams, the input and its decoded
/// copy, the output folder, its lock and listing, the reports being written, the threads' own),
/// and each worker one attachments folder, the ZIP it is writing and the attachments of the row it
/// packs. Under a lower limit the open of an attachment or a ZIP fails with `EMFILE`, which is the
/// moment's fault and would stop the run part way (exit 3). So the soft limit is raised toward the
/// hard one first, and a limit still too low is refused before anything is read or written.
enum RunDescriptors {
    /// What a run holds whatever its workers, with room to spare.
    static let reserved = 32

    /// Checks that `jobs` workers, whose rows attach up to `attachmentsPerRow` files each, fit the limit.
    /// - Throws: `.fault` naming the limit and what the run needs.
    static func check(jobs: Int, attachmentsPerRow: Int) throws(ConvertError) {
        let needed = reserved + jobs * (attachmentsPerRow + 2)
        let available = DescriptorLimit.raise(toward: needed)
        guard available >= needed else {
            throw .fault("the process may open \(available) files at once (ulimit -n), and this run needs at least \(needed); "
                + "raise the limit (ulimit -n 1024) and run again; nothing was read or written")
        }
    }
}
