extension DescriptorLimit {
    /// Checks that `jobs` workers, whose rows attach up to `attachmentsPerRow` files each, fit the limit.
    /// - Throws: `.fault` naming the limit and what the run needs.
    static func check(jobs: Int, attachmentsPerRow: Int) throws(ConvertError) {
        let needed = reserved + jobs * (attachmentsPerRow + 2)
        let available = raise(toward: needed)
        guard available >= needed else {
            throw .fault("the process may open \(available) files at once (ulimit -n), and this run needs at least \(needed); "
                + "raise the limit (ulimit -n 1024) and run again; nothing was read or written")
        
        }
    }
}
