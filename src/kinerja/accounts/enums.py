from django.utils.translation import gettext_lazy as _

ROLE_LABELS = {
    "platform_admin": _("Platform administrator"),
    "organiser": _("Organiser"),
    "unit_operator": _("Unit operator"),
    "unit_head": _("Unit head"),
    "evaluator": _("Evaluator"),
    "team_chair": _("Team chair"),
}
