"""The stage page's formset posted back as a browser would (shared by the stage tests)."""

from __future__ import annotations

from django.urls import reverse


def stage_url(cycle) -> str:
    return reverse("cycles:stages", args=[cycle.pk])


def posted_plan(client, cycle) -> dict[str, str]:
    """The stage page's formset as the browser would post it back, unchanged."""
    formset = client.get(stage_url(cycle)).context["formset"]
    count = len(formset.initial_forms)
    data = {
        "form-TOTAL_FORMS": str(count),
        "form-INITIAL_FORMS": str(count),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, form in enumerate(formset.initial_forms):
        for name in form.fields:
            value = form.initial.get(name)
            if name in {"starts_at", "ends_at"}:
                value = value.strftime("%Y-%m-%dT%H:%M")
            if name == "id":
                value = form.instance.pk
            if isinstance(value, bool):
                if value:
                    data[f"form-{i}-{name}"] = "on"
                continue
            data[f"form-{i}-{name}"] = "" if value is None else value
    return data
