from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.selectors import version_get_for_user
from qms.views import service_call
from search import selectors, services
from search.forms import SearchForm
from search.permissions import may_search_history

PAGE_SIZE = 20


@login_required
def search(request):
    form = SearchForm(request.GET or None, may_search_history=may_search_history(request.user))
    context = {"form": form, "query": "", "page": None, "hits": [], "facets": None}
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        query = form.cleaned_data["q"]
        results = selectors.search(request.user, query, **form.search_kwargs())
        versions = results.versions.select_related("document", "document__doc_type", "document__department")
        paginator = Paginator(versions, PAGE_SIZE)
        paginator.count = results.count  # known: no COUNT query
        page = paginator.get_page(request.GET.get("page"))
        context.update(
            capped=results.capped,
            result_limit=selectors.RESULT_LIMIT,
            query=query,
            page=page,
            hits=selectors.hits_with_snippets(list(page.object_list), query),
            facets=selectors.facets(versions),
        )
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "search/search.html", context, status=status)


@login_required
@require_POST
def retry(request, pk):
    version = version_get_for_user(request.user, pk)
    with service_call(request) as call:
        services.version_text_retry(actor=request.user, version=version)
    if call.ok:
        messages.success(request, _("The text of this revision will be extracted again."))
    return redirect("documents:version_detail", pk=version.pk)
