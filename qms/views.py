from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

from qms import errors
from qms.filters import FilterRefused
from qms.ui import panels_for, tiles_for


@login_required
def home(request):
    """The user's figures first (qms.ui tiles, each a link to its list), then each app's
    home panels, in registration order."""
    return render(
        request, "home.html", {"tiles": tiles_for(request.user), "panels": panels_for("home", request)}
    )


class service_call:  # noqa: N801 - used as a context manager, like a function
    """Run a service for a web view; a refusal becomes what the user reads.

    ``with service_call(request, form=form) as call:`` around the service call(s), then
    ``call.ok`` (it went through), ``call.on_form`` (the errors are on the form: render
    it again) or ``call.refused`` (the error is in the page's messages: redirect).

    - ``ValidationError``: each message on its field of ``form`` (a field the form does
      not have, or none: the form's non-field errors, or ``non_field`` when given); with
      no form, one message each.
    - ``DomainError`` (qms.errors): on ``form``'s field when the error names one the form
      has (a refused signature password), otherwise a message. ``errors.NotFound``: 404.
    - ``PermissionDenied``: 404, a forbidden object looks like a missing one; or, with
      ``forbidden_message=True`` (the user sees the record, only may not do this), a message.
    - ``show=False`` puts nothing in the messages; ``call.message`` has the text.

    Anything else propagates (a 500 is a bug, not a refusal).
    """

    def __init__(self, request, *, form=None, non_field=None, forbidden_message=False, show=True):
        self.request = request
        self.form = form
        self.non_field = non_field
        self.forbidden_message = forbidden_message
        self.show = show
        self.error = None
        self.on_form = False
        self.messages: list[str] = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc is None:
            return False
        if isinstance(exc, errors.NotFound):
            raise Http404(str(exc)) from None
        if isinstance(exc, PermissionDenied):
            if not self.forbidden_message:
                raise Http404("Not found.") from None
            self._tell(exc, [str(exc) or _("You may not do this.")])
            return True
        if isinstance(exc, ValidationError):
            if self.form is not None:
                self._on_form(exc, _field_messages(exc))
            else:
                self._tell(exc, [str(message) for message in exc.messages])
            return True
        if isinstance(exc, errors.DomainError):
            if self.form is not None and exc.field in self.form.fields:
                self._on_form(exc, {exc.field: [str(exc.message)]})
            else:
                self._tell(exc, [str(exc.message)])
            return True
        return False

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def refused(self) -> bool:
        """Refused and told in the page's messages (not on the form)."""
        return self.error is not None and not self.on_form

    @property
    def message(self) -> str:
        return " ".join(self.messages)

    def _tell(self, exc, texts):
        self.error = exc
        self.messages = texts
        if self.show:
            for text in texts:
                messages.error(self.request, text)

    def _on_form(self, exc, by_field):
        self.error = exc
        self.on_form = True
        for field, texts in by_field.items():
            self.messages += texts
            if field is None:
                field = self.non_field
            self.form.add_error(field if field in self.form.fields else None, texts)


def _field_messages(error: ValidationError) -> dict[str | None, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in texts] for field, texts in error.message_dict.items()}
    return {None: [str(m) for m in error.messages]}


def bad_request(request, exception):
    """400: a page's refused filter shows what was wrong and a way back to the full list;
    anything else gets Django's plain answer."""
    if isinstance(exception, FilterRefused):
        return render(request, "400.html", {"errors": exception.errors, "list_url": request.path}, status=400)
    return defaults.bad_request(request, exception)


def not_found(request, exception):
    """404: under /api/ the API's JSON body (an address no route matches, e.g. a
    non-numeric id), elsewhere Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def permission_denied(request, exception):
    """403 in the site's layout; under /api/ a JSON body as the API's own answers."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("You do not have permission to perform this action.")}, status=403)
    return defaults.permission_denied(request, exception)


def server_error(request):
    """500: a static page (no context processors, no database: they may be what failed);
    under /api/ a JSON body."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    return HttpResponseServerError(loader.get_template("500.html").render())


def stored_file_response(stored, *, default_name: str = "evidence") -> FileResponse:
    """Stream an uploaded file (a record with ``file``, ``file_name`` and
    ``file_content_type``, as qms.uploads stores them) as a private download. The caller
    has already fetched ``stored`` through a selector that checks the user's right."""
    if not stored.file:
        raise Http404("No file.")
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404("File missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=stored.file_name or default_name,
        content_type=stored.file_content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
