"""Officers' page of reminders that could not be delivered, with a retry button."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reminders import registry, selectors, services
from reminders.models import Reminder

PAGE_SIZE = 50


def _officer_or_404(user):
    if not user.has_perm("reminders.view_delivery_failures"):
        raise Http404("No such page.")


@login_required
def failed_view(request):
    _officer_or_404(request.user)
    page_obj = Paginator(selectors.failed_deliveries(), PAGE_SIZE).get_page(request.GET.get("page"))
    for reminder in page_obj:
        kind = registry.kind_get(reminder.kind)
        reminder.kind_label = (kind.label or kind.name) if kind else reminder.kind
    return render(request, "reminders/failed.html", {"page_obj": page_obj})


@login_required
@require_POST
def retry_view(request, pk):
    _officer_or_404(request.user)
    try:
        services.reminder_retry(actor=request.user, reminder_id=pk)
    except (Reminder.DoesNotExist, PermissionDenied):
        raise Http404("No such reminder.") from None
    messages.success(request, _("The reminder is queued to be sent again."))
    return redirect("reminders:failed")
