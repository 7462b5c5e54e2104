"""Password hashing while the demo loads.

The demo's people all have the one published demo password, and the documents,
audits and reviews parts sign through the real signing services, which check that
password every time (some 70 checks). With Django's PBKDF2 (1,000,000 rounds) each
check costs about a second on a busy two-core machine: most of ``seed_demo``'s time.

``remembering_hasher()`` is used by ``seed_demo`` only, for the length of the command:
the default PBKDF2 hasher, with the same algorithm, rounds and stored format, that
hashes the demo password once (one salt for all demo accounts, whose password is
public anyway) and remembers the checks it has already done. The stored hashes are
ordinary ``pbkdf2_sha256$...`` strings, verified by the ordinary hasher at sign-in.
Nothing else in the project uses it; when the default hasher is not PBKDF2 (the test
settings' MD5) it changes nothing.
"""

import contextlib

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher
from django.test.utils import override_settings


class RememberingPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    _encoded: dict[tuple[str, int], str] = {}
    _verified: set[tuple[str, str]] = set()

    def encode(self, password, salt, iterations=None):
        key = (password, iterations or self.iterations)
        if key not in self._encoded:
            self._encoded[key] = super().encode(password, salt, iterations)
        return self._encoded[key]

    def verify(self, password, encoded):
        if (password, encoded) in self._verified:
            return True
        ok = super().verify(password, encoded)
        if ok:
            self._verified.add((password, encoded))
        return ok


@contextlib.contextmanager
def remembering_hasher():
    default = type(get_hasher("default"))
    if default is not PBKDF2PasswordHasher:
        yield
        return
    # In place of the default: Django looks a stored hash's hasher up by its algorithm
    # name, and the last hasher of a name wins.
    path = f"{__name__}.{RememberingPBKDF2PasswordHasher.__qualname__}"
    with override_settings(PASSWORD_HASHERS=[path, *settings.PASSWORD_HASHERS[1:]]):
        try:
            yield
        finally:
            RememberingPBKDF2PasswordHasher._encoded.clear()
            RememberingPBKDF2PasswordHasher._verified.clear()
