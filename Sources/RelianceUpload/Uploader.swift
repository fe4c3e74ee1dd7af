import Foundation
import RelianceKit


/// Delivers the ZIPs of a folder to Concedus: authenticated, in parallel, retried where a retry
/// can help, recorded in `upload-results.csv` as each one ends, and never sent twice once accepted.
public enum Uploader {
    public static let resultsName = "upload-results.csv"

    public static func run(_ options: UploadOptions, credentials: Credentials?) async throws(UploadError) -> UploadSummary {
        guard let url = URL(string: options.baseURL), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host != nil else {
            throw .configuration("--url \(options.baseURL) is not an http or https URL")
        }
        guard (1...64).contains(options.concurrency) else { throw .configuration("--concurrency must be between 1 and 64") }
        // The folder is opened once, here, and every file after is reached through that descriptor:
        // a folder renamed away and replaced mid-upload neither supplies ZIPs nor receives results.
        let folder: FolderHandle
        do {
            folder = try FolderHandle(path: options.directory)
        } catch {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: options.directory, isDirectory: &isFolder), isFolder.boolValue else {
                throw .configuration("\(options.directory) is not a folder")
            }
            throw .io("cannot open \(options.directory): \(error.reason)")
        }
        // Held to the end: the descriptor must outlive every read of a ZIP and every line of the log.
        defer { withExtendedLifetime(folder) {} }
        let directory = folder.pinnedPath("")
        let (listed, unlisted) = try selectZIPs(folder)
        let log = try ResultsLog(path: folder.pinnedPath(resultsName), shown: Converter.path(options.directory, resultsName))
        var summary = UploadSummary()
        summary.total = listed.count
        summary.unlisted = unlisted
        // Only names and expected hashes are held: each ZIP is read when its turn comes.
        let pending = listed.filter { log.accepted[$0.zip] != $0.sha256 }
        summary.skipped = listed.count - pending.count
        if options.dryRun {
            for entry in pending {
                switch ZIPFile.open(entry, in: directory) {
                case .success: summary.planned.append("\(entry.zip) \(entry.sha256)")
                case let .failure(problem): summary.unsendable.append("\(entry.zip): \(problem.reason)")
                }
            }
            return summary
        }
        guard let credentials else { throw .configuration("no credentials given") }
        guard !pending.isEmpty else { return summary }

        let client = ConcedusClient(base: options.baseURL, endpoint: options.endpoint, timeoutSeconds: options.timeoutSeconds,
                                    concurrency: options.concurrency)
        let tokens = TokenStore(client: client, credentials: credentials)
        // Authenticate once up front: wrong credentials stop the run before any ZIP is tried.
        do {
            _ = try await tokens.current()
        } catch let error as UploadError {
            await client.shutdown()
            throw error
        } catch {
            // The token endpoint is unreachable now; each upload will try again with backoff.
        }

