/// One action of a NEAR transaction; chainmail sends function calls (and may send transfers).
public enum NEARAction: Sendable, Hashable {
    /// Calls `methodName` of the receiver with `args` (JSON bytes for most contracts), `gas` and an
    /// attached `deposit`. Borsh variant 2.
    case functionCall(methodName: String, args: [UInt8], gas: UInt64, deposit: YoctoNEAR)
    /// Sends `deposit` to the receiver. Borsh variant 3.
    case transfer(deposit: YoctoNEAR)

    /// Borsh `Action`: the variant's index, then its fields in order.
    package func write(to writer: inout BorshWriter) {
        switch self {
        case .functionCall(let methodName, let args, let gas, let deposit):
            writer.write(UInt8(2))
            writer.write(methodName)
            writer.write(bytes: args)
            writer.write(gas)
            writer.write(deposit)
        case .transfer(let deposit):
            writer.write(UInt8(3))
            writer.write(deposit)
        }
    }
}
