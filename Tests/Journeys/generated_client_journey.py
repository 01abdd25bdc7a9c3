"""A front's journey through a client generated from the served openapi.yaml.

Run by Tests/Journeys/run, which starts the server and generates the client first:

    python3 generated_client_journey.py --base-url URL --client-dir DIR --generation-log FILE --packs DIR...

The journey uses only the generated models and operations, as a front would: it registers, signs
in, lists and opens a course, starts the example course's practice quiz, saves one answer of each
kind, submits, reads the review, completes the course the exam needs, passes the exam and fetches
the credential. The right answers come from the pack files the server imported: that is what the
test knows, not something a client model carries.

It also checks the generation itself: no warning for an operation with a JSON body, and no request
model with an untyped (Any) field.
"""

import argparse
import ast
import importlib
import json
import pathlib
import re
import sys
import urllib.request

from ruamel.yaml import YAML

CLIENT_PACKAGE = "safeskills_client"


def fail(message):
    print(f"journey: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def check_generation(log_path, contract):
    """Every warning must be about a content type that is not JSON (zip, CSV, YAML, images, VC-JWT)."""
    log = pathlib.Path(log_path).read_text()
    blocks = re.split(r"\n(?=WARNING )", log)
    warnings = [block for block in blocks if block.startswith("WARNING ")]
    for block in warnings:
        types = re.findall(r"Unsupported content[ _]type:? ?([^\s,)]+(?:, [^\s,)]+)*)", block)
        heading = block.splitlines()[0]
        check(types, f"a generation warning that is not about a content type: {heading}")
        check(all("json" not in t for t in types), f"a generation warning about JSON: {heading}")
    json_operations = [
        (method.upper(), path)
        for path, item in contract["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "application/json" in operation.get("requestBody", {}).get("content", {})
    ]
    for method, path in json_operations:
        check(f"WARNING parsing {method} {path} " not in log, f"generation warned about {method} {path}")
    print(f"journey: generation: {len(warnings)} warning(s), none for the {len(json_operations)} operations with a JSON body")
    return json_operations


def request_schemas(contract):
    """The schema names reachable from a JSON request body."""
    schemas = contract["components"]["schemas"]
    names, stack = set(), []
    for item in contract["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict):
                body = operation.get("requestBody", {}).get("content", {}).get("application/json")
                if body:
                    stack.append(body["schema"])
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref:
                name = ref.rsplit("/", 1)[-1]
                if name not in names:
                    names.add(name)
                    stack.append(schemas[name])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return names


def check_request_models(client_dir, contract):
    """No declared field of a request model is typed `Any` (the `additional_properties` bag of
    unknown keys, which the server ignores, is not a field of the contract)."""
    models = pathlib.Path(client_dir) / CLIENT_PACKAGE / "models"
    checked = 0
    for name in sorted(request_schemas(contract)):
        schema = contract["components"]["schemas"][name]
        if schema.get("type") != "object":
            continue
        snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
        source = (models / f"{snake}.py").read_text()
        tree = ast.parse(source)
        cls = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == name)
        for statement in cls.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                field = statement.target.id
                annotation = ast.unparse(statement.annotation)
                if field == "additional_properties":
                    continue
                check(not re.search(r"\bAny\b", annotation), f"{name}.{field} is untyped: {annotation}")
                checked += 1
    check(checked > 50, f"only {checked} request fields were checked")
    print(f"journey: request models: {checked} fields, none untyped")


def load_keys(pack_dirs):
    """Question id → question, from the packs the server imported."""
    yaml = YAML(typ="safe")
    keys = {}
    for pack in pack_dirs:
        for file in sorted(pathlib.Path(pack).glob("questions/*.yaml")):
            for question in yaml.load(file.read_text()).get("questions", []):
                keys[question["id"]] = question
    return keys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--client-dir", required=True)
    parser.add_argument("--generation-log", required=True)
    parser.add_argument("--packs", nargs="+", required=True)
    args = parser.parse_args()

    with urllib.request.urlopen(f"{args.base_url}/openapi.yaml") as response:
        contract = YAML(typ="safe").load(response.read().decode())
    check_generation(args.generation_log, contract)
    check_request_models(args.client_dir, contract)

    sys.path.insert(0, args.client_dir)
    client_module = importlib.import_module(CLIENT_PACKAGE)
    models = importlib.import_module(f"{CLIENT_PACKAGE}.models")
    api = lambda name: importlib.import_module(f"{CLIENT_PACKAGE}.api.{name}")  # noqa: E731
    keys = load_keys(args.packs)

    headers = {"Accept-Language": "en", "X-Client": "journey"}
    anonymous = client_module.Client(base_url=args.base_url, headers=headers, raise_on_unexpected_status=True)

    def ok(response, status, what):
        check(response.status_code == status, f"{what}: HTTP {response.status_code.value} {response.content[:300]!r}")
        return response.parsed

    # Sign-up form: provinces, then an account with a profile that uses the enums.
    provinces = ok(api("reference.list_provinces").sync_detailed(client=anonymous), 200, "provinces")
    province = provinces.items[0].code
    version = next(iter(models.ConsentVersion))
    registration = models.RegistrationRequest(
        email="journey.front@example.org",
        password="grey heron over the paddy",
        display_name="Trần Văn Journey",
        locale=models.Locale.EN,
        birth_year=1985,
        province=province,
        sex=models.Sex.FEMALE,
        groups=[models.LearnerGroup.PARENT_OR_CARER, models.LearnerGroup.RURAL_RESIDENT],
        consents=[
            models.Consent(purpose=models.ConsentPurpose.TERMS, version=version),
            models.Consent(purpose=models.ConsentPurpose.STATISTICS, version=version),
        ],
        device_key="journey-device-0001",
    )
    ok(api("auth.register").sync_detailed(client=anonymous, body=registration), 201, "register")

    login = models.LoginRequest(identifier="journey.front@example.org", password="grey heron over the paddy")
    session = ok(api("auth.login").sync_detailed(client=anonymous, body=login), 200, "sign in")
    client = client_module.AuthenticatedClient(
        base_url=args.base_url, token=session.access_token, headers=headers, raise_on_unexpected_status=True
    )
    me = ok(api("me.get_me").sync_detailed(client=client), 200, "me")
    check(me.display_name == "Trần Văn Journey" and me.province == province, "the profile was kept")

    # The catalog: list, open a course and a lesson, mark the lesson.
    courses = ok(api("catalog.list_courses").sync_detailed(client=anonymous), 200, "courses")
    check(any(course.id == "example-course" for course in courses.items), "the example course is listed")
    outline = ok(api("catalog.get_course").sync_detailed("example-course", client=anonymous), 200, "course outline")
    lesson = outline.lessons[0]
    ok(api("catalog.get_lesson").sync_detailed("example-course", lesson.id, client=anonymous), 200, "lesson")
    progress = models.LessonProgressChange(status=models.LessonProgressChangeStatus.COMPLETED)
    ok(api("learning.set_lesson_progress").sync_detailed("example-course", lesson.id, client=client, body=progress), 200, "progress")

    def answer_for(item):
        question = keys[item.id]
        kind = item.type_.value
        if kind in ("single", "multiple"):
            key = question["answer"]
            return models.OptionIdsAnswer(option_ids=key if isinstance(key, list) else [key])
        if kind == "trueFalse":
            return models.OptionIdsAnswer(option_ids=["true" if question["answer"] else "false"])
        if kind == "ordering":
            return models.OrderAnswer(order=list(question["answer"]))
        if kind == "matching":
            pairs = models.PairsAnswerPairs()
            pairs.additional_properties = {left: right for left, right in question["answer"].items()}
            return models.PairsAnswer(pairs=pairs)
        if kind == "shortText":
            return models.TextAnswer(text=question["accepted"]["en"][0])
        fail(f"an item of unknown type {kind}")

    def answer_all(attempt):
        shapes = set()
        for item in attempt.items:
            body = answer_for(item)
            saved = ok(api("quizzes.save_answer").sync_detailed(attempt.id, item.id, client=client, body=body), 200, f"save {item.id}")
            check(saved.item_id == item.id, "the saved answer names its item")
            shapes.add(type(body).__name__)
        return shapes

    # The practice quiz: one answer of each of the four kinds, submit, review.
    quiz = outline.quizzes[0]
    attempt = ok(api("quizzes.start_attempt").sync_detailed(quiz.id, client=client), 201, "start quiz")
    shapes = answer_all(attempt)
    check(shapes == {"OptionIdsAnswer", "OrderAnswer", "PairsAnswer", "TextAnswer"}, f"every kind of answer was saved: {shapes}")
    result = ok(api("quizzes.submit_attempt").sync_detailed(attempt.id, client=client), 200, "submit")
    check(result.passed is True and result.score == 1, f"the practice quiz passed with every answer right: {result.to_dict()}")
    review = ok(api("quizzes.get_attempt_review").sync_detailed(attempt.id, client=client), 200, "review")
    check(len(review.items) == len(attempt.items) and all(item.correct for item in review.items), "the review shows every item right")

    # The exam: complete the course it needs, start it, answer, submit, fetch the credential.
    programmes = ok(api("certification.list_certifications").sync_detailed(client=client), 200, "certifications")
    programme = programmes.items[0]
    prerequisite = ok(api("catalog.get_course").sync_detailed(programme.prerequisite_course, client=anonymous), 200, "prerequisite")
    for lesson in prerequisite.lessons:
        ok(
            api("learning.set_lesson_progress").sync_detailed(prerequisite.id, lesson.id, client=client, body=progress),
            200,
            f"complete {lesson.id}",
        )
    exam = ok(api("certification.start_exam").sync_detailed(programme.id, client=client), 201, "start exam")
    answer_all(exam)
    graded = ok(api("quizzes.submit_attempt").sync_detailed(exam.id, client=client), 200, "submit exam")
    check(graded.passed is True, f"the exam passed: {graded.to_dict()}")
    certificates = ok(api("certification.list_my_certificates").sync_detailed(client=client), 200, "my certificates")
    check(len(certificates.items) == 1, "one certificate")
    certificate = certificates.items[0]
    verified = ok(api("verification.get_certificate").sync_detailed(certificate.id, client=anonymous), 200, "verify")
    check(verified.status.value == "valid", "the certificate verifies as valid")
    # The credential is `application/vc+jwt`, a content type the generator leaves out (one of the
    # warnings it may give), so a front fetches it with the generated client's own HTTP client at the
    # URL the typed verification gives.
    credential = anonymous.get_httpx_client().get(verified.credential_url)
    check(credential.status_code == 200, f"credential: HTTP {credential.status_code}")
    check(credential.headers["content-type"].startswith("application/vc+jwt"), "the credential is a VC-JWT")
    check(len(credential.content.split(b".")) == 3, "the credential is a compact JWS")
    header = json.loads(_base64url(credential.content.split(b".")[0]))
    check(header.get("alg") == "EdDSA", f"the credential is signed with Ed25519: {header}")
    print(
        f"journey: passed: registered, signed in, {len(courses.items)} courses listed, practice quiz "
        f"{len(attempt.items)} items in {len(shapes)} shapes, exam {len(exam.items)} items passed, credential fetched"
    )


def _base64url(part):
    import base64

    return base64.urlsafe_b64decode(part + b"=" * (-len(part) % 4))


if __name__ == "__main__":
    main()
