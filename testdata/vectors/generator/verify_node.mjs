// Third route, outside Python: Node 20 (OpenSSL 3.0) plus small BigInt curve arithmetic written from the SEC 2 formulas.
import fs from 'node:fs';
import crypto from 'node:crypto';

const D = process.argv[2] || new URL('..', import.meta.url).pathname;
const load = (n) => JSON.parse(fs.readFileSync(`${D}/${n}`, 'utf8'));
const hex = (b) => Buffer.from(b).toString('hex');
const H = (alg, b) => crypto.createHash(alg).update(b).digest();
const b64u = (s) => Buffer.from(s, 'base64url');
let checks = 0;
const ok = (c, m) => { if (!c) throw new Error('FAILED: ' + m); checks++; };

// ---- RFC 8785 by its definition: keys sorted by UTF-16 code units (JS default sort), primitives by JSON.stringify
function canon(v) {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(canon).join(',') + ']';
  return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}';
}

const J = load('jcs-txhash.json');
const TX = {};
for (const t of J.transactions) {
  const c = canon(t.transaction);
  ok(c === t.jcs, 'jcs ' + t.id);
  ok(hex(Buffer.from(c, 'utf8')) === t.jcsUtf8Hex, 'jcs hex ' + t.id);
  ok(canon(JSON.parse(t.inputText)) === t.jcs, 'inputText ' + t.id);
  ok(hex(H('sha256', Buffer.from(c, 'utf8'))) === t.txHash, 'txHash ' + t.id);
  TX[t.id] = t.txHash;
}
ok(TX['tx-protocol-example'] === 'bf6baaf3357ea09424e02d48e70066b3b3c34783b5139310c9b7375f7a4dc8d6', 'protocol example');
for (const c of J.genericJcs.cases) ok(canon(JSON.parse(c.inputText)) === c.expected, 'generic ' + c.name);
const txOf = (c) => TX[c.transactionId.split(' ')[0]];

// ---- secp256k1 in BigInt
const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const G = [0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n,
           0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n];
const mod = (a, m) => ((a % m) + m) % m;
function inv(a, m) { let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n]; while (r1) { const q = r0 / r1; [r0, r1] = [r1, r0 - q * r1]; [s0, s1] = [s1, s0 - q * s1]; } return mod(s0, m); }
function add(p1, p2) {
  if (!p1) return p2; if (!p2) return p1;
  if (p1[0] === p2[0] && mod(p1[1] + p2[1], P) === 0n) return null;
  const l = (p1[0] === p2[0] && p1[1] === p2[1]) ? mod(3n * p1[0] * p1[0] * inv(2n * p1[1], P), P)
                                                 : mod((p2[1] - p1[1]) * inv(p2[0] - p1[0], P), P);
  const x = mod(l * l - p1[0] - p2[0], P);
  return [x, mod(l * (p1[0] - x) - p1[1], P)];
}
function mul(k, pt) { let r = null; for (let b = k; b > 0n; b >>= 1n) { if (b & 1n) r = add(r, pt); pt = add(pt, pt); } return r; }
const big = (h) => BigInt('0x' + h);
const h32 = (x) => x.toString(16).padStart(64, '0');
const unc = (pt) => '04' + h32(pt[0]) + h32(pt[1]);
const fromUnc = (h) => [big(h.slice(2, 66)), big(h.slice(66, 130))];
const decompress = (h) => crypto.ECDH.convertKey(Buffer.from(h, 'hex'), 'secp256k1', undefined, 'hex', 'uncompressed'); // OpenSSL
function ecdsaVerify(z, r, s, Q) {
  if (r <= 0n || r >= N || s <= 0n || s >= N) return false;
  const w = inv(s, N);
  const X = add(mul(mod(z * w, N), G), mul(mod(r * w, N), Q));
  return X !== null && mod(X[0], N) === r;
}
const opensslPub = (secretHex) => { const e = crypto.createECDH('secp256k1'); e.setPrivateKey(Buffer.from(secretHex, 'hex')); return hex(e.getPublicKey()); };

