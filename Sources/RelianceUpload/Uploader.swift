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
        let zips = try listZIPs(options.directory)
        let log = try ResultsLog(path: Converter.path(options.directory, resultsName))
        var summary = UploadSummary()
        summary.total = zips.count
        var pending: [(name: String, bytes: [UInt8], sha256: String)] = []
        for name in zips {
            guard let data = FileManager.default.contents(atPath: Converter.path(options.directory, name)) else {
                throw .io("cannot read \(name)")
            }
            let bytes = [UInt8](data)
            let sha = SHA.sha256Hex(bytes)
            if log.accepted[name] == sha {
                summary.skipped += 1
            } else {
                pending.append((name, bytes, sha))
            }
        }
        if options.dryRun {
            summary.planned = pending.map { "\($0.name) \($0.sha256)" }
            return summary
        }
        guard let credentials else { throw .configuration("no credentials given") }
        guard !pending.isEmpty else { return summary }

        let client = ConcedusClient(base: options.baseURL, endpoint: options.endpoint, timeoutSeconds: options.timeoutSeconds)
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
                    do throws(UploadError) {
                        return .success(try await upload(item.name, item.bytes, item.sha256, client: client, tokens: tokens, options: options))
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

    private static func listZIPs(_ directory: String) throws(UploadError) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            throw .configuration("\(directory) is not a folder")
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw .io("cannot list \(directory)")
        }
        return names.filter { $0.hasSuffix(".zip") && !$0.hasPrefix(".") }.sorted()
    }

    /// Sends one ZIP until it is accepted, rejected, or retries run out.
    static func upload(_ name: String, _ bytes: [UInt8], _ sha256: String, client: ConcedusClient, tokens: TokenStore,
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
                let answer = try await client.upload(bytes, token: token)
                lastStatus = answer.status
                switch answer.status {
                case 200..<300:
                    return UploadOutcome(key: key, zip: name, sha256: sha256, status: .accepted, httpCode: answer.status,
                                         detail: identLinks(answer.body), attempts: attempts)
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
                lastReason = "token endpoint answered \(failure.status.map(String.init) ?? "nothing")"
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

    static func identLinks(_ body: [UInt8]) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let links = object["identLinks"] as? [Any] else { return "" }
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
