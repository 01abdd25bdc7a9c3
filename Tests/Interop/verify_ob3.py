"""Verifies a SafeSkills credential with openbadgeslib, an independent Open Badges 3.0 implementation.

Usage: verify_ob3.py CREDENTIAL_JWT_FILE PUBLIC_KEY_PEM_FILE STATUS_LIST_JWT_FILE
Prints VALID and exits 0 when the credential, its signature, its status list's signature and its
revocation bit all check out; prints the reason and exits 1 otherwise.
"""
import sys

from openbadgeslib.ob3.verifier import OB3Verifier


def main() -> int:
    token = open(sys.argv[1], encoding="utf-8").read().strip()
    pem = open(sys.argv[2], encoding="utf-8").read()
    status_list = open(sys.argv[3], encoding="utf-8").read().strip().encode()
    try:
        OB3Verifier(pem).verify(token, check_status=True, verify_status_list=True, download=lambda url: status_list)
    except Exception as error:  # any failure is a verdict, reported as such
        print(f"INVALID: {error}")
        return 1
    print("VALID")
    return 0


if __name__ == "__main__":
    sys.exit(main())
