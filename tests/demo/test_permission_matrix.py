"""The permission matrix of issue 10, generated from the URL conf.

Every named URL is filled with the real objects of each cycle of ``matrix_world`` (three
governments and a province's cycle with an invited kab/kota) and requested with GET and POST by
every role of that cycle and by the people of the other governments (one for each kind of
role they hold there: ``strangers_of``). ``MATRIX`` says, for each
URL, which roles of the cycle's own government get an answer (anything but 404, the login
redirect or 405); everybody else must get 404 (the anonymous visitor: the login page). A URL
missing from ``MATRIX`` fails the test, so a new page cannot ship without its row.

Expected for every URL and cycle: the listed roles are let in, nobody else is (in particular
nobody of another government, whatever their role there), no request answers 500, and the POSTs
of those refused change nothing: after the whole matrix every table holds the rows it held
before. (The POSTs of those let in run inside a savepoint that is rolled back, so each request
sees the same world.)

Set ``KINERJA_MATRIX_PRINT=1`` to print the observed matrix in ``MATRIX`` syntax.
"""

from __future__ import annotations

import os
from collections import defaultdict

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.demo.conftest import DEMO_WORLD, analyze, world_counts
from tests.demo.matrix_world import ANON, ROLES, build_targets, fill, patterns
from tests.demo.permission_matrix import MATRIX, OVERRIDES, SHARED, expected_roles

pytestmark = DEMO_WORLD

# A public page (an announced result) is the same for everybody: asked as the visitor, the
# organiser and a unit operator, not as every role and every other government's people.
PUBLIC_CHECKS = {ANON, "org", "op"}

# The cycles of ``build_targets``: three governments' own and the province's with an invited
# kab/kota.
TARGET_KEYS = ["ekk2024", "ekk2025", "pekppp", "skk"]

ALLOWED, DENIED, LOGIN, NOT_ALLOWED, ERROR = "allowed", "404", "login", "405", "500"


def outcome(response) -> str:
    if response.status_code == 404:
        return DENIED
    if response.status_code == 405:
        return NOT_ALLOWED
    if response.status_code >= 500:
        return ERROR
    if response.status_code == 302 and "/akun/masuk/" in response.get("Location", ""):
        return LOGIN
    if response.status_code == 401:  # the API's "send a token"
        return LOGIN
    return ALLOWED


class Requester:
    """One logged-in client per user; each (user, URL, method) requested once."""

    def __init__(self):
        self.clients: dict[object, Client] = {}
        self.seen: dict[tuple, str] = {}

    def client(self, user) -> Client:
        if user not in self.clients:
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
            self.clients[user] = client
        return self.clients[user]

    def request(self, user, url: str, method: str) -> str:
        key = (getattr(user, "pk", None), url, method)
        if key not in self.seen:
            client = self.client(user)
            if method == "get":
                result = outcome(client.get(url))
            else:
                # A POST let in may change the world; each one is undone, so every request of
                # the matrix sees the same objects. A refused POST that changed anything is
                # still seen by the row counts at the end (its own changes are kept).
                with transaction.atomic():
                    result = outcome(client.post(url))
                    if result == ALLOWED:
                        transaction.set_rollback(True)
                if user is not None and result == ALLOWED:
                    client.force_login(user)  # the POST may have been "log out"
            self.seen[key] = result
        return self.seen[key]


