"""BIP-173's reference bech32 encoder (segwit version 0) and HASH160, written from the BIP: the
independent P2WPKH address of a key, for the Bitcoin fixtures and bitcoin_psbt.py's self-test."""
import hashlib

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def polymod(values):
    generator = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            check ^= generator[i] if ((top >> i) & 1) else 0
    return check


def segwit_v0_address(hrp, program):
    """bech32 of witness version 0 and `program` regrouped into 5-bit values, under `hrp`."""
    acc, bits, data = 0, 0, [0]
    for byte in program:
        acc, bits = (acc << 8) | byte, bits + 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    mod = polymod(expanded + data + [0] * 6) ^ 1
    return hrp + "1" + "".join(CHARSET[d] for d in data + [(mod >> 5 * (5 - i)) & 31 for i in range(6)])


def ripemd160(data):
    try:
        return hashlib.new("ripemd160", data).digest()
    except ValueError:  # OpenSSL 3 without its legacy provider
        from Crypto.Hash import RIPEMD160
        return RIPEMD160.new(data).digest()


def hash160(data):
    """RIPEMD-160(SHA-256(data)): the witness program of P2WPKH."""
    return ripemd160(hashlib.sha256(data).digest())
