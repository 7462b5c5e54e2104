"""The project's form renderer: Django's widgets in Bootstrap 5.3 classes.

Every app renders its fields with ``{{ field }}`` and ``{{ field.errors }}``; this
renderer (``FORM_RENDERER``) gives each widget the Bootstrap class for its kind
(``form-control``, ``form-select``, ``form-check-input``) unless the form already
set a class, marks a field with errors ``is-invalid``, shows error lists as
``invalid-feedback`` (non-field errors as an alert) and Django's empty choice "---------" as "— choose —" and
``{{ form }}``'s fields as
Bootstrap field groups (label, widget, ``form-text`` help, errors). No template
has to add classes by hand.
"""

from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext

DASHES = BLANK_CHOICE_DASH[0][1]  # Django's "---------" empty choice

WIDGETS = "django/forms/widgets/"
CHECK = "form-check-input"
SELECT = "form-select"
CONTROL = "form-control"
CHOICE_LISTS = ("checkbox_select.html", "radio.html")
NO_CLASS = {"hidden", "submit", "button", "reset", "image", "range", "color"}


def widget_class(widget):
    """The Bootstrap class for one widget's context dict (None: leave it alone)."""
    input_type = widget.get("type")
    template = widget.get("template_name", "")
    if input_type in NO_CLASS:
        return None
    if input_type in ("checkbox", "radio"):
        return CHECK
    if "select" in template.rsplit("/", 1)[-1]:
        return SELECT
    return CONTROL


def add_class(attrs, css):
    if not css or attrs.get("class"):
        return
    attrs["class"] = css


def dress(widget):
    """Add classes to a widget dict and to its options and sub-widgets."""
    attrs = widget.setdefault("attrs", {})
    css = widget_class(widget)
    choice_list = widget.get("template_name", "").endswith(CHOICE_LISTS)
    if not choice_list:
        add_class(attrs, css)
        if attrs.get("aria-invalid") == "true" and attrs.get("class") and "is-invalid" not in attrs["class"]:
            attrs["class"] += " is-invalid"
    for _group, options, _index in widget.get("optgroups") or ():
        for option in options:
            if choice_list:
                add_class(option.setdefault("attrs", {}), CHECK)
            if option.get("label") == DASHES:
                option["label"] = gettext("— choose —")
    for sub in widget.get("subwidgets") or ():
        dress(sub)


class BootstrapFormRenderer(DjangoTemplates):
    field_template_name = "qms/forms/field.html"

    def render(self, template_name, context, request=None):
        if template_name.startswith(WIDGETS) and isinstance(context.get("widget"), dict):
            dress(context["widget"])
        elif template_name == "django/forms/errors/list/default.html":
            template_name = "qms/forms/errors.html"
        return super().render(template_name, context, request=request)
