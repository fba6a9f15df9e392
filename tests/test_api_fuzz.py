"""Every route of the app under hostile requests: no reply is a 500, an API error is JSON with a `detail` string, no
reply shows a traceback, and a version that was saved answers its plan, cards, findings and trips.

The table is built from the app's own routes (the static files aside), so a route added later is
fuzzed without being listed here. Each path and query parameter gets wrong types and numbers no
database holds; each body gets wrong JSON types, missing and extra keys, huge strings, deep
nesting, bytes that are not UTF-8 and other content types; each body that takes a scenario text
gets hostile YAML. Then hypothesis sends random values to random routes: a few hundred examples,
the same ones every run, in the normal run; many more, new ones each run, with `-m fuzz`.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import fastapi.routing
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Mount
from test_api import AIR, PARADE, Client

from paradeplan.web.app import create_app
from paradeplan.web.auth import LIVE
from paradeplan.web.limits import MAX_BODY_BYTES
from paradeplan.web.routes import API_URL
from paradeplan.web.schemas import MAX_SCENARIO_CHARS
from paradeplan.web.settings import settings as app_settings

SMALL_PARADE = PARADE + AIR
EXAMPLE = "small-parade"  # the one example of the fuzzed app: SMALL_PARADE, imported as scenario 1
VALID_BODY = {"yaml": SMALL_PARADE, "message": "fuzz", "filename": "fuzz.yaml", "author": "fuzz", "example": EXAMPLE}
RANDOM_EXAMPLES = 300  # the normal run: about 5 s
FUZZ_EXAMPLES = 20_000  # with -m fuzz


# --- the routes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    """One method on one route, and what it takes: path parameters, query parameters, the keys of its JSON body."""

    method: str
    path: str  # as declared, e.g. /api/scenarios/{scenario_id}/plan
    query: tuple[str, ...]
    body_keys: tuple[str, ...] | None  # None: it takes no body

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"{(\w+)(?::\w+)?}", self.path)

    @property
    def is_api(self) -> bool:
        return self.path.startswith(API_URL + "/")

    def url(self, query: dict[str, str] | None = None, **path: str) -> str:
        """The route's URL with each path parameter given (the others "1", which exists) and the query."""
        filled = re.sub(r"{(\w+)(?::\w+)?}", lambda m: quote(path.get(m.group(1), "1"), safe=""), self.path)
        return filled + (f"?{urlencode(query)}" if query else "")

    def valid_body(self) -> dict[str, Any] | None:
        return None if self.body_keys is None else {key: VALID_BODY.get(key, "fuzz") for key in self.body_keys}

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def every_route(app: fastapi.FastAPI) -> Iterator[Any]:
    """Every route of the app, those of included routers at their full path, the mounted static files aside."""
    contexts = getattr(fastapi.routing, "iter_route_contexts", None)  # FastAPI 0.165 keeps included routers whole
    for route in contexts(app.routes) if contexts else app.routes:
        if not isinstance(getattr(route, "original_route", route), Mount):
            yield route


def body_keys(app: fastapi.FastAPI) -> dict[tuple[str, str], tuple[str, ...]]:
    """(method, path) -> the keys of the JSON object the operation takes, as the OpenAPI description gives them."""
    document = app.openapi()
    schemas = document["components"]["schemas"]

    def keys(schema: dict[str, Any]) -> list[str]:
        if "$ref" in schema:
            return keys(schemas[schema["$ref"].rsplit("/", 1)[1]])
        return [*schema.get("properties", {})] + [k for option in schema.get("anyOf", []) for k in keys(option)]

    return {(method.upper(), path): tuple(keys(operation["requestBody"]["content"]["application/json"]["schema"]))
            for path, operations in document["paths"].items() for method, operation in operations.items()
            if "requestBody" in operation}


ENDLESS = {LIVE + "/stream"}  # answers never end in process; tests/test_live_stream.py tries it on a real server


def operations(app: fastapi.FastAPI) -> list[Operation]:
    """Every method of every route, HEAD aside (it answers as GET, without a body)."""
    bodies = body_keys(app)
    found = []
    for route in every_route(app):
        original = getattr(route, "original_route", route)
        dependant = getattr(original, "dependant", None)
        query = tuple(p.alias for p in dependant.query_params) if dependant is not None else ()
        if route.path in ENDLESS:
            continue
        for method in sorted(set(route.methods or ()) - {"HEAD"}):
            found.append(Operation(method, route.path, query, bodies.get((method, route.path))))
    return found


NO_EXAMPLES = Path(__file__).parent / "no-such-folder"
OPERATIONS = operations(create_app(app_settings(db="sqlite://", examples=NO_EXAMPLES)))  # listed at collection


