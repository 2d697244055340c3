/// RFC 5322 msg-id lists (`Message-ID`, `References`, `In-Reply-To`), read strictly enough that a token can
/// be copied into a reply header: `<` id-left `@` id-right `>`, printable ASCII without white space,
/// separated by CFWS.
enum MessageIDList {
    static func tokens(_ bytes: [UInt8]) -> [String]? {
        var ids: [String] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte.isWSP {
                index += 1
            } else if byte == 0x28 {
                var depth = 0
                repeat {
                    guard index < bytes.count else { return nil }
                    switch bytes[index] {
                    case 0x5C: index += 1
                    case 0x28: depth += 1
                    case 0x29: depth -= 1
                    default: break
                    }
                    index += 1
                } while depth > 0
            } else if byte == 0x3C {
                let start = index
                index += 1
                while index < bytes.count && bytes[index] != 0x3E {
                    guard bytes[index] > 0x20 && bytes[index] < 0x7F && bytes[index] != 0x3C else { return nil }
                    index += 1
                }
                guard index < bytes.count else { return nil }
                index += 1
                let token = Array(bytes[start..<index])
                let inner = token.dropFirst().dropLast()
                guard let at = inner.firstIndex(of: 0x40), at > inner.startIndex, at < inner.endIndex - 1,
                    inner.filter({ $0 == 0x40 }).count == 1, token.count <= 998
                else { return nil }
                ids.append(String(decoding: token, as: UTF8.self))
            } else {
                return nil
            }
        }
        return ids
    }
}
