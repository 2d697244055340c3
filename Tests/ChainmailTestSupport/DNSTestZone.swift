/// The records `scripts/peers/dns_server.py` serves, in the JSON form it reads.
public struct DNSTestZone: Encodable, Sendable {
    public struct Record: Encodable, Sendable {
        public var name: String
        public var type: String
        public var ttl: Int
        public var strings: [String]?
        public var text: String?
        public var address: String?

        /// A TXT record of the given character-strings.
        public static func txt(_ name: String, strings: [String], ttl: Int = 300) -> Record {
            Record(name: name, type: "TXT", ttl: ttl, strings: strings)
        }

        /// A TXT record whose text the server splits into 255-octet character-strings.
        public static func txt(_ name: String, text: String, ttl: Int = 300) -> Record {
            Record(name: name, type: "TXT", ttl: ttl, text: text)
        }

        public static func a(_ name: String, address: String, ttl: Int = 300) -> Record {
            Record(name: name, type: "A", ttl: ttl, address: address)
        }
    }

    public var zone = "chainmail.example"
    public var negativeTTL = 30
    public var records: [Record] = []
    public var servfail: [String] = []
    public var refused: [String] = []
    public var silent: [String] = []

    public init(
        zone: String = "chainmail.example",
        negativeTTL: Int = 30,
        records: [Record] = [],
        servfail: [String] = [],
        refused: [String] = [],
        silent: [String] = []
    ) {
        self.zone = zone
        self.negativeTTL = negativeTTL
        self.records = records
        self.servfail = servfail
        self.refused = refused
        self.silent = silent
    }

    enum CodingKeys: String, CodingKey {
        case zone
        case negativeTTL = "negative_ttl"
        case records, servfail, refused, silent
    }
}
