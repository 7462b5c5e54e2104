"""Where a higher app plugs into audits (registered from its AppConfig.ready()).

Audits sits below nonconformities, so it never imports them: the nonconformities app
registers the function that opens a nonconformity record from a finding::

    from audits.hooks import finding_nc_opener_register

    finding_nc_opener_register(nonconformity_open_from_finding)

Without one, "open a nonconformity record" is refused with a message.
"""

from collections.abc import Callable

_finding_nc_opener: Callable | None = None


def finding_nc_opener_register(opener: Callable) -> None:
    """``opener(*, actor, finding)`` opens and returns the finding's nonconformity record.
    It is called inside the transaction that holds the finding's row lock, after the
    actor's right and the finding's state were checked. Registering again replaces it."""
    global _finding_nc_opener
    _finding_nc_opener = opener


def finding_nc_opener() -> Callable | None:
    return _finding_nc_opener
