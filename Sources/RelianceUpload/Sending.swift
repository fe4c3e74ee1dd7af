import FileSystem
import Foundation
import OutputFiles

/// The sending part of one upload run: authenticates, keeps `concurrency` ZIPs in flight, records
/// each as it ends, and stops early at the deadline or when the circuit breaker trips, recording
/// every ZIP it did not send.
struct Sending: Sendable {
    let pending: [Manifest.Entry]
    /// The folder, opened once: every ZIP is opened through it.
    let directory: FolderHandle
    /// The folder as the user named it, for messages.
    let folder: String
    let client: ConcedusClient
    let tokens: TokenStore
    let log: ResultsLog
    let options: UploadOptions
    let deadline: ContinuousClock.Instant?

    /// What a task of the run reports.
    private enum Event: Sendable {
        /// The first authentication ended: refused credentials stop the run, anything else lets it go on.
        case authenticated(UploadError?)
        case ended(UploadOutcome)
        case fatal(UploadError)
        case deadlinePassed
        /// The deadline's timer was cancelled because the run ended first.
        case timerCancelled
    }

    /// Sends every pending ZIP, counting outcomes into `summary`; fails with the error that stopped the run.
    func run(into summary: inout UploadSummary) async -> Result<Void, UploadError> {
        var fatal: UploadError?
        var stop: StopReason?
        var breaker = CircuitBreaker(limit: options.circuitBreakerLimit)
        var next = 0
        var inFlight = 0
        var authenticating = true
        var done = 0
        await withTaskGroup(of: Event.self) { group in
            if let deadline {
                group.addTask {
                    do {
                        try await Task.sleep(until: deadline, clock: .continuous)
                    } catch {
                        return .timerCancelled
                    }
                    return .deadlinePassed
                }
            }
            // Authenticate once up front: wrong credentials stop the run before any ZIP is tried.
            group.addTask {
                do {
                    _ = try await tokens.current()
                } catch let error as UploadError {
                    return .authenticated(error)
                } catch {
                    // The token endpoint is unreachable now; each upload will try again with backoff.
                }
                return .authenticated(nil)
            }
            func startNext() {
                guard fatal == nil, stop == nil, next < pending.count else { return }
                let item = pending[next]
                next += 1
                inFlight += 1
                group.addTask { await send(item) }
            }
            while let event = await group.next() {
                switch event {
                case let .authenticated(error):
                    authenticating = false
                    fatal = fatal ?? error
                    for _ in 0..<options.concurrency { startNext() }
                case var .ended(outcome):
                    inFlight -= 1
                    if outcome.status == .notSent, let stop {
                        outcome = outcome.with(detail: stop.notSentDetail(attempts: outcome.attempts))
                    }
                    do throws(UploadError) {
                        try log.append([outcome])
                    } catch {
                        fatal = fatal ?? error
                    }
                    summary.count(outcome.status)
                    done += 1
                    options.progress?(done, pending.count)
                    if let tripped = breaker.record(outcome), stop == nil, next < pending.count || inFlight > 0 { stop = tripped }
                    startNext()
                case let .fatal(error):
                    inFlight -= 1
                    fatal = fatal ?? error
                case .deadlinePassed:
                    // A deadline that passes as the last ZIP ends stops nothing.
                    if stop == nil, next < pending.count || inFlight > 0 {
                        stop = options.deadlineSeconds.map { .deadline(seconds: $0) }
                    }
                case .timerCancelled:
                    break
                }
                // Stopping cancels the requests in flight; a run that is done cancels the deadline's timer.
                if fatal != nil || stop != nil || (!authenticating && inFlight == 0 && next == pending.count) {
                    group.cancelAll()
                }
            }
        }
        if let fatal { return .failure(fatal) }
        if let stop {
            summary.stopped = stop.description
            do throws(UploadError) {
                try recordUnsent(pending[next...], stop: stop)
            } catch {
                return .failure(error)
            }
            summary.notSent += pending.count - next
        }
        return .success(())
    }

    /// One ZIP, opened and sent; an outcome, or the error that must stop the run.
    private func send(_ item: Manifest.Entry) async -> Event {
        let zip: ZIPFile
        switch ZIPFile.open(item, in: directory) {
        case let .success(opened): zip = opened
        case let .failure(problem):
            if let exhaustion = problem.exhaustion {
                return .fatal(.io("cannot open \(joinedPath(folder, item.zip)): \(exhaustion); "
                    + "raise the limit on open files (ulimit -n) or lower --concurrency"))
            }
            return .ended(UploadOutcome(key: item.key, zip: item.zip, sha256: item.sha256, status: .failed, httpCode: nil,
                                        detail: problem.reason, attempts: 0))
        }
        do throws(UploadError) {
            return .ended(try await Uploader.upload(item.zip, zip, item.sha256, client: client, tokens: tokens, options: options))
        } catch {
            return .fatal(error)
        }
    }

    /// A `not-sent` line for each ZIP the run never started, written a few thousand at a time.
    private func recordUnsent(_ entries: ArraySlice<Manifest.Entry>, stop: StopReason) throws(UploadError) {
        let detail = stop.notSentDetail(attempts: 0)
        var batch: [UploadOutcome] = []
        for entry in entries {
            batch.append(UploadOutcome(key: entry.key, zip: entry.zip, sha256: entry.sha256, status: .notSent, httpCode: nil,
                                       detail: detail, attempts: 0))
            if batch.count == 4096 {
                try log.append(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try log.append(batch) }
    }
}