const KD = load('near-kdf.json');
const PFX = 'near-mpc-recovery v0.1.0 epsilon derivation:';
for (const c of KD.publishedTweaks.cases) ok(hex(H('sha3-256', PFX + c.predecessor + ',' + c.path)) === c.tweak, 'tweak');
for (const c of [...KD.publishedDerivedKeys, ...KD.localSigner.cases]) {
  const dp = c.derivationPath ?? c.path;
  const t = H('sha3-256', Buffer.from(PFX + c.predecessor + ',' + dp, 'utf8'));
  ok(hex(t) === c.tweak, 'tweak ' + dp);
  ok(decompress(c.rootPublicKeyCompressed) === c.rootPublicKeyUncompressed, 'root decompress');
  const d = add(fromUnc(c.rootPublicKeyUncompressed), mul(big(hex(t)), G));
  ok(unc(d) === c.derivedPublicKeyUncompressed, 'derived ' + dp);
  ok(decompress(c.derivedPublicKeyCompressed) === c.derivedPublicKeyUncompressed, 'derived decompress');
  if (c.derivedSecret) {
    ok(h32(mod(big(c.rootSecret) + big(c.tweak), N)) === c.derivedSecret, 'secret');
    ok(opensslPub(c.derivedSecret) === c.derivedPublicKeyUncompressed, 'openssl pub');
    ok(opensslPub(c.rootSecret) === c.rootPublicKeyUncompressed, 'openssl root pub');
    ok(big(c.signature.s) <= N / 2n, 'low s');
    ok(ecdsaVerify(big(c.payload), big(c.signature.r), big(c.signature.s), d), 'ecdsa ' + c.name);
    // recovery id = parity of R.y where R.x = r
    const R = fromUnc(decompress('02' + c.signature.r));
    const w = inv(big(c.signature.s), N);
    const R2 = add(mul(mod(big(c.payload) * w, N), G), mul(mod(big(c.signature.r) * w, N), d));
    ok(R2[0] === R[0] && Number(R2[1] & 1n) === c.signature.v, 'recovery id ' + c.name);
    ok(c.mpcResponse.big_r.affine_point === (c.signature.v ? '03' : '02') + c.signature.r, 'mpc shape');
  }
}

const E = load('evm-personal-sign.json');
for (const c of E.cases) {
  const m = Buffer.from(c.message, 'utf8');
  ok(m.length === c.messageByteLength, 'utf8 length');
  ok(hex(Buffer.concat([Buffer.from('\x19Ethereum Signed Message:\n' + m.length, 'latin1'), m])) === c.eip191PreimageHex, 'preimage');
  const Q = fromUnc(opensslPub(c.privateKey));
  ok(ecdsaVerify(big(c.eip191Digest), big(c.r), big(c.s), Q), 'evm ecdsa');
  ok(c.signature === '0x' + c.r + c.s + c.v.toString(16), 'sig layout');
}
const hs = E.negative.find((c) => /high-s/.test(c.description));
ok(big(hs.s) > N / 2n && ecdsaVerify(big(hs.eip191Digest), big(hs.r), big(hs.s), fromUnc(opensslPub(E.cases[0].privateKey))), 'high-s is math-valid');

// ---- NEP-413 with OpenSSL Ed25519
const NP = load('nep413.json');
for (const c of [...NP.cases, ...NP.negative]) {
  const m = Buffer.from(c.message, 'utf8');
  const u32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
  const txh = txOf(c);
  const proper = Buffer.concat([u32(2147484061), u32(m.length), m, Buffer.from(txh, 'hex'), u32(Buffer.byteLength(NP.recipient)), Buffer.from(NP.recipient), Buffer.from([0])]);
  const key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(c.publicKeyHex, 'hex').toString('base64url') }, format: 'jwk' });
  const priv = crypto.createPrivateKey({ key: Buffer.from('302e020100300506032b657004220420' + c.secretSeed, 'hex'), format: 'der', type: 'pkcs8' });
  ok(hex(b64u(crypto.createPublicKey(priv).export({ format: 'jwk' }).x)) === c.publicKeyHex, 'ed25519 pub');
  const good = crypto.verify(null, H('sha256', proper), key, Buffer.from(c.signatureBase64, 'base64'));
  ok(good === !c.mustBeRefused, 'nep413 ' + c.name);
  if (!c.mustBeRefused) ok(hex(crypto.sign(null, H('sha256', proper), priv)) === c.signatureHex, 'nep413 resign');
}