# --- the hostile values -----------------------------------------------------------------------------

HOSTILE_NUMBERS = ["abc", "1.5", "-1", "0", str(2**31), str(2**63), str(2**64), str(10**30), "", " ", "1e3", "0x10",
                   "NaN", "\uff11", "9" * 5000, "%00", "1/2", "../..", "<script>"]

WRONG_JSON_VALUES: list[Any] = [None, 1, -1, 1.5, True, [], {}, ["x"], {"a": 1}, 10**30, "", "\u0000", "\ud800"]

LAUGHS = "".join([f"l0: &l0 [{', '.join(['x'] * 9)}]\n"] + [
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 9)])
MAP_LAUGHS = "".join([f"m0: &m0 {{{', '.join(f'k{j}: 1' for j in range(9))}}}\n"] + [
    f"m{i}: &m{i} {{{', '.join(f'k{j}: *m{i - 1}' for j in range(9))}}}\n" for i in range(1, 9)])
ROUTE_LINE = "path: [[10.0, 50.0], [10.0, 50.03]]  # due north"


def changed(old: str, new: str, text: str = SMALL_PARADE) -> str:
    assert old in text, old
    return text.replace(old, new)


HOSTILE_TEXTS = {
    "billion laughs as the route": LAUGHS + changed(ROUTE_LINE, "path: *l8"),
    "billion laughs as the points": MAP_LAUGHS + changed("points:\n", "points: *m8\n  xpoints:\n"),
    "billion laughs as the ground": LAUGHS + changed("ground:\n", "ground: *l8\nxground:\n"),
    "1,000-deep list": changed("name: Small parade", "name: " + "[" * 1000 + "]" * 1000),
    "1,000-deep mapping": changed("name: Small parade", "name: " + "{a: " * 1000 + "1" + "}" * 1000),
    "a !!python/object tag": changed("name: Small parade", "name: !!python/object:os.system {}"),
    "a !!python/object/apply tag": changed("name: Small parade",
                                           "name: !!python/object/apply:os.system ['echo owned']"),
    "!!float abc": changed("width_m: 40", "width_m: !!float abc"),
    "!!int abc": changed("ranks: 4", "ranks: !!int abc"),
    "2025-02-30": changed("2025-05-07", "2025-02-30"),
    "a NaN elevation": changed("air:\n", "air:\n  elevation_ft: .nan\n"),
    "a NaN elevation and no formation": PARADE + "air: {elevation_ft: .nan}\n",
    "an infinite width": changed("width_m: 40", "width_m: .inf"),
    "a zero-length route": changed(ROUTE_LINE, "path: [[10, 50], [10, 50]]"),
    "9999-12-31 at 23:59:50": changed('"10:40:00"', '"23:59:50"',
                                      changed("2025-05-07", "9999-12-31", changed('"10:05:00"', '"23:59:50"'))),
    "0001-01-01 at 00:00:10": changed("2025-05-07", "0001-01-01", changed('"10:05:00"', '"00:00:10"')),
    "an integer of 30 digits": changed("ranks: 4", f"ranks: {10**30}"),
    "a time zone of 10,000 letters": changed("Asia/Almaty", "A" * 10_000),
    "a time zone that is a path": changed("Asia/Almaty", "../../../../etc/passwd"),
    "a recursive alias": changed("name: Small parade", "name: &a [*a]"),
    "a NUL in a name": changed("name: Small parade", 'name: "Small\\0parade"'),
    "a list, not a mapping": "- 1\n- 2\n",
    "an empty text": "",
    "duplicate keys": changed("name: Small parade", "name: Small parade\nname: Other"),
    "a tab for indentation": changed("  width_m: 40", "\twidth_m: 40"),
}

DEEP_LIST = b"[" * 10_000 + b"]" * 10_000
DEEP_OBJECT = b'{"a":' * 10_000 + b"1" + b"}" * 10_000
PAST_THE_LIMIT = b" " * (MAX_BODY_BYTES + 1)


def json_bytes(value: Any) -> bytes:
    return json.dumps(value).encode("utf-8")


# --- the table ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One hostile request: what it sends, and to which operation."""

    operation: Operation
    what: str
    url: str
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.operation} {self.what}"


def json_case(operation: Operation, what: str, url: str, body: Any) -> Case:
    return Case(operation, what, url, None if body is None else json_bytes(body), {"content-type": "application/json"})


def path_cases(operation: Operation) -> Iterator[Case]:
    for name in operation.path_params:
        for value in HOSTILE_NUMBERS:
            yield json_case(operation, f"path {name}={value[:20]!r}", operation.url(**{name: value}),
                            operation.valid_body())


