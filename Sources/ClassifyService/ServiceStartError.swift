#if canImport(Glibc)
import Glibc
#endif
import NIOCore

/// Why `classify serve` could not start listening, in terms of its options (`--host`, `--port`).
public struct ServiceStartError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }

    /// The error to report for `error`, thrown while binding `settings.host`:`settings.port`: one
    /// naming the option to change for an address that cannot be resolved or bound, else nil.
    static func explaining(_ error: any Error, settings: ServiceSettings) -> ServiceStartError? {
        let address = "\(settings.host):\(settings.port)"
        if error is SocketAddressError || error is SocketAddressError.UnknownHost {
            return ServiceStartError("--host \(settings.host): not an address or a name this machine can resolve; give an IP address such as 127.0.0.1 or 0.0.0.0")
        }
        guard let error = error as? IOError else { return nil }
        switch error.errnoCode {
        case EADDRINUSE:
            return ServiceStartError("--port \(settings.port): \(address) is already in use; choose another port, or stop what listens there")
        case EACCES:
            return ServiceStartError("--port \(settings.port): not allowed to listen on \(address) (ports below 1024 need privileges); choose a port from 1024 up")
        case EADDRNOTAVAIL:
            return ServiceStartError("--host \(settings.host): not an address of this machine; give one of its addresses, 127.0.0.1 or 0.0.0.0")
        default:
            return nil
        }
    }
}
