/// The wire format of TXT rdata: a sequence of character-strings, each a length octet and
/// that many octets.
package enum TXTRecordData {
    /// The record's text: its character-strings joined without separators, as RFC 6376
    /// section 3.6.2.2 asks of key records, decoded as UTF-8 with invalid bytes replaced.
    /// `nil` when a length runs past the end of the data.
    package static func joinedText(_ rdata: some Collection<UInt8>) -> String? {
        var joined: [UInt8] = []
        joined.reserveCapacity(rdata.count)
        var index = rdata.startIndex
        while index != rdata.endIndex {
            let length = Int(rdata[index])
            index = rdata.index(after: index)
            guard let end = rdata.index(index, offsetBy: length, limitedBy: rdata.endIndex) else { return nil }
            joined.append(contentsOf: rdata[index..<end])
            index = end
        }
        return String(decoding: joined, as: UTF8.self)
    }
}