@pytest.fixture(scope="module")
def targets(demo_world, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        targets = build_targets()
        analyze()
        yield targets
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def requester(targets):
    """One for the four cycles: a page without a cycle in its URL (the task list, the cycle
    list, …) is asked once per person, not again for each cycle that person belongs to. Every
    request sees the same world (the POSTs let in are undone), so its answer is the same. The
    logged-in clients are made again for each test: its sessions end with its transaction."""
    return Requester()


def test_every_url_has_a_matrix_row():
    names = {name for name, _converters, _route in patterns()}

    assert sorted(names - set(MATRIX)) == []
    assert sorted(set(MATRIX) - names) == []
    assert sorted({name for name, _key in OVERRIDES} - names) == []


@pytest.mark.parametrize("key", TARGET_KEYS)
def test_permission_matrix(key, targets, requester):
    """One cycle's URLs (a test per cycle, so that the workers of ``make test`` share them)."""
    assert [t.key for t in targets] == TARGET_KEYS
    before = world_counts()
    requester.clients.clear()
    target = next(t for t in targets if t.key == key)
    strangers = strangers_of(target, targets)
    wrong, observed, checked = [], defaultdict(dict), 0

    for name, converters, route in patterns():
        url = reverse(name, kwargs=fill(target, converters, route))
        for method in ("get", "post"):
            allowed = expected_roles(name, target.key, method)
            seen = {}
            public = ANON in allowed
            for role in ROLES:
                if role not in target.people or (public and role not in PUBLIC_CHECKS):
                    continue
                result = requester.request(target.people[role], url, method)
                seen[role] = result
                if result == ERROR:
                    wrong.append((target.key, method, url, role, "500"))
                    continue
                let_in = result == ALLOWED
                refused_wrongly = not let_in and result not in refusals(role)
                if let_in != (role in allowed) or refused_wrongly:
                    wrong.append((target.key, method, url, role, result))
                checked += 1
            observed[name].setdefault(method, {})[target.key] = {
                role for role, result in seen.items() if result == ALLOWED
            }
            # A method the page does not take (405 to every role of its own government) is
            # not asked again by the others.
            no_method = bool(seen) and set(seen.values()) == {NOT_ALLOWED}
            shared = name in SHARED or (name, target.key) in SHARED
            asked = converters and not public and not no_method and not shared
            for user in strangers if asked else []:
                result = requester.request(user, url, method)
                checked += 1
                if result not in (DENIED, NOT_ALLOWED):
                    wrong.append((target.key, method, url, user.username, result))

    if os.environ.get("KINERJA_MATRIX_PRINT"):
        print_matrix(observed, [target])
    assert wrong == []
    assert checked > 1_000
    assert world_counts() == before


# Roles that hold the same rights on their own cycle: as strangers to another government's
# cycle, the second operator and the unassigned evaluator ask what the operator and the assigned
# evaluator ask.
SAME_AS_STRANGER = {"op2": "op", "ev2": "ev"}


def strangers_of(target, targets) -> list:
    """Everybody of the other governments (the platform administrator and the visitor aside),
    one person for each set of governments and roles held there."""
    tenants_of: dict[object, set[str]] = defaultdict(set)
    roles_of: dict[object, set[str]] = defaultdict(set)
    for other in targets:
        for role, user in other.people.items():
            tenants_of[user].add(other.tenant)
            roles_of[user].add(SAME_AS_STRANGER.get(role, role))
    kinds: dict[tuple, object] = {}
    for user, tenants in tenants_of.items():
        if user is None or user.is_superuser or target.tenant in tenants:
            continue
        kinds.setdefault((frozenset(tenants), frozenset(roles_of[user])), user)
    return list(kinds.values())


def refusals(role: str) -> set[str]:
    """How a refusal looks: 404 (the anonymous visitor: the login page, or 404 where a public
    page has nothing published); 405 for a method a page does not take."""
    return {LOGIN, DENIED, NOT_ALLOWED} if role == ANON else {DENIED, NOT_ALLOWED}


def print_matrix(observed, targets) -> None:  # pragma: no cover — a maintainer's aid
    present = {t.key: set(t.people) for t in targets}
    rows, overrides = [], []
    for name, methods in observed.items():
        union = {m: set().union(*methods.get(m, {}).values()) for m in ("get", "post")}
        rows.append(f'    "{name}": ("{spell(union["get"])}", "{spell(union["post"])}"),')
        for key in present:
            got = {m: methods.get(m, {}).get(key, set()) for m in ("get", "post")}
            if any(got[m] != union[m] & present[key] for m in got):
                overrides.append(
                    f'    ("{name}", "{key}"): ("{spell(got["get"])}", "{spell(got["post"])}"),'
                )
    print("\n".join(["MATRIX = {", *rows, "}", "OVERRIDES = {", *overrides, "}"]))


def spell(roles: set[str]) -> str:
    return " ".join(r for r in ROLES if r in roles)