// ---- WebAuthn with OpenSSL P-256
const W = load('webauthn.json');
for (const c of [...W.valid, ...W.negative]) {
  const ad = b64u(c.authenticatorData), cd = b64u(c.clientDataJSON);
  const pubU = crypto.ECDH.convertKey(Buffer.from(c.publicKeyCompressed, 'hex'), 'prime256v1', undefined, 'hex', 'uncompressed');
  ok(pubU === c.publicKeyUncompressed, 'p256 decompress');
  { const e = crypto.createECDH('prime256v1'); e.setPrivateKey(Buffer.from(c.privateKeyHex, 'hex')); ok(e.getPublicKey('hex') === pubU, 'p256 private->public'); }
  const key = crypto.createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: Buffer.from(pubU.slice(2, 66), 'hex').toString('base64url'), y: Buffer.from(pubU.slice(66), 'hex').toString('base64url') }, format: 'jwk' });
  const sigOk = crypto.verify('sha256', Buffer.concat([ad, H('sha256', cd)]), { key, dsaEncoding: 'der' }, b64u(c.signature));
  const cdj = JSON.parse(cd.toString('utf8'));
  const all = sigOk && cdj.type === 'webauthn.get' && cdj.origin === W.origin &&
    cdj.challenge === Buffer.from(txOf(c), 'hex').toString('base64url') &&
    hex(ad.subarray(0, 32)) === hex(H('sha256', W.rpId)) && (ad[32] & 1) === 1;
  ok(all === !c.mustBeRefused, 'webauthn ' + c.name);
}

// ---- OIDC with OpenSSL RSA / P-256
const O = load('oidc.json');
const keys = Object.fromEntries(O.jwks.keys.map((k) => [k.kid, k]));
for (const c of [...O.valid, ...O.negative]) {
  const [h, p, s] = c.token.split('.');
  const hdr = JSON.parse(b64u(h)); const cl = JSON.parse(b64u(p));
  let sigOk = false;
  const k = keys[hdr.kid];
  if (k && k.alg === hdr.alg && (hdr.alg === 'RS256' || hdr.alg === 'ES256')) {
    const { alg, use, kid, ...jwk } = k;
    const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
    sigOk = crypto.verify('sha256', Buffer.from(h + '.' + p), hdr.alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key, b64u(s));
  }
  const id = c.identity.value;
  const all = sigOk && cl.iss === id.issuer && cl.aud === id.clientId && cl.email === id.email && cl.email_verified === true &&
    cl.nonce === txOf(c) && O.now < cl.exp + O.skewSeconds && cl.iat <= O.now + O.skewSeconds;
  ok(all === !c.mustBeRefused, 'oidc ' + c.name);
}
const hsTok = O.negative.find((c) => c.name === 'hs256-key-confusion').token.split('.');
ok(crypto.createHmac('sha256', Buffer.from(O.rsaPublicKeyPem)).update(hsTok[0] + '.' + hsTok[1]).digest('base64url') === hsTok[2], 'hs256 hmac');
const pub = crypto.createPublicKey(crypto.createPrivateKey(O.privateKeyPem)).export({ format: 'jwk' });
ok(pub.n === keys['test-key-1'].n && pub.e === keys['test-key-1'].e, 'jwks matches private key');
ok(crypto.createPublicKey(O.privateKeyPem).export({ type: 'spki', format: 'pem' }) === O.rsaPublicKeyPem, 'public pem');
{ const e = crypto.createECDH('prime256v1'); e.setPrivateKey(Buffer.from(O.ecPrivateKeyHex, 'hex')); const u = e.getPublicKey();
  ok(u.subarray(1, 33).toString('base64url') === keys['test-key-ec-1'].x && u.subarray(33).toString('base64url') === keys['test-key-ec-1'].y, 'ec jwk'); }
{ const { kty, n, e } = crypto.createPublicKey(crypto.createPrivateKey(O.unknownKidPrivateKeyPem)).export({ format: 'jwk' });
  ok(n !== keys['test-key-1'].n, 'unknown kid key differs');
  const [h, p, s] = O.negative.find((c) => c.name === 'unknown-kid').token.split('.');
  ok(crypto.verify('sha256', Buffer.from(h + '.' + p), crypto.createPublicKey(O.unknownKidPrivateKeyPem), b64u(s)), 'unknown kid token is well signed'); }

console.log(`node/OpenSSL cross-check: ${checks} checks passed`);
