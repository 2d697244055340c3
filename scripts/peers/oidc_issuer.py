#!/usr/bin/env python3
"""An independent OIDC provider for the tests: an RSA key only the test holds, its JWKS, and ID
tokens signed by PyJWT.

stdin:  {"privateKeyPem": "<PEM>" (optional: a fresh RSA-2048 key when absent), "kid": "<kid>",
         "tokens": [{"claims": {…}, "alg": "RS256" (optional), "kid": "<kid>" (optional override)}, …]}
        "alg" may also be "HS256-with-public-key": the algorithm-confusion forgery, an HS256 token
        whose HMAC key is the PEM text of the RSA public key (made with hmac, since PyJWT refuses it).
stdout: {"privateKeyPem", "publicKeyPem", "jwks": {"keys": [{kty, kid, use, alg, n, e}]}, "tokens": ["<JWT>", …]}
"""
import base64
import hashlib
import hmac
import json
import sys

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def integer_bytes(value: int) -> bytes:
    return value.to_bytes((value.bit_length() + 7) // 8, "big")


def main() -> None:
    request = json.load(sys.stdin)
    if request.get("privateKeyPem"):
        key = serialization.load_pem_private_key(request["privateKeyPem"].encode(), password=None)
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    kid = request.get("kid", "test-kid")
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    numbers = key.public_key().public_numbers()
    jwk = {"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256", "n": b64url(integer_bytes(numbers.n)), "e": b64url(integer_bytes(numbers.e))}
    tokens = []
    for item in request.get("tokens", []):
        token_kid = item.get("kid", kid)
        alg = item.get("alg", "RS256")
        if alg == "HS256-with-public-key":
            header = b64url(json.dumps({"alg": "HS256", "kid": token_kid, "typ": "JWT"}, separators=(",", ":")).encode())
            payload = b64url(json.dumps(item["claims"], separators=(",", ":")).encode())
            mac = hmac.new(public_pem.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
            tokens.append(f"{header}.{payload}.{b64url(mac)}")
        else:
            tokens.append(jwt.encode(item["claims"], key, algorithm=alg, headers={"kid": token_kid}))
    json.dump(
        {"privateKeyPem": private_pem, "publicKeyPem": public_pem, "jwks": {"keys": [jwk]}, "tokens": tokens},
        sys.stdout,
    )


if __name__ == "__main__":
    main()
