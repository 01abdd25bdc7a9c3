"""Seeds a fresh server for the contract fuzz, through the API and the admin command.

Run by Tests/Contract/run after the server is ready:

    python seed.py --base-url URL --binary PATH --packs DIR... --out DIR

It registers the fuzzer's account (full profile), makes it an administrator with
`safeskills users create-admin`, and with it completes the example course (its practice quiz
submitted: a closed attempt with a review), completes the course the exam needs, passes the exam (a
certificate), and leaves two practice attempts open: one the fuzzer may submit, one kept for answer
saves. A second learner is there for the admin operations on people. The operations that end a
session (sign-out, password change, erasure) get an account of their own per call from hooks.py,
with the SESSIONS password.

It writes DIR/schemathesis.toml: every id it made as dictionaries that the fuzzer draws path, query
and some body values from part of the time (the rest are its own), so calls get past 404; and
DIR/accounts.json for hooks.py.
"""

import argparse
import io
import json
import pathlib
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile

from ruamel.yaml import YAML

FUZZER = {"email": "contract.fuzzer@example.org", "password": "kingfisher above the rice terraces"}
OTHER = {"email": "contract.other@example.org", "password": "water buffalo in the evening rain"}
SESSIONS = {"password": "lotus pond under the morning mist"}


def fail(message):
    print(f"contract seed: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


class API:
    def __init__(self, base):
        self.base = base
        self.token = None

    def call(self, method, path, body=None, status=200, content_type="application/json", raw=None):
        headers = {"Accept-Language": "en", "X-Client": "contract-seed"}
        data = None
        if raw is not None:
            data = raw
            headers["Content-Type"] = content_type
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request) as response:
                code, payload = response.status, response.read()
        except urllib.error.HTTPError as error:
            code, payload = error.code, error.read()
        statuses = status if isinstance(status, tuple) else (status,)
        if code not in statuses:
            fail(f"{method} {path}: HTTP {code} {payload[:400]!r}")
        return json.loads(payload) if payload and payload[:1] in (b"{", b"[") else payload

    def sign_in(self, account):
        self.token = None
        session = self.call("POST", "/v1/auth/login", {"identifier": account["email"], "password": account["password"]})
        self.token = session["accessToken"]
        return session


def load_keys(pack_dirs):
    """Question id → question, from the packs the server imported."""
    keys = {}
    for pack in pack_dirs:
        for file in sorted(pathlib.Path(pack).glob("questions/*.yaml")):
            for question in (YAML(typ="safe").load(file.read_text()) or {}).get("questions", []):
                keys[question["id"]] = question
    return keys


def answer_for(item, keys):
    question = keys[item["id"]]
    kind = item["type"]
    if kind in ("single", "multiple"):
        key = question["answer"]
        return {"optionIds": key if isinstance(key, list) else [key]}
    if kind == "trueFalse":
        return {"optionIds": ["true" if question["answer"] else "false"]}
    if kind == "ordering":
        return {"order": list(question["answer"])}
    if kind == "matching":
        return {"pairs": dict(question["answer"])}
    if kind == "shortText":
        return {"text": question["accepted"]["en"][0]}
    fail(f"an item of unknown type {kind}")


def register(api, account, version, province, device):
    api.token = None
    api.call(
        "POST",
        "/v1/auth/register",
        {
            "email": account["email"],
            "password": account["password"],
            "displayName": "Contract Fuzz",
            "locale": "en",
            "birthYear": 1980,
            "province": province,
            "sex": "female",
            "groups": ["rural-resident"],
            "consents": [{"purpose": "terms", "version": version}, {"purpose": "statistics", "version": version}],
            "deviceKey": device,
        },
        status=201,
    )


