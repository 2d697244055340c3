#!/usr/bin/env bash
# Regenerates every vector file and re-checks it. Needs Python 3.11 with requirements.txt, node >= 20,
# a git clone of github.com/near/mpc (NEAR_MPC_GIT) and of github.com/cyberphone/json-canonicalization (JCS_REF_GIT).
# Output goes to VECTOR_OUT (default testdata/vectors, the folder above this one); the RSA test keys are read back from its oidc.json.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
for g in gen_jcs gen_keccak gen_kdf gen_evm gen_nep413 gen_webauthn gen_oidc; do "$PY" "$g.py"; done
"$PY" verify_all.py "${VECTOR_OUT:-..}"
node verify_node.mjs "${VECTOR_OUT:-..}"
