import Foundation

/// Holds the access token for every upload in flight: gets one when needed, refreshes it before
/// it expires, and authenticates again when Concedus says it is no longer valid. One renewal
/// at a time, shared by every upload waiting for it.
actor TokenStore {
    private let client: ConcedusClient
    private let credentials: Credentials
    private var token: Token?
    private var renewal: Task<Token, any Error>?
    private(set) var authentications = 0
    private(set) var refreshes = 0

    init(client: ConcedusClient, credentials: Credentials) {
        self.client = client
        self.credentials = credentials
    }

    /// A usable access token.
    func current() async throws -> String {
        if let token, token.isUsable(at: Date()) { return token.access }
        if let renewal { return try await TokenStore.wait(for: renewal).access }
        let refreshToken = token?.refresh
        let task = Task { try await self.renew(refreshToken: refreshToken) }
        renewal = task
        defer { renewal = nil }
        let fresh = try await TokenStore.wait(for: task)
        token = fresh
        return fresh.access
    }

    /// The renewal's token. A waiter cancelled (the run stopping at its deadline) cancels the
    /// renewal with it: a token endpoint that stalls must not hold a stopping run. Only a whole
    /// run is ever cancelled, so no waiter that goes on loses its renewal.
    private static func wait(for renewal: Task<Token, any Error>) async throws -> Token {
        try await withTaskCancellationHandler {
            try await renewal.value
        } onCancel: {
            renewal.cancel()
        }
    }

    /// Concedus answered 401 to `access`: forget it, so the next call authenticates again.
    func reject(_ access: String) {
        if token?.access == access { token = nil }
    }

    private func renew(refreshToken: String?) async throws -> Token {
        if let refreshToken {
            refreshes += 1
            if let answer = try? await client.refresh(refreshToken), answer.status == 200,
               let token = ConcedusClient.token(from: answer, now: Date()) {
                return token
            }
        }
        authentications += 1
        let answer = try await client.authenticate(credentials)
        if answer.isRedirect {
            throw UploadError.configuration("the token endpoint \(client.base)/v2/auth/token answered \(answer.status) redirecting to "
                + "\(answer.location ?? "nowhere"); upload never follows a redirect, so credentials go only to --url; check --url")
        }
        switch answer.status {
        case 200:
            guard let token = ConcedusClient.token(from: answer, now: Date()) else {
                // The server's fault, not ours: retried like a 5xx, and given up per ZIP when it lasts.
                throw TransientFailure(status: 200, retryAfter: nil, reason: "the token endpoint answered 200 without JSON holding an accessToken")
            }
            return token
        case 400, 401, 403:
            throw UploadError.credentialsRefused("the token endpoint answered \(answer.status); check CONCEDUS_USERNAME and CONCEDUS_PASSWORD")
        default:
            throw TransientFailure(status: answer.status, retryAfter: answer.retryAfter)
        }
    }
}

/// A failure worth retrying: 5xx, 429, an unusable token answer, or the network.
struct TransientFailure: Error {
    let status: Int?
    let retryAfter: String?
    var reason: String? = nil
}
