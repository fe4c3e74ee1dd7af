import Dispatch
import FileSystem
import Synchronization
import ZipArchive

/// Prepares a batch of rows in parallel (mapping, normalizing, validating, JSON, the ZIP built
/// under a temporary name) for the writer thread, which decides in input order what each becomes.
enum BatchPreparation {
    /// One row made ready for writing: its findings, its customer key (also when rejected: a
    /// rejected row still claims its key), and its ZIP when it passed.
    struct Prepared: Sendable {
        var findings: [Finding] = []
        var key: String?
        var package: PackageBuilder.Package?
        /// Writing the ZIP failed (disk full, permissions), or an attachment could not be read for
        /// a reason of the moment: fatal for the run (exit 3), before anything is retired.
        var failure: ConvertError?
    }

    /// Runs the row pipeline over a batch on `pipelines.count` workers; results keep the batch's order.
    /// Workers take small runs of rows as they come free, so a worker slowed by the writer thread
    /// holds no one up, and single rows at the end of the batch.
    /// - Parameter folder: where ZIPs are built (each under a temporary name); nil to build none (`validate`).
    /// - Parameter notes: false to leave out the notes that explain a rejected row's errors (the studio
    ///   counts findings and builds a row's notes only when it shows the row).
    static func prepare(_ batch: [InputRow], pipelines: [RowPipeline], packagesIn folder: FolderHandle?, notes: Bool = true) -> [Prepared] {
        var results = [Prepared](repeating: Prepared(), count: batch.count)
        let workers = min(pipelines.count, max(1, batch.count))
        let run = 16
        let taken = Atomic<Int>(0)
        // The one place rows cross threads. A pipeline is one worker's (its value memos and its
        // deflate stream change with every row), so it is not `Sendable`. Worker `n` takes
        // `pipelines[n]` and no other, and `concurrentPerform` returns only when every worker is
        // done, so each pipeline is used by one thread at a time: a confinement the compiler cannot
        // see through an index, hence the unchecked wrapper, here and nowhere else.
        let confined = UnsafeSendable(pipelines)
        results.withUnsafeMutableBufferPointer { buffer in
            let output = UnsafeSendable(buffer)
            let work = { @Sendable (worker: Int) in
                var start = taken.load(ordering: .relaxed)
                while start < batch.count {
                    // Runs of `run` rows, and single rows at the end of the batch, so that no
                    // worker waits long for another to finish its last run.
                    let size = batch.count - start > run * workers ? run : 1
                    let (won, current) = taken.compareExchange(expected: start, desired: start + size, ordering: .relaxed)
                    guard won else {
                        start = current
                        continue
                    }
                    for index in start..<start + size {
                        output.value[index] = prepareRow(batch[index], pipeline: confined.value[worker], packagesIn: folder, notes: notes)
                    }
                    start = taken.load(ordering: .relaxed)
                }
            }
            if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        }
        return results
    }

    private static func prepareRow(_ row: InputRow, pipeline: RowPipeline, packagesIn folder: FolderHandle?, notes: Bool) -> Prepared {
        guard row.problems.isEmpty else { return Prepared(findings: row.problems) }
        // Notes only explain errors: a row that converts counts its notes, a rejected row keeps them for rejects.csv.
        let outcome = pipeline.process(row.cells, notes: notes ? .ifRejected : .none)
        if let fault = outcome.fault { return Prepared(failure: .fault(fault.description)) }
        var prepared = Prepared(findings: outcome.findings)
        if !outcome.findings.contains(where: { $0.severity == .error && ($0.field == "key" || $0.field == "customer.id") }) {
            prepared.key = outcome.customer.text("key")
        }
        guard !outcome.isRejected, let key = prepared.key, let folder else { return prepared }
        do throws(PackageBuilder.Failure) {
            prepared.package = try PackageBuilder.build(outcome.customer, files: outcome.files, deflater: pipeline.deflater,
                                                        scratch: pipeline.packing, named: key + ".zip", in: folder)
        } catch {
            switch error {
            case let .rejected(finding):
                prepared.findings.append(finding)
            case let .write(failure):
                // The disk, not the row: the run stops (exit 3) when the writer meets this row.
                prepared.failure = .output(failure)
            case let .fault(fault):
                // The packer knows the file as the row names it; the message names it beneath the folder.
                let located = AttachmentChecker.Fault(path: pipeline.attachments.displayPath(fault.path), reason: fault.reason)
                prepared.failure = .fault(located.description)
            }
        }
        return prepared
    }
}
