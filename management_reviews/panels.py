"""Context of the panels management_reviews shows on the shared pages (registered in ui.py)."""

from django.db.models import Exists

from audits.models import Clause
from audits.selectors import clauses_of_document
from documents.permissions import user_is_officer
from management_reviews import selectors
from management_reviews.permissions import user_sees_all_reviews
from qms.ui import SubqueryCount, count_or_hidden


def sees_traceability(user) -> bool:
    return user.is_authenticated and (user_sees_all_reviews(user) or user_is_officer(user))


def open_actions_count(user):
    """The user's open review actions; hidden (None) when none."""
    if not user.is_authenticated:
        return None
    return count_or_hidden(selectors.open_decisions_of(user))


def document_facts(request, document):
    """Asked with the page's other small questions in one query (qms.ui)."""
    return {
        "mapped": Exists(clauses_of_document(document)),
        "clause_count": SubqueryCount(Clause.objects.all()),
    }


def document_panel(request, document, facts):
    """The ISO 9001 clauses the document implements; officers change them here."""
    from management_reviews.forms import DocumentClausesForm

    mapped = list(clauses_of_document(document)) if facts["mapped"] else []
    may_map = user_is_officer(request.user)
    if not mapped and not may_map:
        return None
    form = DocumentClausesForm(initial={"clauses": mapped}) if may_map else None
    return {
        "document": document,
        "clauses": mapped,
        "clause_form": form,
        "clause_count": facts["clause_count"],
    }
