from django.views.i18n import set_language

from notifications.services import user_language_set


def language_switch(request):
    """Django's set_language, remembering the choice for the user's e-mails too."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and language:
        from django.conf import settings

        if language in dict(settings.LANGUAGES):
            user_language_set(user=request.user, language=language)
    return response
