import ChainSigner

/// What an approval says about an EVM transaction (PROTOCOL.md 8.3), in lines a person who knows no
/// JSON can read. Computed from the same `EVMTransaction` that is hashed and signed.
///
/// The lines, in this order (amounts exact with trailing zeros dropped, addresses in full EIP-55 case;
/// chain names and token symbols come from configuration and pass through `DisplayText`):
///
/// 1. Always: `On Ethereum (chain 1), from 0xAbC…:`; a chain id that is not configured reads
///    `On chain 999 (not configured), from 0x…:`.
/// 2. A non-zero `value`, whatever `data` holds: `Send 1.5 ETH to 0x…`.
/// 3. Non-empty `data`, one of:
///    - `Transfer 100 USDC (token 0x…) to 0x…`
///    - `Allow 0x… to spend 100 USDC (token 0x…)`, or `Allow 0x… to spend UNLIMITED USDC (token 0x…)`
///      when the amount is at least 2^255
///    - `Move 5 DAI (token 0x…) from 0x… to 0x…`
///    - on a token not in the lists: `Transfer 1000000 (raw amount) of unknown token 0x… to 0x…`,
///      `Allow 0x… to spend 1000000 (raw amount) of unknown token 0x…` (`UNLIMITED` as above),
///      `Move 1000000 (raw amount) of unknown token 0x… from 0x… to 0x…`
///    - anything else: `Call contract 0x… with data 0x12345678… (68 bytes, not decoded)`; data of 4
///      bytes or fewer is written whole, without the `…`.
/// 4. Always: `Network fee: at most 0.00063 ETH (gas limit 21000 at up to 30 gwei)`: gasLimit ×
///    maxFeePerGas in the native unit, and maxFeePerGas in gwei (10^9 wei).
///
/// On a chain that is not configured, native amounts read `1500000000000000000 (raw amount)`;
/// the engine refuses such a transaction anyway, but the function stays total. Decimals outside
/// 0…77 (`TokenList.maximumDecimals`) cannot come from a checked token list or configuration; should
/// they reach here, native amounts read as raw amounts and such a token as an unknown token, so the
/// work stays bounded.
public enum EVMSummary {
    /// How many scalars of a configured chain name an approval shows.
    static let nameLimit = 64
    /// How many scalars of a configured symbol an approval shows.
    static let symbolLimit = 32

    /// The lines described above.
    public static func lines(for transaction: EVMTransaction, chains: ChainRegistry) -> [String] {
        let chain = chains.evmChain(transaction.chainId)
        var lines: [String] = []
        if let chain {
            lines.append(
                "On \(DisplayText.escaped(chain.name, limit: nameLimit)) (chain \(transaction.chainId)), from \(transaction.from.checksummed):"
            )
        } else {
            lines.append("On chain \(transaction.chainId) (not configured), from \(transaction.from.checksummed):")
        }
        if !transaction.value.isZero {
            lines.append("Send \(nativeAmount(transaction.value, chain: chain)) to \(transaction.to.checksummed)")
        }
        if !transaction.data.isEmpty {
            lines.append(callLine(transaction, chains: chains))
        }
        lines.append(
            "Network fee: at most \(nativeAmount(transaction.maximumFee, chain: chain))"
                + " (gas limit \(transaction.gasLimit) at up to \(transaction.maxFeePerGas.formatted(decimals: 9)) gwei)"
        )
        return lines
    }

    /// An amount of the native coin: `1.5 ETH`, or the raw wei on a chain that is not configured.
    static func nativeAmount(_ amount: UInt256, chain: EVMChain?) -> String {
        guard let chain, hasUsableDecimals(chain.decimals) else { return "\(amount.decimalString) (raw amount)" }
        return "\(amount.formatted(decimals: chain.decimals)) \(DisplayText.escaped(chain.symbol, limit: symbolLimit))"
    }

    /// The line of non-empty calldata: an ERC-20 call in words, or the undecoded call.
    static func callLine(_ transaction: EVMTransaction, chains: ChainRegistry) -> String {
        let contract = transaction.to
        guard let call = ERC20Call(calldata: transaction.data) else {
            let shown = transaction.data.prefix(4).hexString
            let more = transaction.data.count > 4 ? "…" : ""
            let unit = transaction.data.count == 1 ? "byte" : "bytes"
            return "Call contract \(contract.checksummed) with data 0x\(shown)\(more) (\(transaction.data.count) \(unit), not decoded)"
        }
        let token = chains.token(chainId: transaction.chainId, address: contract).flatMap { hasUsableDecimals($0.decimals) ? $0 : nil }
        switch call {
        case .transfer(let to, let amount):
            return "Transfer \(tokenAmount(amount, token: token, contract: contract)) to \(to.checksummed)"
        case .approve(let spender, let amount):
            let text: String
            if amount >= .twoToThe255 {
                text = token.map { "UNLIMITED \(symbol($0)) (token \(contract.checksummed))" } ?? "UNLIMITED of unknown token \(contract.checksummed)"
            } else {
                text = tokenAmount(amount, token: token, contract: contract)
            }
            return "Allow \(spender.checksummed) to spend \(text)"
        case .transferFrom(let from, let to, let amount):
            return "Move \(tokenAmount(amount, token: token, contract: contract)) from \(from.checksummed) to \(to.checksummed)"
        }
    }

    /// `100 USDC (token 0x…)` for a listed token, `100000000 (raw amount) of unknown token 0x…` otherwise.
    static func tokenAmount(_ amount: UInt256, token: TokenInfo?, contract: EVMAddress) -> String {
        guard let token else { return "\(amount.decimalString) (raw amount) of unknown token \(contract.checksummed)" }
        return "\(amount.formatted(decimals: token.decimals)) \(symbol(token)) (token \(contract.checksummed))"
    }

    /// Whether amounts can be written with these decimals: 0…77, so formatting stays short.
    static func hasUsableDecimals(_ decimals: Int) -> Bool {
        (0...TokenList.maximumDecimals).contains(decimals)
    }

    private static func symbol(_ token: TokenInfo) -> String {
        DisplayText.escaped(token.symbol, limit: symbolLimit)
    }
}
