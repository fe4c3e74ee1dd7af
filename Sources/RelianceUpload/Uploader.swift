import FileSystem
import Foundation
import OutputFiles

/// Delivers the ZIPs of a folder to Concedus: authenticated, in parallel, retried where a retry
/// can help, recorded in `upload-results.csv` as each one ends, and never sent twice once accepted.
public enum Uploader {
    public static let resultsName = "upload-results.csv"

    public static func run(_ options: UploadOptions, credentials: Credentials?) async throws(UploadError) -> UploadSummary {
        let started = ContinuousClock.now
        let url = try ConcedusURL.parse(options.baseURL, insecureHTTP: options.insecureHTTP)
        guard (1...64).contains(options.concurrency) else { throw .configuration("--concurrency must be between 1 and 64") }
        guard options.deadlineSeconds.map({ $0 > 0 }) ?? true else { throw .configuration("--deadline must be at least one second") }
        guard options.circuitBreakerLimit > 0 else { throw .configuration("the circuit breaker's limit must be at least 1") }
        // First of all: the network stops the process when its threads find no descriptor, and
        // the folder, its lock and its files need theirs before that.
        if !options.dryRun { try DescriptorBudget.check(concurrency: options.concurrency) }
        // The folder is opened once, here, and every file after is reached through that descriptor:
        // a folder renamed away and replaced mid-upload neither supplies ZIPs nor receives results.
        let folder = try openFolder(options.directory)
        // Taken before the manifest is read: a convert rewriting the folder, or another upload
        // sending it, would have ZIPs sent twice or from a half-written manifest.
        let lock = try takeLock(folder, started: Date())
        // Both held to the end: the descriptor must outlive every read of a ZIP and every line of
        // the log, and the lock every request.
        defer { withExtendedLifetime((folder, lock)) {} }
        let (listed, unlisted) = try selectZIPs(folder)
        let log = try ResultsLog(name: resultsName, in: folder, shown: joinedPath(options.directory, resultsName))
        var summary = UploadSummary()
        summary.total = listed.count
        summary.unlisted = unlisted
        // Only names and expected hashes are held: each ZIP is read when its turn comes.
        let pending = listed.filter { log.accepted[$0.zip] != $0.sha256 }
        summary.skipped = listed.count - pending.count
        if options.dryRun {
            for entry in pending {
                switch ZIPFile.open(entry, in: folder) {
                case .success: summary.planned.append("\(entry.zip) \(entry.sha256)")
                case let .failure(problem): summary.unsendable.append("\(entry.zip): \(problem.reason)")
                }
            }
            return summary
        }
        guard let credentials else { throw .configuration("no credentials given") }
        guard !pending.isEmpty else { return summary }

        let client = ConcedusClient(base: url.base, endpoint: options.endpoint, timeoutSeconds: options.timeoutSeconds,
                                    concurrency: options.concurrency)
        let sending = Sending(pending: pending, directory: folder, folder: options.directory, client: client,
                              tokens: TokenStore(client: client, credentials: credentials), log: log, options: options,
                              deadline: options.deadlineSeconds.map { started + .seconds($0) })
        let result = await sending.run(into: &summary)
        await client.shutdown()
        try result.get()
        return summary
    }

    static func openFolder(_ path: String) throws(UploadError) -> FolderHandle {
        do {
            return try FolderHandle(path: path)
        } catch {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                throw .configuration("\(path) is not a folder")
            }
            throw .io("cannot open \(path): \(error.reason)")
        }
    }

    /// The folder's lock, the one `convert` takes: exit 4 naming the holder when another run has it.
    static func takeLock(_ folder: FolderHandle, started: Date) throws(UploadError) -> FolderLock {
        do {
            return try FolderLock(folder, holder: "pid \(getpid()), upload started \(ISO8601DateFormatter().string(from: started))")
        } catch {
            switch error {
            case let .unusable(message): throw .configuration(message)
            case let .io(failure): throw .io("\(failure)")
            case let .held(holder): throw .locked(folder: folder.path, holder: holder)
            }
        }
    }

    /// What the folder's manifest lists (what is sent), and the `*.zip` names lying in the folder
    /// that it does not list (reported, never sent: a ZIP of an earlier run, or one put there by hand).
    static func selectZIPs(_ folder: FolderHandle) throws(UploadError) -> (listed: [Manifest.Entry], unlisted: [String]) {
        let manifest: [Manifest.Entry]?
        do {
            manifest = try Manifest.entries(in: folder)
        } catch {
            throw .configuration(error.message)
        }
        guard let listed = manifest else {
            throw .configuration("\(folder.path) has no \(Manifest.name); upload sends the ZIPs a convert run listed there, so run convert into this folder first")
        }
        let names: [String]
        do {
            names = try folder.names()
        } catch {
            throw .io("cannot list \(folder.path): \(error)")
        }
        let listedNames = Set(listed.map(\.zip))
        let unlisted = names.filter { $0.hasSuffix(".zip") && !$0.hasPrefix(".") && !listedNames.contains($0) }.sorted()
        return (listed, unlisted)
    }
}
