import NIOCore
import NIOPosix

/// The system's error number inside an error of the network stack, where it has one: a socket
/// the system refused is an `IOError` when the address was given, and sits among the failed
/// attempts of a `NIOConnectionError` when a host name was resolved first.
enum SystemErrorCode {
    static func find(in error: any Error) -> Int32? {
        if let error = error as? IOError { return error.errnoCode }
        if let error = error as? NIOConnectionError {
            return error.connectionErrors.lazy.compactMap { find(in: $0.error) }.first
        }
        return nil
    }
}
