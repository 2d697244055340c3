import DKIMVerifier
import ErrorCodes

/// One node of a message's MIME tree: the message itself or a body part, with its children when it is a
/// multipart.
///
/// Built by `parse` with bounded depth, part count and header sections (`MIMELimits`); `Content-Type`,
/// `Content-Transfer-Encoding`, `MIME-Version` and `Content-Disposition` at most once per entity. The structure (every header that shapes the tree and
/// every boundary) is checked for the whole message before anything is picked from it, so a message is read
/// the same way whichever part a caller wants. Parameters of leaf parts that are neither text nor multipart
/// (attachment names, say) are not needed and a malformed one there is tolerated. `message/*` parts are
/// leaves: an attached message's text is not the sender's text.
public struct MIMEEntity: Sendable {
    /// The entity's own header fields and body (a copy of the part's bytes, CRLF line ends).
    public let content: ParsedMessage
    public let contentType: ContentType
    /// The Content-Transfer-Encoding as written (lowercase, white space trimmed), `7bit` when absent.
    public let transferEncodingName: String
    /// True when Content-Disposition is present with any type other than `inline`.
    public let isAttachment: Bool
    public let children: [MIMEEntity]

    /// The body bytes before transfer decoding.
    public var rawBody: ArraySlice<UInt8> { content.bytes[content.bodyRange] }

    /// The body with its Content-Transfer-Encoding undone (never longer than `rawBody`).
    public func decodedBody() -> Result<[UInt8], MailParseError> {
        guard let encoding = ContentTransferEncoding(fieldValue: transferEncodingName) else {
            return .failure(.transferEncodingInvalid("Content-Transfer-Encoding \"\(transferEncodingName)\" is not supported"))
        }
        return encoding.decode(rawBody)
    }

    /// The MIME tree of a message.
    public static func parse(_ message: ParsedMessage, limits: MIMELimits = .default) -> Result<MIMEEntity, MailParseError> {
        var partCount = 0
        do {
            return .success(try build(message, depth: 0, isTopLevel: true, inDigest: false, limits: limits, partCount: &partCount))
        } catch {
            return .failure(error)
        }
    }

    private static func build(
        _ content: ParsedMessage,
        depth: Int,
        isTopLevel: Bool,
        inDigest: Bool,
        limits: MIMELimits,
        partCount: inout Int
    ) throws(MailParseError) -> MIMEEntity {
        if let problem = HeaderSectionLimits.check(content, limits: limits) { throw problem }
        if !isTopLevel && content.headers.contains(where: { $0.lowercasedName.isEmpty }) {
            throw .mimeMalformed("a body part has a header line without a field name")
        }
        // PROTOCOL.md 5: what decides how an entity is read appears at most once in its header.
        _ = try single("mime-version", in: content)
        let contentType = try Self.contentType(of: content, inDigest: inDigest)
        let transferEncoding = try single("content-transfer-encoding", in: content).map {
            String(decoding: HeaderValue.unfolded($0, in: content), as: UTF8.self).trimmingASCIIWhitespace.asciiLowercased
        }
        let disposition = try single("content-disposition", in: content).map { dispositionType($0, in: content) }
        let isAttachment = disposition.map { $0 != "inline" } ?? false

        var children: [MIMEEntity] = []
        if contentType.isMultipart {
            guard depth < limits.maxDepth else {
                throw MailParseError(code: .tooDeep, message: "multiparts nest deeper than \(limits.maxDepth) levels")
            }
            if let transferEncoding, ContentTransferEncoding(fieldValue: transferEncoding)?.isIdentity != true {
                throw .mimeMalformed("a multipart has Content-Transfer-Encoding \(transferEncoding); only 7bit, 8bit or binary are allowed")
            }
            guard let boundary = contentType.parameters["boundary"], MultipartBody.isValidBoundary(Array(boundary.utf8)) else {
                throw .mimeMalformed("the multipart has no valid boundary parameter")
            }
            let ranges = try MultipartBody.parts(
                of: content.bytes,
                body: content.bodyRange,
                boundary: Array(boundary.utf8),
                budget: limits.maxParts - partCount,
                maxParts: limits.maxParts
            ).get()
            partCount += ranges.count
            guard partCount <= limits.maxParts else { throw MultipartBody.tooMany(limits.maxParts) }
            for range in ranges {
                let part = ParsedMessage(Array(content.bytes[range]))
                children.append(
                    try build(
                        part,
                        depth: depth + 1,
                        isTopLevel: false,
                        inDigest: contentType.subtype == "digest",
                        limits: limits,
                        partCount: &partCount
                    )
                )
            }
        }
        return MIMEEntity(
            content: content,
            contentType: contentType,
            transferEncodingName: transferEncoding ?? "7bit",
            isAttachment: isAttachment,
            children: children
        )
    }

    private static func contentType(of content: ParsedMessage, inDigest: Bool) throws(MailParseError) -> ContentType {
        guard let field = try single("content-type", in: content) else { return inDigest ? .defaultDigestPart : .defaultText }
        let value = HeaderValue.unfolded(field, in: content)
        switch ContentType.parse(value) {
        case .success(let parsed): return parsed
        case .failure(let error):
            var scanner = MIMEHeaderScanner(value)
            // Only text and multipart parameters are ever read; a broken attachment name must not refuse the mail.
            guard case .success(let (type, subtype)) = ContentType.parseMediaType(&scanner), type != "text", type != "multipart" else {
                throw error
            }
            return ContentType(type: type, subtype: subtype)
        }
    }

    /// The one field of this name, nil when absent; two of them are ambiguous (a relay may have added
    /// one above the signed one) and refused as `mime_header_repeated`.
    private static func single(_ name: String, in content: ParsedMessage) throws(MailParseError) -> HeaderField? {
        let fields = content.fields(named: name)
        guard fields.count <= 1 else {
            throw MailParseError(code: .mimeHeaderRepeated, message: "an entity has \(fields.count) \(name) fields")
        }
        return fields.first
    }

    /// The disposition type, lowercase; anything unreadable counts as a non-inline type, so it is skipped.
    private static func dispositionType(_ field: HeaderField, in content: ParsedMessage) -> String {
        var scanner = MIMEHeaderScanner(HeaderValue.unfolded(field, in: content))
        guard scanner.skipCFWS(), let token = scanner.token() else { return "unreadable" }
        return String(decoding: token, as: UTF8.self).asciiLowercased
    }
}
