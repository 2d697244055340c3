/// PROTOCOL.md 5: the parts a transaction block may be read from.
extension TextBody {
    /// Every inline text/plain part of the tree, in depth-first order: not an attachment (nor inside a
    /// multipart that is one), not text/html or any other type, not inside an attached message
    /// (`message/*` parts are leaves and never searched).
    public static func inlinePlainTextParts(_ root: MIMEEntity) -> [MIMEEntity] {
        var found: [MIMEEntity] = []
        // An explicit stack: the tree is at most `MIMELimits.maxDepth` deep, but no recursion is needed.
        var pending: [MIMEEntity] = [root]
        while let entity = pending.popLast() {
            if entity.isAttachment { continue }
            if entity.contentType.isMultipart {
                pending.append(contentsOf: entity.children.reversed())
            } else if entity.contentType.isTextPlain {
                found.append(entity)
            }
        }
        return found
    }
}
