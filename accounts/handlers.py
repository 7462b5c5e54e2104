"""django-axes handler for this project (settings.AXES_HANDLER)."""

from axes.handlers.database import AxesDatabaseHandler


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler without its own failure counting.

    accounts.services.password_attempt counts every attempt before the password is checked
    (so concurrent guesses cannot overshoot) and logs the failure; the user_login_failed
    signal Django sends afterwards must not count it a second time. Successful sign-ins
    still go to axes' access log, and axes' admin and reset commands work on our rows.
    """

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        return None
