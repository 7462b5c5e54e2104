"""Where search plugs into the documents lifecycle (documents.services.LIFECYCLE_HOOKS):
a draft opened or edited has its text extracted (queued after the commit)."""


def on_draft_changed(*, version, **kwargs):
    from search.services import version_text_request

    version_text_request(version=version)


def register():
    from documents.services import lifecycle_hook_register

    lifecycle_hook_register("draft_opened", on_draft_changed)
    lifecycle_hook_register("draft_edited", on_draft_changed)
