import Foundation

extension Uploader {
    /// Sends one ZIP until it is accepted, rejected, or retries run out; `not-sent` when the run
    /// is cancelled (deadline, circuit breaker) before an answer came.
    static func upload(_ name: String, _ zip: ZIPFile, _ sha256: String, client: ConcedusClient, tokens: TokenStore,
                       options: UploadOptions) async throws(UploadError) -> UploadOutcome {
        let key = String(name.dropLast(4))
        func outcome(_ status: UploadOutcome.Status, _ http: Int?, _ detail: String, _ attempts: Int) -> UploadOutcome {
            UploadOutcome(key: key, zip: name, sha256: sha256, status: status, httpCode: http, detail: detail, attempts: attempts)
        }
        var attempts = 0
        var reauthenticated = false
        var lastStatus: Int?
        var lastReason = ""
        while attempts < options.maxAttempts {
            // A cancelled run starts no request; one cancelled in flight ends up here as well.
            if Task.isCancelled { return outcome(.notSent, nil, "not sent: the run stopped while it was being sent", attempts) }
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
                    let (status, detail) = acceptance(answer)
                    return outcome(status, answer.status, detail, attempts)
                case 401:
                    // The token was refused: authenticate again once, then give up on this ZIP.
                    await tokens.reject(token)
                    lastReason = "401 unauthorized"
                    if reauthenticated { return outcome(.failed, 401, "unauthorized even after authenticating again", attempts) }
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
                    return outcome(.rejected, answer.status, rejection(answer), attempts)
                }
            } catch let error as UploadError {
                throw error
            } catch let failure as TransientFailure {
                lastStatus = failure.status
                lastReason = failure.reason ?? "token endpoint answered \(failure.status.map(String.init) ?? "nothing")"
                delay = retryAfter(failure.retryAfter, options: options) ?? backoff(attempts, options)
            } catch {
                if let code = SystemErrorCode.find(in: error), DescriptorBudget.isExhaustion(code) {
                    // The limit on open files, not the server: every further connection would fail the same way.
                    throw UploadError.io("cannot connect to \(client.base): \(String(cString: strerror(code))); "
                        + "raise the limit on open files (ulimit -n) or lower --concurrency")
                }
                lastStatus = nil
                lastReason = "network: \(error)"
                delay = backoff(attempts, options)
            }
            if attempts < options.maxAttempts, let delay {
                try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            }
        }
        if Task.isCancelled { return outcome(.notSent, nil, "not sent: the run stopped while it was being sent", attempts) }
        return outcome(.failed, lastStatus, "gave up after \(attempts) attempts; last: \(lastReason)", attempts)
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
}