def complete_course(api, course_id):
    outline = api.call("GET", f"/v1/courses/{course_id}")
    for lesson in outline["lessons"]:
        api.call("PUT", f"/v1/courses/{course_id}/lessons/{lesson['id']}/progress", {"status": "completed"})
    return outline


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--packs", nargs="+", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    api = API(args.base_url)
    keys = load_keys(args.packs)

    contract = YAML(typ="safe").load(api.call("GET", "/openapi.yaml").decode())
    version = contract["components"]["schemas"]["Consent"]["properties"]["version"]["enum"][0]
    province = api.call("GET", "/v1/provinces")["items"][0]["code"]

    register(api, OTHER, version, province, "contract-device-other")
    register(api, FUZZER, version, province, "contract-device-fuzzer")
    subprocess.run(
        [args.binary, "users", "create-admin", "--identifier", FUZZER["email"]],
        input=FUZZER["password"] + "\n",
        text=True,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    api.sign_in(FUZZER)

    # The example course: lessons, the practice quiz submitted (closed, with a review).
    outline = complete_course(api, "example-course")
    quiz = outline["quizzes"][0]["id"]
    attempt = api.call("POST", f"/v1/quizzes/{quiz}/attempts", status=201)
    for item in attempt["items"]:
        api.call("PUT", f"/v1/attempts/{attempt['id']}/answers/{item['id']}", answer_for(item, keys))
    api.call("POST", f"/v1/attempts/{attempt['id']}/submit")
    closed = attempt

    # The exam, after the course it needs: a certificate.
    programme = api.call("GET", "/v1/certifications")["items"][0]
    prerequisite = complete_course(api, programme["prerequisiteCourse"])
    exam = api.call("POST", f"/v1/certifications/{programme['id']}/attempts", status=201)
    for item in exam["items"]:
        api.call("PUT", f"/v1/attempts/{exam['id']}/answers/{item['id']}", answer_for(item, keys))
    graded = api.call("POST", f"/v1/attempts/{exam['id']}/submit")
    if not graded.get("passed"):
        fail(f"the exam did not pass: {graded}")
    certificates = [c["id"] for c in api.call("GET", "/v1/me/certificates")["items"]]
    if not certificates:
        fail("no certificate after passing the exam")

    # Practice attempts left open: one the fuzzer may submit, and one on another quiz that only
    # answer saves are pointed at, so saves can succeed all through the run.
    opened = api.call("POST", f"/v1/quizzes/{quiz}/attempts", status=(200, 201))
    saves = api.call("POST", f"/v1/quizzes/{prerequisite['quizzes'][0]['id']}/attempts", status=(200, 201))

    # A past import: the example pack again, as an admin uploads it.
    archive = io.BytesIO()
    pack = next(p for p in args.packs if pathlib.Path(p).name == "example-course")
    with zipfile.ZipFile(archive, "w") as zipped:
        for file in sorted(pathlib.Path(pack).rglob("*")):
            if file.is_file():
                zipped.write(file, file.relative_to(pack).as_posix())
    report = api.call("POST", "/v1/admin/course-packs", raw=archive.getvalue(), content_type="application/zip", status=(200, 201))

    other = api.call("GET", f"/v1/admin/users?identifier={OTHER['email']}")["items"][0]["id"]
    kids = [key["kid"] for key in api.call("GET", "/.well-known/jwks.json")["keys"] if "kid" in key]

    courses = [c["id"] for c in api.call("GET", "/v1/courses")["items"]]
    lessons = [lesson["id"] for lesson in outline["lessons"] + prerequisite["lessons"]]
    quizzes = [q["id"] for q in outline["quizzes"] + prerequisite.get("quizzes", [])]
    assets = sorted(p.name for p in (pathlib.Path(pack) / "assets").iterdir())
    dictionaries = {
        "courses": courses,
        "lessons": lessons,
        "quizzes": quizzes,
        "attempts": [opened["id"], closed["id"], exam["id"], saves["id"]],
        "submittable": [opened["id"], closed["id"], exam["id"]],
        "saves": [saves["id"]],
        "items": [item["id"] for item in saves["items"]],
        "options": sorted({option["id"] for item in saves["items"] for option in item.get("options", [])}),
        "programmes": [programme["id"]],
        "certificates": certificates,
        "imports": [report["importId"]],
        "users": [other],
        "identifiers": [FUZZER["email"], OTHER["email"]],
        "contacts": [FUZZER["email"]],
        # The password of the accounts hooks.py makes for sign-out, password change and erasure, so
        # that change and erasure also succeed (on those throwaway accounts only).
        "passwords": [SESSIONS["password"]],
        "lists": kids,
        "assets": assets,
    }
    bindings = {
        "path.courseId": "courses",
        "query.courseId": "courses",
        "path.lessonId": "lessons",
        "path.quizId": "quizzes",
        "query.quizId": "quizzes",
        "path.attemptId": "attempts",
        "body.optionIds[*]": "options",
        "body.order[*]": "options",
        "path.programId": "programmes",
        "path.certificateId": "certificates",
        "path.importId": "imports",
        "path.userId": "users",
        "query.identifier": "identifiers",
        "path.listId": "lists",
        "path.name": "assets",
        "body.contact": "contacts",
        "body.password": "passwords",
        "body.currentPassword": "passwords",
    }
    lines = ["# Written by Tests/Contract/seed.py for one run: the ids of the seeded data."]
    for name, values in dictionaries.items():
        lines.append(f"[dictionaries.{name}]\nvalues = {json.dumps(values)}")
    lines.append("[parameters]")
    for key, name in bindings.items():
        # Most draws hit seeded data (past 404), the rest are the fuzzer's own values.
        probability = 0.5 if key.startswith("body.") else 0.8
        lines.append(f'"{key}" = {{ dictionary = "{name}", probability = {probability} }}')
    # Saves go to the attempt kept for them, submits never do.
    for operation, attempts in (("saveAnswer", "saves"), ("submitAttempt", "submittable")):
        lines.append(f'[[operations]]\ninclude-operation-id = "{operation}"')
        item = ', "path.itemId" = { dictionary = "items", probability = 0.8 }' if operation == "saveAnswer" else ""
        lines.append(f'parameters = {{ "path.attemptId" = {{ dictionary = "{attempts}", probability = 0.8 }}{item} }}')
    (out / "schemathesis.toml").write_text("\n".join(lines) + "\n")
    (out / "accounts.json").write_text(
        json.dumps({"base": args.base_url, "fuzzer": FUZZER, "sessions": SESSIONS, "consentVersion": version})
    )
    print(
        f"contract seed: admin learner with {len(certificates)} certificate(s), attempts open {opened['id']} and "
        f"{saves['id']}, closed {closed['id']}, {len(courses)} courses, import {report['importId']}"
    )


if __name__ == "__main__":
    main()
