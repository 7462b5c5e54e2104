"""Sign-in page (behind the lockout) and the officers' page of lockouts and API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import LiftForm, LockoutAuthenticationForm
from qms.views import service_call


class LoginView(auth_views.LoginView):
    authentication_form = LockoutAuthenticationForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        refusal = form.refusal
        if refusal is not None:
            response.status_code = 429
            response["Retry-After"] = str(refusal.retry_after)
        return response


def _officer_or_404(user):
    if not services.is_officer(user):
        raise Http404("No such page.")


@login_required
def security_view(request):
    _officer_or_404(request.user)
    return render(
        request,
        "accounts/security.html",
        {
            "lockouts": selectors.lockout_list_active(),
            "failures": selectors.failure_list_recent(),
            "tokens": selectors.token_list(),
            "events": selectors.security_event_list_recent(),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "unknown_address": services.UNKNOWN_ADDRESS,
        },
    )


@login_required
@require_POST
def lift_view(request):
    _officer_or_404(request.user)
    form = LiftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That lock could not be found."))
        return redirect("accounts:security")
    username, address = form.cleaned_data["username"], form.cleaned_data["address"] or None
    if services.lockout_lift(actor=request.user, username=username, address=address):
        messages.success(request, _("The lock on %(username)s is lifted.") % {"username": username})
    else:
        messages.info(request, _("%(username)s was not locked (any more).") % {"username": username})
    return redirect("accounts:security")


@login_required
@require_POST
def token_revoke_view(request, user_id):
    _officer_or_404(request.user)
    user = get_object_or_404(get_user_model(), pk=user_id)
    with service_call(request) as call:
        revoked = services.token_revoke(actor=request.user, user=user)
    if call.ok and revoked:
        messages.success(
            request, _("The API token of %(username)s is revoked.") % {"username": user.get_username()}
        )
    return redirect("accounts:security")
