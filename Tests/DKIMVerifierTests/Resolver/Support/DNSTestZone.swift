/// The records `scripts/peers/dns_server.py` serves, in the JSON form it reads.
struct DNSTestZone: Encodable {
    struct Record: Encodable {
        var name: String
        var type: String
        var ttl: Int
        var strings: [String]?
        var text: String?
        var address: String?

        /// A TXT record of the given character-strings.
        static func txt(_ name: String, strings: [String], ttl: Int = 300) -> Record {
            Record(name: name, type: "TXT", ttl: ttl, strings: strings)
        }

        /// A TXT record whose text the server splits into 255-octet character-strings.
        static func txt(_ name: String, text: String, ttl: Int = 300) -> Record {
            Record(name: name, type: "TXT", ttl: ttl, text: text)
        }

        static func a(_ name: String, address: String, ttl: Int = 300) -> Record {
            Record(name: name, type: "A", ttl: ttl, address: address)
        }
    }

    var zone = "chainmail.example"
    var negativeTTL = 30
    var records: [Record] = []
    var servfail: [String] = []
    var refused: [String] = []
    var silent: [String] = []

    enum CodingKeys: String, CodingKey {
        case zone
        case negativeTTL = "negative_ttl"
        case records, servfail, refused, silent
    }
}
