"""The demo world: the Kemendagri region list, the real units of the five scenarios, the
shipped instruments, and demo logins.

Loading is idempotent: running it again changes nothing (units are loaded through the same
import service organisers use, which leaves unchanged rows alone).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from django.db import transaction

from kinerja.common.tabular import read_table
from kinerja.demo.ekk2024 import load_ekk2024
from kinerja.demo.ekk2025 import load_ekk2025
from kinerja.demo.f01 import fill_demo_f01
from kinerja.demo.kovablik2023 import CYCLE_NAME as KOVABLIK
from kinerja.demo.kovablik2023 import load_kovablik2023
from kinerja.demo.pekppp2023 import load_pekppp2023
from kinerja.demo.sakip2023 import CYCLE_NAME as SAKIP2023
from kinerja.demo.sakip2023 import load_sakip2023
from kinerja.demo.skk2018 import CYCLE_NAME as SKK2018
from kinerja.demo.skk2018 import load_skk2018
from kinerja.demo.skk2023 import CYCLE_NAME as SKK2023
from kinerja.demo.skk2023 import load_skk2023
from kinerja.demo.skk2027 import load_skk2027
from kinerja.demo.skm import load_skm
from kinerja.demo.tenants import (
    ORGANISERS,
    PLATFORM_ADMIN,
    ensure_organisers,
    ensure_platform_admin,
)
from kinerja.instruments.services import ensure_library
from kinerja.units.imports import apply_unit_import, plan_unit_import
from kinerja.units.services import load_regions

DEMO_PASSWORD = "kinerja-demo"  # noqa: S105 — printed demo login, documented in the README


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    name: str


DEMO_USERS = [
    DemoLogin(PLATFORM_ADMIN, DEMO_PASSWORD, "platform_admin", "Kinerja"),
    *(DemoLogin(o.username, DEMO_PASSWORD, "organiser", o.position) for o in ORGANISERS),
]


def load_units() -> dict[str, int]:
    data = resources.files("kinerja.demo").joinpath("data/units.csv").read_bytes()
    plan = plan_unit_import(read_table(data, filename="units.csv"))
    if not plan.ok:  # shipped data: a failure here is a bug in the repository
        problems = [f"row {r.number}: {'; '.join(r.errors)}" for r in plan.error_rows]
        raise RuntimeError("demo units do not import: " + " | ".join(plan.file_errors + problems))
    if not (plan.count_create or plan.count_update):
        return {"created": 0, "updated": 0, "unchanged": plan.count_unchanged}
    return apply_unit_import(plan, by=None, source="demo/units.csv")


@transaction.atomic
def load_demo_world() -> list[DemoLogin]:
    """Create what is missing of the demo world and return the demo logins."""
    load_regions(by=None)
    load_units()
    ensure_library()
    ensure_organisers(DEMO_PASSWORD)
    ensure_platform_admin(DEMO_PASSWORD)
    load_pekppp2023(DEMO_PASSWORD)
    load_skm(DEMO_PASSWORD)
    load_kovablik2023(DEMO_PASSWORD)
    load_sakip2023(DEMO_PASSWORD)
    load_skk2018(DEMO_PASSWORD)
    load_skk2023(DEMO_PASSWORD)
    load_skk2027(DEMO_PASSWORD)
    load_ekk2024(DEMO_PASSWORD)
    cycle, cycle_logins = load_ekk2025(DEMO_PASSWORD)
    fill_demo_f01(cycle)
    roles = {
        "Unit operator": "unit_operator",
        "Unit head": "unit_head",
        "Team chair": "team_chair",
        "Evaluator": "evaluator",
    }
    pekppp_logins = [
        ("asisten.jakpus", "team_chair"),
        ("evaluator.kkpp1", "evaluator"),
        ("op.sudinsos", "unit_operator"),
        ("kepala.sudinsos", "unit_head"),
    ]
    return (
        DEMO_USERS
        + [
            DemoLogin(username, DEMO_PASSWORD, roles[role], f"{cycle.name}")
            for username, role in cycle_logins
        ]
        + [
            DemoLogin(username, DEMO_PASSWORD, role, "PEKPPP Mandiri Jakarta Pusat 2023")
            for username, role in pekppp_logins
        ]
        + [DemoLogin("panel.kovablik1", DEMO_PASSWORD, "evaluator", KOVABLIK)]
        + [
            DemoLogin("asisten.jatim", DEMO_PASSWORD, "team_chair", SKK2023),
            DemoLogin("juri.skk1", DEMO_PASSWORD, "evaluator", SKK2023),
            DemoLogin("op.junrejo", DEMO_PASSWORD, "unit_operator", SKK2023),
            DemoLogin("sakip.organisasi", DEMO_PASSWORD, "evaluator", SAKIP2023),
            DemoLogin("tim.bakorwil1", DEMO_PASSWORD, "team_chair", SKK2018),
            DemoLogin("tapem.pemkabbandung", DEMO_PASSWORD, "organiser", SKK2018),
        ]
    )
