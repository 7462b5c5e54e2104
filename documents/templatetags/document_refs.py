"""How another record (NC, audit, change request, checklist) names a document it links to:
number and title for a reader who may see the document, the number alone otherwise, so a
link never reveals a confidential title (issue 10, D1)."""

from django import template

from documents.selectors import document_ids_visible_among

register = template.Library()


@register.simple_tag(takes_context=True)
def document_label(context, document) -> str:
    if document is None:
        return ""
    request = context.get("request")
    user = context.get("viewer") or (request.user if request is not None else None)
    if user is None:  # a record printed for whoever will read it: never a confidential title
        return document.number if document.is_confidential else f"{document.number} {document.title}"
    cache = context.render_context.setdefault("document_label_visible", {})
    key = (user.pk, document.pk)
    if key not in cache:
        cache[key] = document.pk in document_ids_visible_among(user, [document.pk])
    return f"{document.number} {document.title}" if cache[key] else document.number