def query_cases(operation: Operation) -> Iterator[Case]:
    for name in operation.query:
        for value in [*HOSTILE_NUMBERS, "true"]:
            yield json_case(operation, f"query {name}={value[:20]!r}", operation.url({name: value}),
                            operation.valid_body())
        url = operation.url() + f"?{name}=1&{name}=abc"
        yield json_case(operation, f"query {name} twice", url, operation.valid_body())


def body_cases(operation: Operation) -> Iterator[Case]:
    """Bodies of the wrong shape, content or type, for an operation that takes one."""
    valid = operation.valid_body()
    if valid is None:
        return
    url = operation.url()
    for what, content in [("an empty body", b""), ("null", b"null"), ("a list", b"[]"), ("a string", b'"yaml"'),
                          ("a number", b"1"), ("true", b"true"), ("JSON cut short", b'{"yaml": '),
                          ("YAML, not JSON", b"name: x\n"), ("10,000-deep list", DEEP_LIST),
                          ("10,000-deep object", DEEP_OBJECT), ("bytes that are not UTF-8", b'{"yaml": "\xff\xfe"}'),
                          ("a NaN token", b'{"yaml": NaN, "message": NaN}'),
                          ("an integer of 5,000 digits", b'{"yaml": 1' + b"0" * 5000 + b"}"),
                          ("a body past the size limit", PAST_THE_LIMIT)]:
        yield Case(operation, what, url, content, {"content-type": "application/json"})
    for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                         "application/xml", "application/json; charset=utf-16", "application/vnd.fuzz+json"]:
        yield Case(operation, f"as {content_type}", url, json_bytes(valid), {"content-type": content_type})
    yield Case(operation, "without a content type", url, json_bytes(valid))
    yield json_case(operation, "an extra key", url, {**valid, "unexpected": {"nested": [1, 2]}})
    for key in operation.body_keys or ():
        yield json_case(operation, f"no {key}", url, {k: v for k, v in valid.items() if k != key})
        for value in WRONG_JSON_VALUES:
            yield json_case(operation, f"{key}={value!r}", url, {**valid, key: value})
        yield json_case(operation, f"{key} of 300,000 letters", url, {**valid, key: "x" * 300_000})
        yield json_case(operation, f"{key} nested 500 deep", url, {**valid, key: json.loads("[" * 500 + "]" * 500)})
    if "yaml" in (operation.body_keys or ()):
        yield json_case(operation, "a text one letter past the cap", url,
                        {**valid, "yaml": "#" * (MAX_SCENARIO_CHARS + 1)})


def text_cases(operation: Operation) -> Iterator[Case]:
    """Hostile scenario texts, for an operation whose body takes one."""
    if "yaml" in (operation.body_keys or ()):
        for what, text in HOSTILE_TEXTS.items():
            yield json_case(operation, f"text: {what}", operation.url(),
                            {**(operation.valid_body() or {}), "yaml": text})


def other_cases(operation: Operation) -> Iterator[Case]:
    """The request as it should be, and with a method the route does not take."""
    yield json_case(operation, "as it should be", operation.url(), operation.valid_body())
    yield Case(Operation("PATCH", operation.path, (), None), f"PATCH, not {operation.method}", operation.url())


def table() -> list[Case]:
    return [case for operation in OPERATIONS
            for cases in (path_cases, query_cases, body_cases, text_cases, other_cases)
            for case in cases(operation)]


CASES = table()


# --- sending them ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Client:
    """The app on its own database, with SMALL_PARADE as its one example, imported as scenario 1."""
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "examples").mkdir()
    (folder / "examples" / f"{EXAMPLE}.yaml").write_text(SMALL_PARADE, encoding="utf-8")
    return Client(create_app(app_settings(db=f"sqlite:///{folder / 'fuzz.db'}", examples=folder / "examples")))


class Recorder(logging.Handler):
    """Keeps every record at ERROR or above."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def internal_errors() -> Iterator[list[logging.LogRecord]]:
    """The errors the app logs meanwhile: the safety net that answers 500 logs each one it catches."""
    recorder = Recorder()
    logger = logging.getLogger("paradeplan.web")
    logger.addHandler(recorder)
    try:
        yield recorder.records
    finally:
        logger.removeHandler(recorder)


def send(client: Client, case: Case) -> httpx.Response:
    return client.request(case.operation.method, case.url, content=case.content, headers=case.headers)


def problems_with(client: Client, case: Case) -> list[str]:
    """What is wrong with the app's reply to a case (nothing, for a reply as issue 9 wants it)."""
    with internal_errors() as errors:
        response = send(client, case)
    wrong = []
    if response.status_code >= 500 or errors:
        wrong.append(f"{response.status_code} {response.text[:200]}; logged: {[e.getMessage() for e in errors]}")
    if "Traceback" in response.text or 'File "' in response.text:
        wrong.append(f"a traceback in the reply: {response.text[:200]}")
    if case.operation.is_api and response.status_code >= 400 and not has_detail(response):
        wrong.append(f"{response.status_code} without a JSON detail: {response.text[:200]}")
    if response.status_code == 201:
        wrong += unplanned(client, case, response.json())
    return wrong


