import Dispatch
import Synchronization

/// Reads the input's rows in batches on a thread of its own, one batch ahead of the caller: the
/// next batch is read and decoded while the workers prepare this one, instead of every worker
/// waiting for the reading between batches. Where the process may run on one CPU only there is
/// nothing to overlap, and the batches are read in `next` itself (a reader thread measured 2 %
/// slower there, on the realistic export with `validate --jobs 1` pinned to one CPU).
///
/// The row source is not `Sendable`. Once handed to a read-ahead it is used on the reader's thread
/// only, until `stop` returns; its caller must not touch it meanwhile. That is the confinement this
/// type promises, hence `@unchecked Sendable`. Memory stays bounded: at most one batch is read
/// ahead, and the reader waits until it is taken.
final class BatchReadAhead: @unchecked Sendable {
    /// One batch of rows, with how much of the input had been read after it.
    struct Batch: Sendable {
        let rows: [InputRow]
        let fractionRead: Double
        /// The input ended in this batch: no batch follows.
        let isLast: Bool
    }

    private let source: any RowSource
    private let size: Int
    private let maxBytes: Int
    /// The batch read and not yet taken, or the error that ended the reading.
    private let handed = Mutex<Result<Batch, ConvertError>?>(nil)
    /// Signalled when `handed` holds something.
    private let ready = DispatchSemaphore(value: 0)
    /// Signalled when the reader may read the next batch (or should look at `stopping`).
    private let room = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchGroup()

    /// Whether a reader thread reads ahead; false to read in `next`.
    private let readsAhead: Bool

    /// - Parameter threaded: true to read on a thread of its own, starting with the first batch at
    ///   once; false to read each batch when `next` asks for it.
    /// - Parameter batchBytes: a batch also ends once its cells hold this many bytes, so that
    ///   memory stays bounded when rows are long (a CSV record may hold up to 1 MiB).
    init(_ source: any RowSource, batchSize: Int, batchBytes: Int = 4 << 20, threaded: Bool = UsableCPUs.count > 1) {
        self.source = source
        size = max(1, batchSize)
        maxBytes = batchBytes
        readsAhead = threaded
        guard threaded else { return }
        finished.enter()
        DispatchQueue(label: "reliance-convert.reader").async {
            self.readBatches()
            self.finished.leave()
        }
    }

    private func readBatch() -> Result<Batch, ConvertError> {
        var rows: [InputRow] = []
        rows.reserveCapacity(size)
        var bytes = 0
        do throws(ConvertError) {
            while rows.count < size, bytes < maxBytes {
                guard let row = try source.next() else {
                    return .success(Batch(rows: rows, fractionRead: source.fractionRead, isLast: true))
                }
                for cell in row.cells { bytes += cell.utf8.count }
                rows.append(row)
            }
            return .success(Batch(rows: rows, fractionRead: source.fractionRead, isLast: false))
        } catch {
            return .failure(error)
        }
    }

    private func readBatches() {
        while true {
            let result = readBatch()
            handed.withLock { $0 = result }
            ready.signal()
            guard case let .success(batch) = result, !batch.isLast else { return }
            room.wait()
            if stopping.load(ordering: .acquiring) { return }
        }
    }

    /// The next batch, waiting until it is read; the reading of the one after it starts now.
    /// Not to be called again after the last batch or an error.
    func next() throws(ConvertError) -> Batch {
        guard readsAhead else { return try readBatch().get() }
        ready.wait()
        let taken = handed.withLock { value in
            defer { value = nil }
            return value
        }
        // `ready` is signalled only after `handed` is set, and only this call empties it.
        guard let result = taken else { preconditionFailure("a batch was signalled but not handed") }
        let batch = try result.get()
        if !batch.isLast { room.signal() }
        return batch
    }

    /// Stops the reader after the batch it may be reading and waits until it has let go of the
    /// source. Safe to call at any time, more than once.
    func stop() {
        guard readsAhead else { return }
        stopping.store(true, ordering: .releasing)
        room.signal()
        finished.wait()
    }
}
