from documents.permissions import user_is_officer


def may_manage_extraction(user) -> bool:
    """Officers see the extraction state on the version page and restart it."""
    return user_is_officer(user)


def may_search_history(user) -> bool:
    """Officers may include superseded and obsolete revisions in a search."""
    return user_is_officer(user)