def has_detail(response: httpx.Response) -> bool:
    try:
        return isinstance(response.json()["detail"], str)
    except (ValueError, KeyError, TypeError):
        return False


def unplanned(client: Client, case: Case, created: dict[str, Any]) -> list[str]:
    """For a reply that stored a version: every GET of that version that does not answer 200."""
    scenario_id = created.get("id") or int(case.url.split("/")[3])
    number = created.get("version") or created["number"]
    wrong = []
    for what in ("plan", "cards", "findings", "trips", "export/csv"):
        response = client.get(f"{API_URL}/scenarios/{scenario_id}/{what}?version={number}")
        if response.status_code != 200:
            wrong.append(f"saved, but {what} answers {response.status_code}: {response.text[:200]}")
    return wrong


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_hostile_request_gets_a_short_answer(live, case):
    assert problems_with(live, case) == []


def test_the_table_lists_every_api_route_the_openapi_description_gives(live):
    described = {(method.upper(), path) for path, methods in live.get("/openapi.json").json()["paths"].items()
                 for method in methods}
    assert {(o.method, o.path) for o in OPERATIONS if o.is_api} == described - {("GET", p) for p in ENDLESS}


def test_the_table_lists_the_pages():
    assert {"/", "/scenarios/{scenario_id}", "/scenarios/{scenario_id}/versions/{number}"} <= {
        o.path for o in OPERATIONS}


# --- random requests ----------------------------------------------------------------------------------

YAML_TOKENS = [".nan", ".inf", "-.inf", "-1", "0", "1e308", "99999999999999999999", "!!float abc", "!!int x",
               "*nowhere", "&a x", "[", "{", "'", '"', "~", "null", "true", "2025-02-30", "9999-12-31", "0001-01-01",
               '"25:61:61"', '"23:59:59"', "0x10", "1_000", "- x", "!!python/object:os.system {}", "!!binary x", "|",
               "[[10, 50], [10, 50]]", "[]", "{}", "''", "-0.0", "1e-320"]


@st.composite
def mutated_parades(draw: st.DrawFn) -> str:
    """SMALL_PARADE with one to three values replaced by something hostile, keys and indentation kept."""
    lines = SMALL_PARADE.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        key, colon, _ = lines[index].partition(":")
        value = draw(st.sampled_from(YAML_TOKENS) | st.text(max_size=12))
        lines[index] = f"{key}: {value}" if colon else value
    return "\n".join(lines) + "\n"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12)
PARAMETER_VALUES = (st.integers(-(2**70), 2**70).map(str) | st.sampled_from(["1", "2", "3"])
                    | st.text(max_size=12))


@st.composite
def random_cases(draw: st.DrawFn) -> Case:
    """A random operation with random path and query values and a random body: JSON of any shape, its own keys
    with random values (a mutated parade as the text), or bytes."""
    operation = draw(st.sampled_from(OPERATIONS))
    path = {name: draw(PARAMETER_VALUES) for name in operation.path_params}
    asked = draw(st.sets(st.sampled_from(operation.query))) if operation.query else set()
    query = {name: draw(PARAMETER_VALUES) for name in asked}
    valid = operation.valid_body()
    if valid is None:
        return Case(operation, "random", operation.url(query, **path))
    values = {key: draw(mutated_parades() if key == "yaml" else JSON_VALUES | st.just(value))
              for key, value in valid.items()}
    content = draw(st.sampled_from([json_bytes(values)]) | JSON_VALUES.map(json_bytes) | st.binary(max_size=64))
    return Case(operation, "random", operation.url(query, **path), content, {"content-type": "application/json"})


def random_requests_answered(client: Client, examples: int, *, derandomize: bool) -> None:
    """Send `examples` random requests; fail at the first whose reply is not as issue 9 wants it."""

    @settings(max_examples=examples, derandomize=derandomize, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(case=random_cases())
    def answered(case: Case) -> None:
        assert problems_with(client, case) == [], f"{case.operation} {case.url[:300]} {case.content!r:.300}"

    answered()


def test_random_requests_get_short_answers(live):
    random_requests_answered(live, RANDOM_EXAMPLES, derandomize=True)


@pytest.mark.fuzz
def test_many_random_requests_get_short_answers(live):
    random_requests_answered(live, FUZZ_EXAMPLES, derandomize=False)
