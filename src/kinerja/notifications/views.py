"""A person's notifications: the list (newest first, unread marked), marking them read, and
turning the e-mails off or on. Everyone sees only their own."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from kinerja.notifications import services
from kinerja.notifications.forms import EmailChoiceForm
from kinerja.notifications.queries import notifications_of


class NotificationListView(LoginRequiredMixin, TemplateView):
    template_name = "notifications/list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        user = self.request.user
        page = Paginator(notifications_of(user), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            page=page,
            notifications=page.object_list,
            email_form=EmailChoiceForm(initial={"email_notifications": user.email_notifications}),
            email_possible=settings.KINERJA_EMAIL_ENABLED,
            **kwargs,
        )


class MarkReadView(LoginRequiredMixin, View):
    def post(self, request):
        ids = [int(v) for v in request.POST.getlist("id") if v.isdigit() and len(v) < 19]
        services.mark_read(request.user, ids=ids or None)
        return redirect("notifications:list")


class EmailChoiceView(LoginRequiredMixin, View):
    def post(self, request):
        form = EmailChoiceForm(request.POST)
        form.is_valid()  # a box: anything but "on" is off
        enabled = bool(form.cleaned_data.get("email_notifications"))
        services.set_email(request.user, enabled=enabled)
        messages.success(
            request,
            _("Notifications will also come by e-mail.")
            if enabled
            else _("Notifications will no longer come by e-mail."),
        )
        return redirect("notifications:list")
