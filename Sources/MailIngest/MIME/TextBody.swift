import DKIMVerifier
import ErrorCodes

/// The sender's text: the first text/plain part of a message, decoded to a String.
public enum TextBody {
    /// The first text/plain part in depth-first order that is not an attachment (so the plain alternative of
    /// a multipart/alternative, and the body of a multipart/mixed before its attachments), with its transfer
    /// encoding and charset undone, line ends turned into LF, and RFC 3676 format=flowed soft breaks joined
    /// when the part says `format=flowed`. A message without Content-Type is text/plain us-ascii.
    ///
    /// Errors: `mime_malformed`, `too_deep`, `too_many_parts` (structure, checked for the whole message
    /// first), `no_text_part`, `transfer_encoding_invalid`, `charset_unsupported`, `charset_invalid`.
    public static func extract(_ message: ParsedMessage, limits: MIMELimits = .default) -> Result<String, MailParseError> {
        MIMEEntity.parse(message, limits: limits).flatMap { root in
            guard let part = firstPlainText(root) else {
                return .failure(.init(code: .noTextPart, message: "the message has no text/plain part"))
            }
            return text(of: part)
        }
    }

    /// The decoded text of one text part.
    public static func text(of part: MIMEEntity) -> Result<String, MailParseError> {
        part.decodedBody().flatMap { bytes in
            let label = part.contentType.parameters["charset"] ?? "us-ascii"
            guard let charset = Charset(label: label) else { return .failure(.charsetUnsupported(label)) }
            guard let decoded = charset.decode(bytes) else { return .failure(.charsetInvalid(charset.rawValue)) }
            var text = decoded.replacingCRLFWithLF
            if part.contentType.parameters["format"]?.asciiLowercased == "flowed" {
                text = FlowedText.unflow(text, deleteSpace: part.contentType.parameters["delsp"]?.asciiLowercased == "yes")
            }
            return .success(text)
        }
    }

    private static func firstPlainText(_ entity: MIMEEntity) -> MIMEEntity? {
        if entity.contentType.isMultipart {
            for child in entity.children {
                if let found = firstPlainText(child) { return found }
            }
            return nil
        }
        return entity.contentType.isTextPlain && !entity.isAttachment ? entity : nil
    }
}

extension String {
    var replacingCRLFWithLF: String {
        guard utf8.contains(.cr) else { return self }
        var output: [UInt8] = []
        let bytes = Array(utf8)
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == .cr && index + 1 < bytes.count && bytes[index + 1] == .lf {
                index += 1
                continue
            }
            output.append(bytes[index])
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}
