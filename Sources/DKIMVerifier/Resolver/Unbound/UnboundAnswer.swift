import CUnbound

/// What libunbound answered to one query, copied out of its `ub_result` so that the result can
/// be freed on the loop thread and the copy handed to any task.
struct UnboundAnswer: Sendable, Equatable {
    var rcode: Int32
    /// The rdata of each record, in wire format; empty when libunbound had no data.
    var rdata: [[UInt8]]
    var nxdomain: Bool
    var secure: Bool
    var bogus: Bool
    var whyBogus: String?
    /// Seconds; for a negative answer, from the SOA of the authority section.
    var ttl: Int32

    init(rcode: Int32, rdata: [[UInt8]], nxdomain: Bool, secure: Bool, bogus: Bool, whyBogus: String?, ttl: Int32) {
        self.rcode = rcode
        self.rdata = rdata
        self.nxdomain = nxdomain
        self.secure = secure
        self.bogus = bogus
        self.whyBogus = whyBogus
        self.ttl = ttl
    }

    init(copying result: ub_result) {
        var rdata: [[UInt8]] = []
        if result.havedata != 0, let data = result.data, let lengths = result.len {
            var index = 0
            while let item = data[index] {
                let count = Int(lengths[index])
                rdata.append(count > 0 ? Array(UnsafeRawBufferPointer(start: item, count: count)) : [])
                index += 1
            }
        }
        self.init(
            rcode: result.rcode,
            rdata: rdata,
            nxdomain: result.nxdomain != 0,
            secure: result.secure != 0,
            bogus: result.bogus != 0,
            whyBogus: result.why_bogus.map { String(cString: $0) },
            ttl: result.ttl
        )
    }
}
