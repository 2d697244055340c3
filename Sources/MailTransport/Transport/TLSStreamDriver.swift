import CEtPan
import Foundation

/// A libetpan `mailstream_low_driver` whose bytes go through a `TLSConnection`, so libetpan
/// speaks IMAP and SMTP over OpenSSL with our certificate checks instead of its own unverified
/// TLS. The low stream holds a retained reference to the connection and releases it in `free`.
package enum TLSStreamDriver {
    /// A new low stream over `connection`; libetpan owns it from here (mailstream_low_free).
    package static func makeLowStream(over connection: TLSConnection) -> UnsafeMutablePointer<mailstream_low>? {
        let data = Unmanaged.passRetained(connection).toOpaque()
        guard let low = mailstream_low_new(data, driver) else {
            Unmanaged<TLSConnection>.fromOpaque(data).release()
            return nil
        }
        return low
    }

    /// The TLS connection under a low stream made here, nil for any other driver.
    package static func connection(of low: UnsafeMutablePointer<mailstream_low>?) -> TLSConnection? {
        guard let low, low.pointee.driver == driver, let data = low.pointee.data else { return nil }
        return Unmanaged<TLSConnection>.fromOpaque(data).takeUnretainedValue()
    }

    // One immutable driver table for the process; libetpan only reads it.
    nonisolated(unsafe) private static let driver: UnsafeMutablePointer<mailstream_low_driver> = {
        let table = UnsafeMutablePointer<mailstream_low_driver>.allocate(capacity: 1)
        table.initialize(
            to: mailstream_low_driver(
                mailstream_read: { low, buffer, count in
                    guard let buffer, let connection = TLSStreamDriver.connection(of: low) else { return -1 }
                    return connection.read(into: buffer, count: count)
                },
                mailstream_write: { low, buffer, count in
                    guard let buffer, let connection = TLSStreamDriver.connection(of: low) else { return -1 }
                    return connection.write(from: buffer, count: count)
                },
                mailstream_close: { low in
                    TLSStreamDriver.connection(of: low)?.close()
                    return 0
                },
                mailstream_get_fd: { low in
                    TLSStreamDriver.connection(of: low)?.fileDescriptor ?? -1
                },
                mailstream_free: { low in
                    guard let low else { return }
                    if let data = low.pointee.data {
                        Unmanaged<TLSConnection>.fromOpaque(data).release()
                        low.pointee.data = nil
                    }
                    free(low)
                },
                mailstream_cancel: nil,
                mailstream_get_cancel: nil,
                mailstream_get_certificate_chain: nil,
                mailstream_setup_idle: nil,
                mailstream_unsetup_idle: nil,
                mailstream_interrupt_idle: nil
            )
        )
        return table
    }()
}
