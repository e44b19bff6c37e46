"""The navigation bar: only what the user's roles allow."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request):
    user = getattr(request, "user", None)
    items = [
        {"label": _("Results"), "url": reverse("common:home"), "key": "home"},
        {"label": _("Innovations"), "url": reverse("catalogue:list"), "key": "innovations"},
        {"label": _("IKM"), "url": reverse("survey_public:ikm_list"), "key": "ikm"},
    ]
    if user is not None and user.is_authenticated:
        # The badge of waiting tasks is fetched after the page loads (tasks:count).
        items.insert(
            0,
            {
                "label": _("My tasks"),
                "url": reverse("tasks:home"),
                "key": "tasks",
                "badge_url": reverse("tasks:count"),
            },
        )
        items.append({"label": _("Cycles"), "url": reverse("cycles:list"), "key": "cycles"})
        if user.has_perm("surveys.manage"):
            items.append(
                {"label": _("Surveys"), "url": reverse("surveys:manage"), "key": "surveys"}
            )
        if user.has_perm("units.view_tree"):
            items.append({"label": _("Units"), "url": reverse("units:regions"), "key": "units"})
        if user.has_perm("instruments.view"):
            items.append(
                {
                    "label": _("Instruments"),
                    "url": reverse("instruments:list"),
                    "key": "instruments",
                }
            )
        if user.has_perm("tenancy.manage_platform"):
            items.append(
                {"label": _("Organisers"), "url": reverse("tenancy:seats"), "key": "seats"}
            )
        if user.has_perm("audit.view_events"):
            items.append(
                {"label": _("Audit trail"), "url": reverse("audit:events"), "key": "audit"}
            )
    path = request.path if request is not None else ""
    for item in items:
        item["active"] = path == item["url"] or (
            item["key"] != "home" and path.startswith(item["url"])
        )
    return {"nav_items": items}