        var done = 0
        var fatal: UploadError?
        await withTaskGroup(of: Result<UploadOutcome, UploadError>.self) { group in
            var next = 0
            func startNext() {
                guard next < pending.count else { return }
                let item = pending[next]
                next += 1
                group.addTask {
                    let zip: ZIPFile
                    switch ZIPFile.open(item, in: directory) {
                    case let .success(opened): zip = opened
                    case let .failure(problem):
                        return .success(UploadOutcome(key: item.key, zip: item.zip, sha256: item.sha256, status: .failed, httpCode: nil,
                                                      detail: problem.reason, attempts: 0))
                    }
                    do throws(UploadError) {
                        return .success(try await upload(item.zip, zip, item.sha256, client: client, tokens: tokens, options: options))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            for _ in 0..<min(options.concurrency, pending.count) { startNext() }
            while let result = await group.next() {
                switch result {
                case let .success(outcome):
                    do throws(UploadError) {
                        try log.append(outcome)
                    } catch {
                        fatal = error
                        group.cancelAll()
                    }
                    switch outcome.status {
                    case .accepted: summary.accepted += 1
                    case .rejected: summary.rejected += 1
                    case .failed: summary.failed += 1
                    }
                    done += 1
                    options.progress?(done, pending.count)
                    if fatal == nil { startNext() }
                case let .failure(error):
                    fatal = fatal ?? error
                    group.cancelAll()
                }
            }
        }
        await client.shutdown()
        if let fatal { throw fatal }
        return summary
    }

    /// What the folder's manifest lists (what is sent), and the `*.zip` names lying in the folder
    /// that it does not list (reported, never sent: a ZIP of an earlier run, or one put there by hand).
    static func selectZIPs(_ folder: FolderHandle) throws(UploadError) -> (listed: [ManifestEntry], unlisted: [String]) {
        let manifest: [ManifestEntry]?
        do {
            manifest = try ManifestEntry.read(folder: folder)
        } catch {
            throw .configuration(error.reason)
        }
        guard let listed = manifest else {
            throw .configuration("\(folder.path) has no \(Converter.manifestName); upload sends the ZIPs a convert run listed there, so run convert into this folder first")
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.pinnedPath("")) else {
            throw .io("cannot list \(folder.path)")
        }
        let listedNames = Set(listed.map(\.zip))
        let unlisted = names.filter { $0.hasSuffix(".zip") && !$0.hasPrefix(".") && !listedNames.contains($0) }.sorted()
        return (listed, unlisted)
    }

    /// Sends one ZIP until it is accepted, rejected, or retries run out.
    static func upload(_ name: String, _ zip: ZIPFile, _ sha256: String, client: ConcedusClient, tokens: TokenStore,
                       options: UploadOptions) async throws(UploadError) -> UploadOutcome {
        let key = String(name.dropLast(4))
        var attempts = 0
        var reauthenticated = false
        var lastStatus: Int?
        var lastReason = ""
        while attempts < options.maxAttempts {
            attempts += 1
            var delay: Double?
            do {
                let token = try await tokens.current()
                let answer = try await client.upload(zip, token: token)
                lastStatus = answer.status
                if answer.isRedirect {
                    throw UploadError.configuration("\(client.base)\(client.endpoint) answered \(answer.status) redirecting to "
                        + "\(answer.location ?? "nowhere"); upload never follows a redirect, so customer ZIPs go only to --url; check --url and --endpoint")
                }
                switch answer.status {
                case 200..<300:
                    // Concedus answers `{"identLinks": [...]}`; anything else (an HTML page of a proxy, an empty
                    // body) is no proof the ZIP arrived, so it is not recorded as accepted and a rerun sends it again.
                    guard let links = identLinks(answer.body) else {
                        return UploadOutcome(key: key, zip: name, sha256: sha256, status: .failed, httpCode: answer.status,
                                             detail: "HTTP \(answer.status) but the answer is not Concedus's JSON with identLinks; not counted as accepted: "
                                                 + String(decoding: answer.body.prefix(120), as: UTF8.self), attempts: attempts)
                    }
                    return UploadOutcome(key: key, zip: name, sha256: sha256, status: .accepted, httpCode: answer.status,
                                         detail: links, attempts: attempts)
                case 401:
                    // The token was refused: authenticate again once, then give up on this ZIP.
                    await tokens.reject(token)
                    lastReason = "401 unauthorized"
                    if reauthenticated {
                        return UploadOutcome(key: key, zip: name, sha256: sha256, status: .failed, httpCode: 401,
                                             detail: "unauthorized even after authenticating again", attempts: attempts)
                    }
                    reauthenticated = true
                    attempts -= 1
                    continue
                case 429:
                    lastReason = "429 too many requests"
                    delay = retryAfter(answer.retryAfter, options: options) ?? backoff(attempts, options)
                case 500...599:
                    lastReason = "\(answer.status) server error"
                    delay = backoff(attempts, options)
                default:
                    return UploadOutcome(key: key, zip: name, sha256: sha256, status: .rejected, httpCode: answer.status,
                                         detail: rejection(answer), attempts: attempts)
                }
            } catch let error as UploadError {
                throw error
            } catch let failure as TransientFailure {
                lastStatus = failure.status
                lastReason = failure.reason ?? "token endpoint answered \(failure.status.map(String.init) ?? "nothing")"
                delay = retryAfter(failure.retryAfter, options: options) ?? backoff(attempts, options)
            } catch {
                lastStatus = nil
                lastReason = "network: \(error)"
                delay = backoff(attempts, options)
            }
            if attempts < options.maxAttempts, let delay {
                try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            }
        }
        return UploadOutcome(key: key, zip: name, sha256: sha256, status: .failed, httpCode: lastStatus,
                             detail: "gave up after \(attempts) attempts; last: \(lastReason)", attempts: attempts)
    }

    /// Exponential backoff with jitter: about base·2^(n-1), between half and one and a half of it.
    static func backoff(_ attempt: Int, _ options: UploadOptions) -> Double {
        let base = options.backoffSeconds * pow(2, Double(max(0, attempt - 1)))
        return base * Double.random(in: 0.5...1.5)
    }

    /// `Retry-After` as seconds or an HTTP date, capped.
    static func retryAfter(_ header: String?, options: UploadOptions) -> Double? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        if let seconds = Double(header) { return min(max(0, seconds), options.maxRetryAfterSeconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: header) else { return nil }
        return min(max(0, date.timeIntervalSinceNow), options.maxRetryAfterSeconds)
    }

    /// The ident links of an accepting answer, space-separated; nil when the body is not a JSON
    /// object with an `identLinks` array.
    static func identLinks(_ body: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let links = object["identLinks"] as? [Any] else { return nil }
        return links.map { "\($0)" }.joined(separator: " ")
    }

    static func rejection(_ answer: Answer) -> String {
        if let object = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any] {
            let parts = ["code", "info", "reason"].compactMap { key in object[key].map { "\($0)" } }
            if !parts.isEmpty { return parts.joined(separator: ": ") }
        }
        let text = String(decoding: answer.body.prefix(300), as: UTF8.self)
        return text.isEmpty ? "HTTP \(answer.status)" : text
    }
}
