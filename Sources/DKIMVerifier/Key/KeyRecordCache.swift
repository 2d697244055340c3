import Synchronization

/// Parsed key records by their text, so that a busy verifier loads each RSA key once rather
/// than per message. Bounded: when full it starts over, which is cheap and keeps memory flat.
final class KeyRecordCache: Sendable {
    private let entries = Mutex<[String: Result<DKIMKeyRecord, DKIMReason>]>([:])
    private let capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    func record(for text: String) -> Result<DKIMKeyRecord, DKIMReason> {
        if let cached = entries.withLock({ $0[text] }) { return cached }
        let parsed = DKIMKeyRecord.parse(text)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[text] = parsed
        }
        return parsed
    }
}
