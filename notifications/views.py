from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from notifications.filters import NotificationFilterSet
from notifications.models import Notification
from notifications.selectors import notification_list_for
from notifications.services import notification_mark_read, user_language_set
from qms.filters import filter_for_page


@login_required
def inbox(request):
    filterset = filter_for_page(NotificationFilterSet, request, notification_list_for(request.user))
    unread_only = bool(filterset.form.cleaned_data.get("unread"))
    page = Paginator(filterset.qs, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "unread_only": unread_only})


@login_required
def open_notification(request, pk):
    """Mark one notification read and go where it points."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(user=request.user, notification_id=notification.pk)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@require_POST
@login_required
def mark_all_read(request):
    notification_mark_read(user=request.user)
    return redirect("notifications:inbox")


def language_switch(request):
    """Django's set_language, remembering the choice for the user's e-mails too."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_language_set(user=request.user, language=language)
    return response
