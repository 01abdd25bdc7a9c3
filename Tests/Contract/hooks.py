"""schemathesis hooks for Tests/Contract/run (loaded through SCHEMATHESIS_HOOKS).

- Every operation but those that end a session is called with the seeded administrator's token
  (an administrator who is also a learner with attempts and a certificate), signed in once.
- The operations that end a session (sign-out, password change, erasure) get a fresh account and
  token of their own for every call, so they never end the session the rest of the run uses.
- Every call comes from its own client address (`X-Forwarded-For`, which the server trusts in
  this run), so the per-address throttles of sign-in, registration and reset do not answer 429 to
  the whole run. Per-account throttles still apply, and 429 is in the contract where they do.
- A check of our own, status_code_listed: every status an operation answers is listed on it, not
  only covered by its `default` response (which would let status_code_conformance pass anything).
- Course-pack zips are sent as the bytes generated (schemathesis has no zip serializer).
"""

import itertools
import json
import os
import threading
import urllib.request

import schemathesis

ACCOUNTS = json.loads(open(os.environ["CONTRACT_ACCOUNTS"]).read())
SESSION_ENDERS = ["logout", "changePassword", "eraseMe"]
_counter = itertools.count(1)
_lock = threading.Lock()


def _next():
    with _lock:
        return next(_counter)


def _address(n):
    # Documentation ranges (RFC 5737): header values only, never a destination.
    return f"198.51.{100 + (n // 250) % 100}.{1 + n % 250}" if n % 2 else f"203.0.{113 + (n // 250) % 100}.{1 + n % 250}"


def _post(path, body, address):
    request = urllib.request.Request(
        ACCOUNTS["base"] + path,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "X-Forwarded-For": address, "X-Client": "contract-hooks"},
    )
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


@schemathesis.auth(refresh_interval=3600, retry_on=[]).skip_for(operation_id=SESSION_ENDERS)
class AdministratorToken:
    def get(self, case, context):
        account = ACCOUNTS["fuzzer"]
        session = _post("/v1/auth/login", {"identifier": account["email"], "password": account["password"]}, _address(0))
        # Kept for the runner, which checks after the run that this session is still live.
        with open(os.environ["CONTRACT_TOKEN_FILE"], "w") as file:
            file.write(session["accessToken"])
        return session["accessToken"]

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.auth(refresh_interval=None).apply_to(operation_id=SESSION_ENDERS)
class FreshAccount:
    """A new account for each call: its first session is the one the call may end."""

    def get(self, case, context):
        n = _next()
        session = _post(
            "/v1/auth/register",
            {
                "email": f"contract.fresh.{n}@example.org",
                "password": ACCOUNTS["sessions"]["password"],
                "displayName": "Fresh Session",
                "locale": "en",
                "ageConfirmed": "16+",
                "consents": [{"purpose": "terms", "version": ACCOUNTS["consentVersion"]}],
            },
            _address(1_000_000 + n),
        )
        return session["accessToken"]

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.hook
def before_call(context, case, kwargs):
    case.headers = case.headers or {}
    case.headers.setdefault("X-Forwarded-For", _address(_next()))


# Course packs are uploaded as zip bytes, sent as they are.
schemathesis.serializer.alias("application/zip", "application/octet-stream")


# Statuses every operation may answer, described once in the contract (`default`, and the Problem
# response's description): 406 for an Accept the API cannot answer, 500, and 503 when the database
# is out of reach or busy. Any other status must be listed on the operation itself.
ANY_OPERATION = {406, 500, 503}


@schemathesis.check
def status_code_listed(ctx, response, case):
    """The status is one the operation lists, not only one its `default` response covers."""
    listed = {str(key) for key in case.operation.definition.raw.get("responses", {}) if str(key) != "default"}
    status = response.status_code
    if status in ANY_OPERATION or str(status) in listed or f"{str(status)[0]}XX" in listed:
        return None
    raise AssertionError(f"{case.operation.label} answered {status}, which it does not list (only its `default` covers it)")
