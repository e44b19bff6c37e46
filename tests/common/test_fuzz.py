"""Fuzzing every form of the app the way the hardening review found its 500s (issue 11).

The POST endpoints come from the URL conf (``patterns()`` of the permission matrix), filled with
the objects of the small assessments world (an EKK cycle, Mantrijeron and Kraton, the shared
personas, a team chair). The fields of each endpoint are read from the rendered pages: every
``<form method="post">`` of every page each persona can see, grouped by the URL it posts to.
Hypothesis then posts generated values, the hostile ones of the report among them (huge
exponents, Unicode digits, NUL, extreme dates, very long text, negative ``TOTAL_FORMS``), as each
persona, once while F01 is open and once while scoring is open, and every answer must be
anything but a 500 (the test client re-raises a view's exception, so no exception either).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.assessments.queries import scope_for

# The shared worlds (pytest registers imported fixtures).
from ..assessments.conftest import media, moment_in, team, world  # noqa: F401
from ..demo.matrix_world import MISSING, patterns

HOSTILE = [
    "1e1000000",
    "1e10000000",
    "-1e-1000000",
    "9" * 5000,
    "²",
    "٣",
    "Juara; ²",
    "Juara; top ²",
    "a\x00b",
    "\x00",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "2024-02-30",
    "x" * 100_000,
    "-1",
    "",
    " ",
    "NaN",
    "Infinity",
    "1/0",
    "{",
    "<script>",
]
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=12),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(str),
)

# Downloads and generated documents: slow to render and read no form.
SKIP = re.compile(r"pdf|xlsx|download|preview|rekap|template|healthz|photo$|wet_ink|logout")
# Posted last, because they change what the other forms may do (submit, close, copy, ...).
LATE = re.compile(r"submit|close|confirm|copy|accounts|withdraw|unseat|determination|done")
EXAMPLES = 4


def filled(world, team, route_kwargs: dict) -> dict:  # noqa: F811
    """Values for the URL's arguments: the world's objects, or an id nobody has."""
    cycle, participant = world.cycle, world.mantrijeron
    indicator = scope_for(cycle).indicator(scope_for(cycle).counted_refs[0])
    version = cycle.instrument_version
    known = {
        "cycle_id": cycle.pk,
        "participant_id": participant.pk,
        "member_id": team.evaluator.pk,
        "unit_id": participant.unit_id,
        "ref": indicator.ref,
        "slot": indicator.evidence[0].code if indicator.evidence else "x",
        "code": version.instrument.code,
        "version": version.version,
        "object_type": "cycle",
        "object_id": str(cycle.pk),
        "fmt": "yaml",
        "kind": "juara",
        "family": "ekk",
    }
    return {name: known.get(name, MISSING) for name in route_kwargs}


def endpoints(world, team) -> dict[str, str]:  # noqa: F811
    """Every named URL with its arguments filled: {name: path}."""
    found = {}
    for name, converters, _route in patterns():
        if SKIP.search(name):
            continue
        kwargs = filled(world, team, converters)
        if name.startswith("units:") and "pk" in kwargs:
            kwargs["pk"] = world.mantrijeron.unit_id
        if name == "units:region":
            kwargs["code"] = world.mantrijeron.unit.region.code
        try:
            found[name] = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return found


class Forms(HTMLParser):
    """The forms of a page: method, action and each field's current value (what a browser
    would post back unchanged: checked boxes, selected options, textarea text)."""

    def __init__(self, here: str):
        super().__init__(convert_charrefs=True)
        self.here = here
        self.forms: list[tuple[str, str, dict[str, str]]] = []
        self.current: dict[str, str] | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.current = {}
            action = (a.get("action") or self.here).split("?")[0]
            self.forms.append((a.get("method", "get").lower(), action, self.current))
        elif self.current is None or tag not in ("input", "select", "option", "textarea"):
            return
        elif tag == "input" and a.get("name") and a.get("type") != "file":
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a or a["name"] not in self.current:
                    self.current[a["name"]] = a.get("value", "on") if "checked" in a else ""
            else:
                self.current[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.select = a.get("name")
            if self.select:
                self.current.setdefault(self.select, "")
        elif tag == "option" and self.select:
            if "selected" in a or not self.current[self.select]:
                self.current[self.select] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self.textarea = a["name"]
            self.current[self.textarea] = ""

    def handle_data(self, data):
        if self.textarea and self.current is not None:
            self.current[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def page_forms(page: str, here: str) -> list[tuple[str, str, dict[str, str]]]:
    parser = Forms(here)
    parser.feed(page)
    for _method, _action, fields in parser.forms:
        fields.pop("csrfmiddlewaretoken", None)
    return parser.forms


def discover(client, people, urls):
    """What each endpoint is posted (``posts``: name -> its forms' current values) and the query
    parameters each page reads (``queries``: path -> its names and the personas who saw it),
    from every page every persona sees.
    """
    posts: dict[str, list[dict[str, str]]] = {name: [] for name in urls}
    queries: dict[str, tuple[set[str], list]] = {}
    by_path = {path: name for name, path in urls.items()}
    for user in people:
        client.force_login(user)
        for path in urls.values():
            response = client.get(path)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for method, action, fields in page_forms(response.content.decode(), path):
                if method == "get":
                    names, seen_by = queries.setdefault(action, (set(), []))
                    names.update(fields)
                    if user not in seen_by:
                        seen_by.append(user)
                    continue
                try:
                    resolve(action)
                except Resolver404:
                    continue
                name = by_path.get(action)
                if name is not None and fields not in posts[name]:
                    posts[name].append(fields)
    return posts, queries


def mutated(bases: list[dict[str, str]]):
    """A form as the page would post it, with some fields replaced by generated values."""
    bases = bases or [{}]

    @st.composite
    def build(draw):
        data = dict(draw(st.sampled_from(bases)))
        names = [*sorted(data), "form-TOTAL_FORMS", "value"]
        for name in draw(st.sets(st.sampled_from(names), min_size=1, max_size=3)):
            data[name] = draw(VALUES)
        return data

    return build()


def poster(client, people, path: str, label: str, data, failures: list[str]):
    """A hypothesis test sending ``data`` (a strategy) to ``path`` as one of ``people``."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=data, who=st.sampled_from(people))
    def send(data, who):
        client.force_login(who)
        response = client.get(path, data) if label == "get" else client.post(path, data)
        if response.status_code >= 500:
            failures.append(f"{label} {path} as {who.username}: {sorted(data.items())!r:.300}")

    return send


DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def hostile_for(value: str) -> list[str]:
    """The hostile values worth trying in a field that holds ``value`` (judged by its look)."""
    if DATE.match(value):
        rest = value[10:]
        return ["0001-01-01" + rest, "9999-12-31" + rest]
    if value.strip().lstrip("-").replace(".", "", 1).replace(",", "", 1).isdigit():
        return ["1e1000000", "²", "9" * 5000]
    return ["a\x00b ²"]


LATER_ROW = re.compile(r"^form-[1-9][0-9]*-")  # a formset's other rows are the same form


def sweep(client, who, path: str, label: str, base: dict[str, str], failures: list[str]):
    """Each field of ``base`` in turn replaced by the hostile values for it, the rest unchanged;
    then every field at once replaced by a 100,000-character text."""
    send = client.get if label == "get" else client.post
    tries = [
        (name, hostile)
        for name, value in sorted(base.items())
        if not LATER_ROW.match(name)
        for hostile in hostile_for(value)
    ]
    for name, hostile in tries:
        response = send(path, base | {name: hostile})
        if response.status_code >= 500:
            failures.append(f"{label} {path} as {who.username}: {name}={hostile!r:.40}")
    response = send(path, dict.fromkeys(base, "x" * 100_000))
    if response.status_code >= 500:
        failures.append(f"{label} {path} as {who.username}: 100,000 characters everywhere")


def fuzz(client, people, urls, posts, queries) -> list[str]:
    """Send generated values to every endpoint as every persona allowed there; the 500s."""
    failures: list[str] = []
    for path, (names, seen_by) in sorted(queries.items()):
        params = st.fixed_dictionaries(dict.fromkeys(sorted(names), VALUES))
        poster(client, seen_by, path, "get", params, failures)()
        for who in seen_by:
            client.force_login(who)
            sweep(client, who, path, "get", dict.fromkeys(names, "1"), failures)
    order = sorted(urls, key=lambda name: (bool(LATE.search(name)), name))
    for name in order:
        path = urls[name]
        allowed = []
        for who in people:
            client.force_login(who)
            status = client.post(path, {}).status_code
            if status >= 500:
                failures.append(f"post {path} as {who.username}: empty post")
            if status not in (404, 405):
                allowed.append(who)
        if allowed:
            poster(client, allowed, path, "post", mutated(posts[name]), failures)()
            client.force_login(allowed[0])
            for base in posts[name]:
                sweep(client, allowed[0], path, "post", base, failures)
            if any("form-TOTAL_FORMS" in base for base in posts[name]):
                sweep(client, allowed[0], path, "post", {"form-TOTAL_FORMS": "1"}, failures)
    return failures


@pytest.fixture
def personas(world, team, make_user):  # noqa: F811
    admin = make_user("admin.platform")
    admin.is_superuser = admin.is_staff = True
    admin.save(update_fields=["is_superuser", "is_staff"])
    return [
        world.organiser,
        world.operator_a,
        world.head_a,
        world.evaluator,
        team.chair_user,
        admin,
    ]


@pytest.mark.parametrize("phase", ["f01", "scoring"])
def test_no_form_answers_500_to_generated_values(client, world, team, media, personas, phase):  # noqa: F811
    client.raise_request_exception = False  # a view's exception becomes a 500 to collect
    urls = endpoints(world, team)
    clock = moment_in(world.stage("paparan")) if phase == "scoring" else None
    traveller = time_machine.travel(clock, tick=False) if clock else None
    if traveller:
        traveller.start()
    try:
        posts, queries = discover(client, personas, urls)

        failures = fuzz(client, personas, urls, posts, queries)
    finally:
        if traveller:
            traveller.stop()

    assert failures == []
